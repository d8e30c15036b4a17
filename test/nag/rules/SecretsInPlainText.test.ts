import { CfnParameter, Fn, SecretValue } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ruleFindings, testStack } from '../../util';

const RULE = 'SecretsInPlainText';
const ID = `ApiBaseline-${RULE}`;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

function fn(stack: any, id: string, environment: { [name: string]: string }) {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), environment,
  });
}

describe('SecretsInPlainText', () => {
  test('Noncompliance 1: Lambda environment variables with credential names and literal values', () => {
    const stack = testStack();
    fn(stack, 'Password', { DB_PASSWORD: 'hunter2-hunter2' });
    fn(stack, 'ApiKey', { stripeApiKey: 'abc123def456' });
    fn(stack, 'Token', { GITHUB_TOKEN: 'not-a-real-token-value' });
    fn(stack, 'Unsafe', { CLIENT_SECRET: SecretValue.unsafePlainText('s3cr3t').unsafeUnwrap() });
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Password/Resource', 'Test/ApiKey/Resource', 'Test/Token/Resource', 'Test/Unsafe/Resource']);
  });

  test('Noncompliance 2: values that are credentials whatever the name (access key, JWT, private key, connection string)', () => {
    const stack = testStack();
    fn(stack, 'AccessKey', { AWS_KEY: 'AKIAABCDEFGHIJKLMNOP' });
    fn(stack, 'Jwt', { AUTH: `Bearer ${JWT}` });
    fn(stack, 'Pem', { CERT: '-----BEGIN RSA PRIVATE KEY-----\nMIIB...' });
    fn(stack, 'Conn', { DATABASE_URL: 'postgres://app:hunter2@db.example.com:5432/orders' });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toHaveLength(4);
  });

  test('Noncompliance 3: REST stage variables, deployment stage variables and HTTP API stage variables', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { variables: { backendPassword: 'p4ssw0rd!' } } });
    api.root.addMethod('GET', new apigw.MockIntegration());
    new apigw.CfnDeployment(stack, 'Deployment', { restApiId: 'abc', stageName: 'dev', stageDescription: { variables: { apiKey: 'k-123456789' } } });
    new apigwv2.CfnStage(stack, 'V2', { apiId: 'abc', stageName: 'prod', stageVariables: { token: 'tok_live_abc' } });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Api/DeploymentStage.prod/Resource', 'Test/Deployment', 'Test/V2']);
  });

  test('Noncompliance 4: a secret attribute of another resource and a parameter default', () => {
    const stack = testStack();
    const key = new iam.CfnAccessKey(stack, 'Key', { userName: 'u' });
    fn(stack, 'Attr', { AWS_SECRET: key.attrSecretAccessKey });
    const password = new CfnParameter(stack, 'DbPassword', { default: 'hunter2-hunter2' });
    fn(stack, 'Param', { DB_PASSWORD: password.valueAsString });
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.paths).toEqual(['Test/Attr/Resource', 'Test/Param/Resource']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    fn(stack, 'Fn', {
      SECRET_ARN: secret.secretArn,
      DB_SECRET_NAME: 'prod/orders/db',
      DB_SECRET: 'prod/orders/db',
      PASSWORD_PARAMETER: '/orders/db/password',
      TOKEN_TABLE_NAME: 'tokens',
      TABLE_NAME: 'orders',
      API_KEY_HEADER: 'x-api-key',
      REVIEW_API_KEYS: 'true',
      TOKEN_VALIDITY_MINUTES: '60',
      PASSWORD_MIN_LENGTH: '14',
      TOKEN_ENDPOINT: 'https://auth.example.com/oauth2/token',
      DATABASE_URL: 'postgres://db.example.com:5432/orders',
      DB_PASSWORD: secret.secretValue.unsafeUnwrap(),
      SSM_PASSWORD: '{{resolve:ssm-secure:/orders/db/password}}',
      EMPTY_TOKEN: '',
    });
    new apigwv2.CfnStage(stack, 'V2', { apiId: 'abc', stageName: 'prod', stageVariables: { backendHost: 'backend.example.com' } });
    const found = ruleFindings(RULE, stack);
    expect(Object.keys(found)).toEqual([]);
  });

  test('Unresolvable: a credential-named variable from a parameter without default, or an import, gives a warning', () => {
    const stack = testStack();
    const password = new CfnParameter(stack, 'DbPassword', { noEcho: true });
    fn(stack, 'Param', { DB_PASSWORD: password.valueAsString });
    fn(stack, 'Import', { API_TOKEN: Fn.importValue('Token') });
    fn(stack, 'Harmless', { TABLE: Fn.importValue('Table') });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Param/Resource', 'Test/Import/Resource']);
  });
});
