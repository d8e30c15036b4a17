import { Match } from 'aws-cdk-lib/assertions';
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
});
