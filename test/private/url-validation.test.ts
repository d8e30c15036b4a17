import { accessLogFields } from '../../src/private/access-log-fields';
import { isHttpsUrl } from '../../src/private/url-validation';

describe('isHttpsUrl', () => {
  test.each(['https://example.com', 'HTTPS://example.com/in?x=1', 'https://example.com:8443/'])('%s is an https URL', (url) => {
    expect(isHttpsUrl(url)).toBe(true);
  });
  test.each(['http://example.com', 'https://', 'https:///path', 'https:// example.com', 'ftp://example.com', 'example.com'])(
    '%s is not', (url) => {
      expect(isHttpsUrl(url)).toBe(false);
    });
});

describe('accessLogFields', () => {
  test('lists the fields of a JSON access-log format in order, quoted and unquoted variables alike', () => {
    expect(accessLogFields('{"requestId":"$context.requestId","latency":$context.responseLatency,"sub":"$context.authorizer.claims.client_id"}'))
      .toEqual(['requestId', 'latency', 'sub']);
  });
});
