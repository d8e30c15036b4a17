/**
 * The example app that `npx cdk synth` runs: an "orders" API built with cdk-api-baseline, checked by the
 * project's own rule pack and by cdk-nag's AwsSolutions pack on every synth.
 */
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { ApiBaselineChecks } from '../src';

/** The orders service: storage, API and everything that watches over it. */
export class OrdersStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
  }
}

/** Builds the example app; exported so tests can synthesize it without the CLI. */
export function buildApp(app: App = new App()): App {
  new OrdersStack(app, 'OrdersApi', {
    description: 'Orders API built with cdk-api-baseline (example app)',
  });
  Validations.of(app).addPlugins(new ApiBaselineChecks(app), new AwsSolutionsChecks(app));
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
