import { Match } from 'aws-cdk-lib/assertions';
import { OAuthUserPool } from '../../src/auth';
import { testStack, templateOf } from '../util';

describe('OAuthResourceServer', () => {
  test('creates a resource server with its scopes; identifier and name default to the id', () => {
    const stack = testStack();
    const pool = new OAuthUserPool(stack, 'Pool');
    const orders = pool.addResourceServer('orders', { scopes: { read: 'Read orders', write: 'Create orders' } });

    expect(orders.identifier).toBe('orders');
    expect(pool.resourceServers).toEqual([orders]);
    expect(orders.scopes.map((s) => s.scopeName)).toEqual(['orders/read', 'orders/write']);
    templateOf(stack).hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'orders',
      Name: 'orders',
      UserPoolId: { Ref: Match.stringLikeRegexp('Pool') },
      Scopes: [
        { ScopeName: 'read', ScopeDescription: 'Read orders' },
        { ScopeName: 'write', ScopeDescription: 'Create orders' },
      ],
    });
  });

  test('identifier and name can be set', () => {
    const stack = testStack();
    const pool = new OAuthUserPool(stack, 'Pool');
    const api = pool.addResourceServer('Api', {
      identifier: 'https://api.example.com',
      name: 'Orders API',
      scopes: { read: 'Read' },
    });
    expect(api.identifier).toBe('https://api.example.com');
    expect(api.scope('read').scopeName).toBe('https://api.example.com/read');
    templateOf(stack).hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'https://api.example.com',
      Name: 'Orders API',
    });
  });

  test('scope() returns typed handles', () => {
    const pool = new OAuthUserPool(testStack(), 'Pool');
    const orders = pool.addResourceServer('orders', { scopes: { read: 'Read orders' } });
    const read = orders.scope('read');
    expect(read.scopeName).toBe('orders/read');
    expect(read.name).toBe('read');
    expect(read.resourceServerIdentifier).toBe('orders');
    expect(read.description).toBe('Read orders');
    expect(orders.hasScope('read')).toBe(true);
    expect(orders.hasScope('write')).toBe(false);
  });

  test('scope() with an unknown name names it and lists the defined scopes', () => {
    const pool = new OAuthUserPool(testStack(), 'Pool');
    const orders = pool.addResourceServer('orders', { scopes: { read: 'Read', write: 'Write' } });
    expect(() => orders.scope('delete'))
      .toThrow('"scope" is not defined by resource server "orders" (defined scopes: read, write), got "delete"');
  });

  test('needs at least one scope', () => {
    const pool = new OAuthUserPool(testStack(), 'Pool');
    expect(() => pool.addResourceServer('orders', { scopes: {} })).toThrow(/"scopes" must define at least one scope/);
    expect(() => pool.addResourceServer('orders2', { scopes: { read: 'Read' } })).not.toThrow();
  });

  test('allows at most 100 scopes', () => {
    const pool = new OAuthUserPool(testStack(), 'Pool');
    const scopes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, `Scope ${i}`]));
    expect(() => pool.addResourceServer('a', { scopes: scopes(101) })).toThrow(/"scopes" must define at most 100 scopes, got 101/);
    expect(() => pool.addResourceServer('b', { scopes: scopes(100) })).not.toThrow();
  });

  test('scope descriptions must be 1-256 characters', () => {
    const pool = new OAuthUserPool(testStack(), 'Pool');
    expect(() => pool.addResourceServer('a', { scopes: { read: '' } }))
      .toThrow(/"scopes.read" must be a description of 1-256 characters, got ""/);
    expect(() => pool.addResourceServer('b', { scopes: { read: 'x'.repeat(257) } })).toThrow(/"scopes.read"/);
    expect(() => pool.addResourceServer('c', { scopes: { read: 'x'.repeat(256) } })).not.toThrow();
  });

  test('scope names are validated', () => {
    const pool = new OAuthUserPool(testStack(), 'Pool');
    expect(() => pool.addResourceServer('a', { scopes: { 'read all': 'Read' } })).toThrow(/"scopes" must have scope names/);
  });

  test('identifiers are unique within the pool', () => {
    const pool = new OAuthUserPool(testStack(), 'Pool');
    pool.addResourceServer('orders', { scopes: { read: 'Read' } });
    expect(() => pool.addResourceServer('Other', { identifier: 'orders', scopes: { read: 'Read' } }))
      .toThrow(/"identifier" must be unique among the resource servers of the pool, got "orders"/);
    expect(() => pool.addResourceServer('Other', { identifier: 'orders2', scopes: { read: 'Read' } })).not.toThrow();
  });
});
