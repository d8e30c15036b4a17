/**
 * The line (1-based) of each resource's logical id in a template's text, for reports that point into the file. Read
 * from the lines under the top-level `Resources` key: the keys at the indentation of its first entry. A template
 * written on one line (minified JSON) gives no lines.
 */
export function resourceLines(text: string): Map<string, number> {
  const lines = text.split('\n');
  const out = new Map<string, number>();
  const start = lines.findIndex((l) => /^\s{0,2}["']?Resources["']?\s*:\s*(\{\s*)?(#.*)?\r?$/.test(l));
  if (start < 0) return out;
  const outer = indentOf(lines[start]);
  let level: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#.*)?\r?$/.test(line)) continue;
    const indent = indentOf(line);
    if (indent <= outer && !/^\s*[}\]]/.test(line)) break;
    if (level === undefined) level = indent;
    if (indent !== level) continue;
    const key = /^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s:#'"][^:#]*?))\s*:/.exec(line);
    if (key) out.set(key[1] ?? key[2] ?? key[3], i + 1);
  }
  return out;
}

function indentOf(line: string): number {
  return line.length - line.replace(/^\s+/, '').length;
}
