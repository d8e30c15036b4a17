import { CfnParameter, Fn, SecretValue } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-ApiKeyNoLiteralValue';
const LITERAL = 'partner-key-0123456789abcdef';

describe('ApiKeyNoLiteralValue', () => {
  test('Noncompliance 1: L2 API key with a literal value', () => {
    const stack = testStack();
    new apigw.ApiKey(stack, 'Key', { value: LITERAL });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Key/Resource']);
  });

  test('Noncompliance 2: key added through RestApi.addApiKey with a literal value', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigw.MockIntegration());
    api.addApiKey('Key', { value: LITERAL });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Key/Resource']);
  });

  test('Noncompliance 3: L1 API key with a literal value', () => {
    const stack = testStack();
    new apigw.CfnApiKey(stack, 'Key', { value: LITERAL, enabled: true });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Key']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new apigw.ApiKey(stack, 'Generated');
    new apigw.ApiKey(stack, 'FromSecret', {
      value: SecretValue.secretsManager('partner-key', { jsonField: 'key' }).unsafeUnwrap(),
    });
    new apigw.CfnApiKey(stack, 'L1FromSecret', {
      value: SecretValue.secretsManager(Fn.importValue('PartnerSecretArn')).unsafeUnwrap(),
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnApiKey(stack, 'Key', { value: new CfnParameter(stack, 'KeyValue', { type: 'String', noEcho: true }).valueAsString });
    new apigw.CfnApiKey(stack, 'Imported', { value: Fn.importValue('KeyValue') });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Key', 'Test/Imported']);
  });
});
