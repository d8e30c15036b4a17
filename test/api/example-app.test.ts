import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp, OrdersStack } from '../../examples/orders-app';
import { ApiBaselineChecks } from '../../src/nag';
import { findings } from '../util';

describe('example app: the orders API', () => {
  let stack: OrdersStack;
  beforeAll(() => {
    const app = buildApp(new App({ context: { 'aws:cdk:enable-path-metadata': true } }), { checks: false });
    stack = app.node.findChild('OrdersApi') as OrdersStack;
  });

  test('exposes the routes, two plans and a partner key', () => {
    expect(stack.api.routeKeys).toEqual(['GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}']);
    expect(Object.keys(stack.api.usagePlans)).toEqual(['free', 'partner']);
    expect(stack.api.userPool).toBe(stack.auth);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGateway::UsagePlan', 2);
    t.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    t.resourceCountIs('AWS::ApiGateway::Model', 1);
  });

  test('the API has no findings of ApiBaseline or AwsSolutions', () => {
    const ofApi = (f: Record<string, { paths: string[] }>) =>
      Object.entries(f).filter(([, v]) => v.paths.some((p) => p.startsWith('OrdersApi/Api/'))).map(([k]) => k);
    expect(ofApi(findings(new ApiBaselineChecks(), stack))).toEqual([]);
    expect(ofApi(findings(new AwsSolutionsChecks(), stack))).toEqual([]);
  });
});
