import { Lazy } from 'aws-cdk-lib';
import { OAuthScope } from '../../src/auth';

describe('OAuthScope', () => {
  test('joins the resource server identifier and the scope name', () => {
    const scope = new OAuthScope('orders', 'read', 'Read orders');
    expect(scope.scopeName).toBe('orders/read');
    expect(scope.resourceServerIdentifier).toBe('orders');
    expect(scope.name).toBe('read');
    expect(scope.description).toBe('Read orders');
    expect(scope.toString()).toBe('orders/read');
  });

  test('converts to a Cognito custom scope', () => {
    expect(new OAuthScope('orders', 'write').toCognitoScope().scopeName).toBe('orders/write');
  });

  test('identifiers may be URLs', () => {
    const scope = new OAuthScope('https://api.example.com', 'read');
    expect(scope.scopeName).toBe('https://api.example.com/read');
  });

  test('fromScopeName splits at the last slash', () => {
    const scope = OAuthScope.fromScopeName('https://api.example.com/read');
    expect(scope.resourceServerIdentifier).toBe('https://api.example.com');
    expect(scope.name).toBe('read');
    expect(OAuthScope.fromScopeName('orders/read').scopeName).toBe('orders/read');
  });

  test.each(['orders', '/read', 'orders/'])('fromScopeName refuses %p', (value) => {
    expect(() => OAuthScope.fromScopeName(value)).toThrow(/"scopeName" must have the form "<resource server identifier>\/<scope name>"/);
  });

  test('refuses scope names with a slash, a space or a quote', () => {
    expect(() => new OAuthScope('orders', 'read/all')).toThrow(/"scopes" must have scope names of 1-256 printable ASCII characters.*got "read\/all"/);
    expect(() => new OAuthScope('orders', 'read all')).toThrow(/"scopes" must have scope names/);
    expect(() => new OAuthScope('orders', '')).toThrow(/"scopes" must have scope names/);
    expect(() => new OAuthScope('orders', 'a'.repeat(257))).toThrow(/"scopes" must have scope names/);
    expect(() => new OAuthScope('orders', 'a'.repeat(256))).not.toThrow();
  });

  test('refuses identifiers with a space, a quote or a backslash', () => {
    expect(() => new OAuthScope('my orders', 'read')).toThrow(/"identifier" must be 1-256 printable ASCII characters.*got "my orders"/);
    expect(() => new OAuthScope('a"b', 'read')).toThrow(/"identifier"/);
    expect(() => new OAuthScope('', 'read')).toThrow(/"identifier"/);
    expect(() => new OAuthScope('a'.repeat(256), 'read')).not.toThrow();
  });

  test('skips validation of unresolved tokens', () => {
    const token = Lazy.string({ produce: () => 'orders' });
    expect(() => new OAuthScope(token, 'read')).not.toThrow();
  });
});
