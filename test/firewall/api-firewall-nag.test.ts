import { Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { AwsSolutionsChecks, NagPack, NIST80053R5Checks } from 'cdk-nag';
import { ApiFirewall } from '../../src/firewall';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, testStack } from '../util';

/**
 * Findings of the plain test API (not of the firewall), acknowledged on the RestApi only: the API exists to give
 * the firewall a stage to protect and is deliberately minimal.
 */
const TEST_API_ACKNOWLEDGEMENTS: Array<[string, string]> = [
  ['AwsSolutions-APIG1', 'minimal test API: access logging is the job of SecureRestApi, not of the firewall under test'],
  ['AwsSolutions-APIG2', 'minimal test API: request validation is the job of SecureRestApi, not of the firewall under test'],
  ['AwsSolutions-APIG4', 'minimal test API with a mock GET method: authorization is outside the firewall under test'],
  ['AwsSolutions-APIG6', 'minimal test API: execution logging is the job of SecureRestApi, not of the firewall under test'],
  ['AwsSolutions-COG4', 'minimal test API with a mock GET method: Cognito authorizers are outside the firewall under test'],
  ['NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', 'minimal test API without a cache: caching is outside the firewall under test'],
  ['NIST.800.53.R5-APIGWExecutionLoggingEnabled', 'minimal test API: execution logging is the job of SecureRestApi, not of the firewall under test'],
  ['NIST.800.53.R5-APIGWSSLEnabled', 'minimal test API: client certificates are outside the firewall under test'],
];

function firewallWithApi(associate = true): { stack: Stack; fw: ApiFirewall; api: apigw.RestApi } {
  const stack = testStack();
  const fw = new ApiFirewall(stack, 'Firewall');
  const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
  api.root.addMethod('GET');
  for (const [id, reason] of TEST_API_ACKNOWLEDGEMENTS) {
    Validations.of(api).acknowledge({ id, reason });
  }
  if (associate) fw.associate(api.deploymentStage);
  return { stack, fw, api };
}

function firewallFindings(pack: NagPack, stack: Stack): string[] {
  return Object.entries(findings(pack, stack))
    .filter(([, f]) => f.paths.some((p) => p.startsWith('Test/Firewall')))
    .map(([id]) => id);
}

describe('ApiFirewall and cdk-nag', () => {
  test('zero AwsSolutions findings for a default firewall associated with a stage', () => {
    const { stack } = firewallWithApi();
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
  });

  test('zero NIST 800-53 R5 findings, including WAFv2LoggingEnabled and APIGWAssociatedWithWAF', () => {
    const { stack } = firewallWithApi();
    expect(findings(new NIST80053R5Checks(), stack)).toEqual({});
  });

  test('without the association the stage is reported, so the checks above can fail', () => {
    const { stack } = firewallWithApi(false);
    expect(Object.keys(findings(new AwsSolutionsChecks(), stack))).toContain('AwsSolutions-APIG3');
    expect(Object.keys(findings(new NIST80053R5Checks(), stack))).toContain('NIST.800.53.R5-APIGWAssociatedWithWAF');
  });

  test('the baseline pack finds nothing wrong with the firewall or the stage association', () => {
    const { stack } = firewallWithApi();
    const ids = Object.keys(findings(new ApiBaselineChecks(), stack));
    for (const rule of ['StageWebAcl', 'WebAclManagedRules', 'WebAclRateRule', 'WebAclLoggingRedaction']) {
      expect(ids.filter((id) => id.startsWith(`ApiBaseline-${rule}`))).toEqual([]);
    }
    expect(firewallFindings(new ApiBaselineChecks(), stack)).toEqual([]);
  });

  test('counting the Common rule set is reported by the baseline pack', () => {
    const stack = testStack();
    new ApiFirewall(stack, 'Firewall', { countOnly: ['AWSManagedRulesCommonRuleSet'] });
    expect(firewallFindings(new ApiBaselineChecks(), stack)).toContain('ApiBaseline-WebAclManagedRules');
  });
});
