import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OAuthUserPool } from '../../src/auth';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, testStack, templateOf } from '../util';

const POOL = 'AWS::Cognito::UserPool';

describe('OAuthUserPool defaults', () => {
  const stack = testStack();
  const pool = new OAuthUserPool(stack, 'Pool');
  const template = templateOf(stack);

  test('feature plan PLUS with threat protection enforced for standard and custom authentication', () => {
    template.hasResourceProperties(POOL, {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: {
        AdvancedSecurityMode: 'ENFORCED',
        AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'ENFORCED' },
      },
    });
  });

  test('MFA required with TOTP only, and no SMS role', () => {
    template.hasResourceProperties(POOL, {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      SmsConfiguration: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('password policy: 14 characters, all classes, history of 24', () => {
    template.hasResourceProperties(POOL, {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          PasswordHistorySize: 24,
          TemporaryPasswordValidityDays: 3,
        },
      },
    });
  });

  test('self sign-up off, case-insensitive usernames, e-mail recovery', () => {
    template.hasResourceProperties(POOL, {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: false },
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
  });

  test('deletion protection and RETAIN', () => {
    template.hasResource(POOL, {
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('no domain, no resource servers, no roles, no trigger', () => {
    expect(pool.domain).toBeUndefined();
    expect(pool.resourceServers).toEqual([]);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.hasResourceProperties(POOL, { LambdaConfig: Match.absent() });
  });

  test('exposes the user pool', () => {
    expect(pool.userPool.node.path).toBe('Test/Pool/Resource');
  });

  test('zero AwsSolutions findings without acknowledgements', () => {
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
    const acks = stack.node.findAll().flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(acks).toEqual([]);
  });

  test('zero ApiBaselineChecks findings', () => {
    expect(findings(new ApiBaselineChecks(), stack)).toEqual({});
  });
});

describe('OAuthUserPool options', () => {
  test('userPoolName, selfSignUpEnabled, signInAliases', () => {
    const stack = testStack();
    new OAuthUserPool(stack, 'Pool', {
      userPoolName: 'orders-users',
      selfSignUpEnabled: true,
      signInAliases: { email: true },
    });
    templateOf(stack).hasResourceProperties(POOL, {
      UserPoolName: 'orders-users',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UsernameAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
    });
  });

  test('smsMfa adds SMS as a second factor with its SNS role', () => {
    const stack = testStack();
    new OAuthUserPool(stack, 'Pool', { smsMfa: true });
    const template = templateOf(stack);
    template.hasResourceProperties(POOL, {
      MfaConfiguration: 'ON',
      EnabledMfas: Match.arrayWith(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']),
      SmsConfiguration: Match.objectLike({ ExternalId: Match.anyValue() }),
    });
    template.resourceCountIs('AWS::IAM::Role', 1);
  });

  test('the SMS role acknowledges only the unscopable sns:Publish wildcard', () => {
    const stack = testStack();
    new OAuthUserPool(stack, 'Pool', { smsMfa: true });
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
    const acks = stack.node.findAll().flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(JSON.stringify(acks.map((m) => m.data))).toMatch(/AwsSolutions-IAM5\[Resource::\*\]/);
    expect(acks).toHaveLength(1);
  });

  test('passwordMinLength and passwordHistorySize', () => {
    const stack = testStack();
    new OAuthUserPool(stack, 'Pool', { passwordMinLength: 20, passwordHistorySize: 5 });
    templateOf(stack).hasResourceProperties(POOL, {
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 20, PasswordHistorySize: 5 }) },
    });
  });

  test('removalPolicy and deletionProtection can be relaxed', () => {
    const stack = testStack();
    new OAuthUserPool(stack, 'Pool', { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    templateOf(stack).hasResource(POOL, {
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
      DeletionPolicy: 'Delete',
    });
  });

  test('a Cognito domain prefix', () => {
    const stack = testStack();
    const pool = new OAuthUserPool(stack, 'Pool', { domain: { cognitoDomainPrefix: 'orders-login' } });
    expect(pool.domain).toBeDefined();
    templateOf(stack).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'orders-login',
      CustomDomainConfig: Match.absent(),
    });
  });

  test('a custom domain with its certificate', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert',
      'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555');
    new OAuthUserPool(stack, 'Pool', { domain: { customDomainName: 'auth.example.com', certificate } });
    templateOf(stack).hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'auth.example.com',
      CustomDomainConfig: { CertificateArn: certificate.certificateArn },
    });
  });
});

describe('OAuthUserPool validation', () => {
  test('passwordMinLength is at least 14', () => {
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordMinLength: 13 }))
      .toThrow('"passwordMinLength" must be an integer between 14 and 99 (set "allowShortPasswords" to allow 12 or 13), got 13');
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordMinLength: 14 })).not.toThrow();
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordMinLength: 100 })).toThrow(/"passwordMinLength" must be an integer between 14 and 99/);
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordMinLength: 99 })).not.toThrow();
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordMinLength: 14.5 })).toThrow(/"passwordMinLength"/);
  });

  test('allowShortPasswords lowers the floor to 12', () => {
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordMinLength: 11, allowShortPasswords: true }))
      .toThrow('"passwordMinLength" must be an integer between 12 and 99, got 11');
    const stack = testStack();
    expect(() => new OAuthUserPool(stack, 'P', { passwordMinLength: 12, allowShortPasswords: true })).not.toThrow();
    templateOf(stack).hasResourceProperties(POOL, {
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12 }) },
    });
  });

  test('passwordHistorySize is 1-24', () => {
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordHistorySize: 0 }))
      .toThrow('"passwordHistorySize" must be an integer between 1 and 24, got 0');
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordHistorySize: 25 })).toThrow(/"passwordHistorySize"/);
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordHistorySize: 1 })).not.toThrow();
    expect(() => new OAuthUserPool(testStack(), 'P', { passwordHistorySize: 24 })).not.toThrow();
  });

  test('domain needs exactly one of cognitoDomainPrefix and customDomainName', () => {
    expect(() => new OAuthUserPool(testStack(), 'P', { domain: {} }))
      .toThrow(/"domain" must set exactly one of "cognitoDomainPrefix" and "customDomainName"/);
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/x');
    expect(() => new OAuthUserPool(stack, 'P', {
      domain: { cognitoDomainPrefix: 'orders', customDomainName: 'auth.example.com', certificate },
    })).toThrow(/"domain" must set exactly one/);
  });

  test('a custom domain needs a certificate, a Cognito prefix takes none', () => {
    expect(() => new OAuthUserPool(testStack(), 'P', { domain: { customDomainName: 'auth.example.com' } }))
      .toThrow('"domain.certificate" is required with "customDomainName", got undefined');
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/x');
    expect(() => new OAuthUserPool(stack, 'P', { domain: { cognitoDomainPrefix: 'orders', certificate } }))
      .toThrow(/"domain.certificate" is only used with "customDomainName"/);
  });

  test.each(['Orders', '-orders', 'orders-', 'my-aws-login', 'cognito-x', 'amazonlogin', 'a'.repeat(64), 'a_b'])(
    'cognitoDomainPrefix %p is refused', (prefix) => {
      expect(() => new OAuthUserPool(testStack(), 'P', { domain: { cognitoDomainPrefix: prefix } }))
        .toThrow(/"domain.cognitoDomainPrefix" must be 1-63 lowercase letters, digits or inner hyphens/);
    });

  test.each(['a', 'orders-login-1', 'a'.repeat(63)])('cognitoDomainPrefix %p is accepted', (prefix) => {
    expect(() => new OAuthUserPool(testStack(), 'P', { domain: { cognitoDomainPrefix: prefix } })).not.toThrow();
  });
});

describe('OAuthUserPool scopes', () => {
  const pool = new OAuthUserPool(testStack(), 'Pool');
  pool.addResourceServer('orders', { scopes: { read: 'Read', write: 'Write' } });
  pool.addResourceServer('Billing', { identifier: 'https://billing.example.com', scopes: { read: 'Read' } });

  test('hasScope() looks up full scope names', () => {
    expect(pool.hasScope('orders/read')).toBe(true);
    expect(pool.hasScope('https://billing.example.com/read')).toBe(true);
    expect(pool.hasScope('orders/delete')).toBe(false);
    expect(pool.hasScope('payments/read')).toBe(false);
    expect(pool.hasScope('read')).toBe(false);
  });

  test('scope() returns the handle of the resource server', () => {
    expect(pool.scope('orders/write')).toBe(pool.resourceServers[0].scope('write'));
    expect(pool.scope('https://billing.example.com/read').resourceServerIdentifier).toBe('https://billing.example.com');
  });

  test('scope() with an unknown name names the prop and lists the defined scopes', () => {
    expect(() => pool.scope('orders/delete')).toThrow(
      '"scope" must be a scope defined by a resource server of the pool (defined scopes: orders/read, orders/write, https://billing.example.com/read), got "orders/delete"');
  });

  test('scope() on a pool without resource servers', () => {
    expect(() => new OAuthUserPool(testStack(), 'P').scope('orders/read')).toThrow(/\(defined scopes: none\)/);
  });
});
