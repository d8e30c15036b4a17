import { RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { OAuthScope, OAuthUserPool } from '../../src/auth';
import { testStack, templateOf } from '../util';

const ROLES = { admin: ['orders/read', 'orders/write'], viewer: ['orders/read'] };

function poolWithRoles(roles: { [role: string]: string[] } = ROLES) {
  const stack = testStack();
  const pool = new OAuthUserPool(stack, 'Pool', { roles });
  const orders = pool.addResourceServer('orders', { scopes: { read: 'Read', write: 'Write' } });
  return { stack, pool, orders };
}

describe('roles', () => {
  test('a Cognito group per role', () => {
    const { stack } = poolWithRoles();
    const template = templateOf(stack);
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'admin',
      UserPoolId: { Ref: Match.stringLikeRegexp('Pool') },
      Description: 'Members get the OAuth scopes: orders/read, orders/write',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'viewer' });
  });

  test('a V2 pre-token-generation trigger carries the role map', () => {
    const { stack } = poolWithRoles();
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('PoolRoleScopes'), 'Arn'] },
          LambdaVersion: 'V2_0',
        },
      },
    });
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 5,
      Environment: {
        Variables: Match.objectLike({
          ROLE_SCOPES: JSON.stringify({ admin: ['orders/read', 'orders/write'], viewer: ['orders/read'] }),
        }),
      },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('PoolRoleScopesLogs') } },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Pool'), 'Arn'] },
    });
  });

  test('the trigger role may only write its own log group', () => {
    const { stack } = poolWithRoles();
    const template = templateOf(stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } }],
      },
      ManagedPolicyArns: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('PoolRoleScopesLogs'), 'Arn'] },
        }],
      },
    });
  });

  test('the trigger log group is KMS-encrypted, kept a year and retained', () => {
    const { stack } = poolWithRoles();
    templateOf(stack).hasResource('AWS::Logs::LogGroup', {
      Properties: Match.objectLike({
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('PoolRoleScopesLogsKey'), 'Arn'] },
        RetentionInDays: 365,
      }),
      DeletionPolicy: 'Retain',
    });
  });

  test('addRole adds a group and shares the one trigger', () => {
    const { stack, pool, orders } = poolWithRoles({ viewer: ['orders/read'] });
    const group = pool.addRole('editor', [orders.scope('write'), orders.scope('read')]);
    expect(stack.resolve(group.groupName)).toEqual({ Ref: expect.stringMatching(/^PoolRoleeditor/) });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ROLE_SCOPES: JSON.stringify({ viewer: ['orders/read'], editor: ['orders/write', 'orders/read'] }),
        }),
      },
    });
  });

  test('duplicate scopes of a role are listed once in the map', () => {
    const { stack } = poolWithRoles({ admin: ['orders/read', 'orders/read'] });
    templateOf(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ROLE_SCOPES: JSON.stringify({ admin: ['orders/read'] }) }) },
    });
  });

  test('role scopes must be defined by a resource server (checked at synth)', () => {
    const { stack } = poolWithRoles({ admin: ['orders/read', 'orders/delete'] });
    expect(() => templateOf(stack))
      .toThrow(/"roles.admin\[1\]" must be a scope defined by a resource server of the pool \(defined scopes: orders\/read, orders\/write\), got "orders\/delete"/);
  });

  test('addRole refuses unknown scopes at once', () => {
    const { pool } = poolWithRoles({});
    expect(() => pool.addRole('admin', [OAuthScope.fromScopeName('billing/read')]))
      .toThrow(/"scopes\[0\]" must be a scope defined by a resource server of the pool .*got "billing\/read"/);
  });

  test('a role needs at least one scope', () => {
    expect(() => poolWithRoles({ admin: [] })).toThrow('"roles.admin" must list at least one scope, got []');
    const { pool } = poolWithRoles({});
    expect(() => pool.addRole('admin', [])).toThrow('"scopes" must list at least one scope, got []');
  });

  test('role names are 1-128 characters without whitespace', () => {
    expect(() => poolWithRoles({ 'order admins': ['orders/read'] }))
      .toThrow('"roles" must be a role name of 1-128 characters without whitespace, got "order admins"');
    const { pool, orders } = poolWithRoles({});
    expect(() => pool.addRole('a'.repeat(129), [orders.scope('read')])).toThrow(/"name" must be a role name/);
    expect(() => pool.addRole('a'.repeat(128), [orders.scope('read')])).not.toThrow();
  });

  test('role names are unique', () => {
    const { pool, orders } = poolWithRoles({ admin: ['orders/read'] });
    expect(() => pool.addRole('admin', [orders.scope('write')]))
      .toThrow('"name" must be unique among the roles of the pool, got "admin"');
  });

  test('the role map must fit in the Lambda environment', () => {
    const roles: { [role: string]: string[] } = {};
    for (let i = 0; i < 200; i++) roles[`role-number-${i}`] = ['orders/read', 'orders/write'];
    const { stack } = poolWithRoles(roles);
    expect(() => templateOf(stack)).toThrow(/"roles" must fit in 3500 characters of JSON \(Lambda environment limit\)/);
  });

  test('a role named __proto__ gets its scopes (computed key or addRole)', () => {
    const { stack } = poolWithRoles({ ['__proto__']: ['orders/read'], admin: ['orders/write'] });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: '__proto__' });
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as any[];
    const map = JSON.parse(fn.Properties.Environment.Variables.ROLE_SCOPES);
    expect(Object.prototype.hasOwnProperty.call(map, '__proto__')).toBe(true);
    expect(Object.entries(map)).toEqual([['__proto__', ['orders/read']], ['admin', ['orders/write']]]);

    const other = poolWithRoles({});
    other.pool.addRole('__proto__', [other.orders.scope('read')]);
    const json = JSON.parse((Object.values(templateOf(other.stack).findResources('AWS::Lambda::Function'))[0] as any)
      .Properties.Environment.Variables.ROLE_SCOPES);
    expect(Object.entries(json)).toEqual([['__proto__', ['orders/read']]]);
  });

  test('a __proto__ literal (which sets the prototype, not a role) is refused instead of dropped', () => {
    const roles = JSON.parse('{}');
    Object.setPrototypeOf(roles, { admin: ['orders/read'] });
    expect(() => poolWithRoles(roles)).toThrow(/"roles" must be a plain object of role name → scope names .*computed key/);
  });

  test('roles whose group ids would collide (a/b and a-b) are refused naming both', () => {
    expect(() => poolWithRoles({ 'a/b': ['orders/read'], 'a-b': ['orders/write'] }))
      .toThrow('"roles" must not collide with the role "a/b": both would become the Cognito group construct "Role-a-b" '
        + '("/" is written as "-"); rename one of them, got "a-b"');
    const { pool, orders } = poolWithRoles({ 'a-b': ['orders/read'] });
    expect(() => pool.addRole('a/b', [orders.scope('read')])).toThrow(/"name" must not collide with the role "a-b"/);
    expect(() => pool.addRole('a/c', [orders.scope('read')])).not.toThrow();
  });

  test('role groups are retained by default (memberships survive a renamed or removed role)', () => {
    const { stack } = poolWithRoles();
    const groups = templateOf(stack).findResources('AWS::Cognito::UserPoolGroup');
    expect(Object.values(groups)).toHaveLength(2);
    for (const group of Object.values(groups) as any[]) {
      expect(group.DeletionPolicy).toBe('Retain');
      expect(group.UpdateReplacePolicy).toBe('Retain');
    }
  });

  test('role groups follow the pool\'s removalPolicy', () => {
    const stack = testStack();
    new OAuthUserPool(stack, 'Pool', { roles: ROLES, removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false })
      .addResourceServer('orders', { scopes: { read: 'Read', write: 'Write' } });
    for (const group of Object.values(templateOf(stack).findResources('AWS::Cognito::UserPoolGroup')) as any[]) {
      expect(group.DeletionPolicy).toBe('Delete');
    }
  });

  test('a user client that lists a role-gated scope is warned about at synth, whichever comes first', () => {
    const { stack, pool, orders } = poolWithRoles({ viewer: ['orders/read'] });
    pool.addUserClient('Web', { callbackUrls: ['https://app.example.com/cb'], scopes: [orders.scope('read')] });
    pool.addUserClient('Plain', { callbackUrls: ['https://app.example.com/cb'] });
    const late = pool.addUserClient('Late', { callbackUrls: ['https://app.example.com/cb'], scopes: [orders.scope('write')] });
    pool.addRole('editor', [orders.scope('write')]);
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Test/Pool/Resource/Web',
      Match.stringLikeRegexp('lists the scope "orders/read", which the role\\(s\\) "viewer" gate'));
    annotations.hasWarning(`/${late.node.path}`,
      Match.stringLikeRegexp('lists the scope "orders/write", which the role\\(s\\) "editor" gate'));
    annotations.hasNoWarning('/Test/Pool/Resource/Plain', Match.anyValue());
  });

  test('machine clients may hold role-gated scopes without a warning', () => {
    const { stack, pool, orders } = poolWithRoles();
    pool.addMachineClient('Service', { scopes: [orders.scope('write')] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('role-gated|gate'));
  });
});
