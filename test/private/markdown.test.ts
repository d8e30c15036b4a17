import { markdownCell } from '../../src/private/markdown';

describe('markdownCell', () => {
  test('escapes pipes and turns line breaks into spaces', () => {
    expect(markdownCell('a | b\nc\r\nd')).toBe('a \\| b c d');
  });

  test('drops leading and trailing spaces and leaves other text alone', () => {
    expect(markdownCell('  `code` and *text*  ')).toBe('`code` and *text*');
  });
});
