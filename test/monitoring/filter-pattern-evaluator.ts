/**
 * A small evaluator for the subset of CloudWatch Logs JSON filter patterns the behaviour filters use:
 * `{ $.field OP value }` terms joined with `&&` / `||`, grouped with parentheses. Values are numbers (compared only
 * with JSON numbers) or double-quoted strings (`*` is a wildcard). A selector that does not exist never matches.
 */

type Token = { kind: 'punct' | 'op' | 'selector' | 'string' | 'number'; text: string };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(\{|\}|\(|\)|&&|\|\||!=|<=|>=|=|<|>|\$\.[A-Za-z0-9_.]+|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)/y;
  let pos = 0;
  while (pos < pattern.length) {
    if (/^\s*$/.test(pattern.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(pattern);
    if (!m) throw new Error(`cannot parse filter pattern at ${pos}: ${pattern}`);
    const text = m[1];
    pos = re.lastIndex;
    if ('{}()'.includes(text)) tokens.push({ kind: 'punct', text });
    else if (text === '&&' || text === '||' || /^(!=|<=|>=|=|<|>)$/.test(text)) tokens.push({ kind: 'op', text });
    else if (text.startsWith('$.')) tokens.push({ kind: 'selector', text: text.slice(2) });
    else if (text.startsWith('"')) tokens.push({ kind: 'string', text: JSON.parse(text) });
    else tokens.push({ kind: 'number', text });
  }
  return tokens;
}

type Node =
  | { type: 'cmp'; path: string; op: string; value: string | number }
  | { type: 'and' | 'or'; left: Node; right: Node };

/** Parses a JSON filter pattern into a tree; throws on anything outside the supported subset. */
export function parseFilterPattern(pattern: string): Node {
  const tokens = tokenize(pattern);
  let i = 0;
  const expect = (text: string) => {
    if (tokens[i]?.text !== text) throw new Error(`expected ${text} in ${pattern}`);
    i++;
  };
  const term = (): Node => {
    if (tokens[i]?.text === '(') {
      i++;
      const inner = expr();
      expect(')');
      return inner;
    }
    const sel = tokens[i++];
    const op = tokens[i++];
    const val = tokens[i++];
    if (sel?.kind !== 'selector' || op?.kind !== 'op' || (val?.kind !== 'string' && val?.kind !== 'number')) {
      throw new Error(`unsupported term in ${pattern}`);
    }
    return { type: 'cmp', path: sel.text, op: op.text, value: val.kind === 'number' ? Number(val.text) : val.text };
  };
  const expr = (): Node => {
    let left = term();
    while (tokens[i]?.text === '&&' || tokens[i]?.text === '||') {
      const type = tokens[i++].text === '&&' ? 'and' : 'or';
      left = { type, left, right: term() };
    }
    return left;
  };
  expect('{');
  const tree = expr();
  expect('}');
  if (i !== tokens.length) throw new Error(`trailing tokens in ${pattern}`);
  return tree;
}

/** The `$.` selectors (without `$.`) a pattern reads. */
export function selectorsOf(pattern: string): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'cmp') {
      out.push(n.path);
    } else {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(parseFilterPattern(pattern));
  return out;
}

function lookup(event: unknown, path: string): unknown {
  let cur: any = event;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function compare(actual: unknown, op: string, expected: string | number): boolean {
  if (actual === undefined) return false;
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    switch (op) {
      case '=': return actual === expected;
      case '!=': return actual !== expected;
      case '<': return actual < expected;
      case '>': return actual > expected;
      case '<=': return actual <= expected;
      case '>=': return actual >= expected;
    }
    return false;
  }
  if (typeof actual !== 'string') return false;
  const re = new RegExp(`^${expected.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  if (op === '=') return re.test(actual);
  if (op === '!=') return !re.test(actual);
  throw new Error(`operator ${op} is not defined for strings`);
}

/** Does the log line (a JSON object) match the pattern? */
export function matches(pattern: string, line: string): boolean {
  const event = JSON.parse(line);
  const evaluate = (n: Node): boolean => {
    if (n.type === 'cmp') return compare(lookup(event, n.path), n.op, n.value);
    return n.type === 'and' ? evaluate(n.left) && evaluate(n.right) : evaluate(n.left) || evaluate(n.right);
  };
  return evaluate(parseFilterPattern(pattern));
}
