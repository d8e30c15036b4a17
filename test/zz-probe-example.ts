import { App } from 'aws-cdk-lib';
import { ApiBaselineChecks } from '../src';
import { buildApp } from '../examples/orders-app';
const app = buildApp(new App({ builtinCloudFormationValidation: false }) as any, {} as any);
const report = new ApiBaselineChecks().validateScope(app);
for (const v of report.violations) console.log(v.ruleName, v.severity, v.violatingResources.map((r: any) => r.constructPath).join(', '));
