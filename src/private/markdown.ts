/**
 * Makes text safe for one cell of a Markdown table: line breaks become spaces and `|` is escaped, so a cell cannot
 * end its row or split into two cells. Leading and trailing spaces are dropped.
 */
export function markdownCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}
