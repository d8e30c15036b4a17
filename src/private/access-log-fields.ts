/**
 * The field names of a JSON access-log format, in order: every `$context` variable is replaced by a number so that
 * the format parses as JSON.
 */
export function accessLogFields(format: string): string[] {
  return Object.keys(JSON.parse(format.replace(/:\$context\.[A-Za-z_.]+/g, ':0')));
}
