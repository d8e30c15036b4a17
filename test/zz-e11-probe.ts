import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { buildApp } from '../examples/orders-app';
import { ApiBaselineChecks } from '../src';
const app = buildApp(new App({ builtinCloudFormationValidation: false }), { checks: false });
for (const pack of [new ApiBaselineChecks(), new AwsSolutionsChecks(), new NIST80053R5Checks(), new PCIDSS321Checks(), new HIPAASecurityChecks(), new ServerlessChecks()]) {
  const r = pack.validateScope(app);
  for (const v of r.violations) {
    if ((v.severity ?? 'error') !== 'error' && !process.env.ALL) continue;
    console.log(v.severity, v.ruleName, v.violatingResources.map((x) => x.constructPath).join(' '));
  }
}
