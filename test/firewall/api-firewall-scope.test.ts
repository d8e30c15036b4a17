import { App, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiFirewall, FirewallScope, PatternField } from '../../src/firewall';
import { templateOf, testStack } from '../util';

describe('ApiFirewall scope', () => {
  test('REGIONAL by default: API Gateway body inspection and a Region metric dimension', () => {
    const stack = testStack();
    const fw = new ApiFirewall(stack, 'Fw');
    expect(fw.scope).toBe(FirewallScope.REGIONAL);
    templateOf(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      AssociationConfig: { RequestBody: { API_GATEWAY: Match.anyValue() } },
    });
    expect(Object.keys(fw.metricAllowedRequests().dimensions!)).toEqual(['WebACL', 'Region', 'Rule']);
  });

  test('CLOUDFRONT: the web ACL, IP sets and regex pattern sets in CLOUDFRONT scope, CloudFront body inspection, no Region dimension', () => {
    const stack = testStack();
    const fw = new ApiFirewall(stack, 'Fw', {
      scope: FirewallScope.CLOUDFRONT,
      deniedCidrs: ['203.0.113.0/24'],
      maxBodySize: Size.kibibytes(20),
      patternRules: [{ name: 'NoDotDot', field: PatternField.URI_PATH, regexes: ['\\.\\./'] }],
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      AssociationConfig: { RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_32' } } },
    });
    t.hasResourceProperties('AWS::WAFv2::IPSet', { Scope: 'CLOUDFRONT' });
    t.hasResourceProperties('AWS::WAFv2::RegexPatternSet', { Scope: 'CLOUDFRONT' });
    expect(JSON.stringify(t.toJSON())).not.toContain('"REGIONAL"');
    expect(Object.keys(fw.metric('BlockedRequests', 'ALL').dimensions!)).toEqual(['WebACL', 'Rule']);
  });

  test('a CLOUDFRONT firewall cannot be associated with a REST API stage', () => {
    const stack = testStack();
    const fw = new ApiFirewall(stack, 'Fw', { scope: FirewallScope.CLOUDFRONT });
    const api = new apigw.RestApi(stack, 'Api');
    api.root.addMethod('GET');
    expect(() => fw.associate(api.deploymentStage)).toThrow(/"stage" must not be associated with a CLOUDFRONT-scope firewall/);
  });

  test('CLOUDFRONT outside us-east-1 is refused; an environment-agnostic stack is left to deploy time', () => {
    const app = new App();
    const eu = new Stack(app, 'Eu', { env: { account: '123456789012', region: 'eu-west-1' } });
    expect(() => new ApiFirewall(eu, 'Fw', { scope: FirewallScope.CLOUDFRONT }))
      .toThrow(/"scope" must be REGIONAL in a stack outside us-east-1 \(this stack is in eu-west-1\)/);
    expect(() => new ApiFirewall(eu, 'Regional')).not.toThrow();
    expect(() => new ApiFirewall(new Stack(app, 'Agnostic'), 'Fw', { scope: FirewallScope.CLOUDFRONT })).not.toThrow();
  });

  test('an unknown scope is refused', () => {
    expect(() => new ApiFirewall(testStack(), 'Fw', { scope: 'GLOBAL' as FirewallScope })).toThrow(/"scope" must be one of REGIONAL, CLOUDFRONT, got "GLOBAL"/);
  });
});
