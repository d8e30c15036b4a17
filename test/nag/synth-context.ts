import { App, IPolicyValidationContext, Validations } from 'aws-cdk-lib';
import { ApiBaselineChecks } from '../../src';

/**
 * Synthesizes `app` and returns the context the CDK validation framework hands to validation plugins (captured by a
 * plugin of our own), so that the pack is called exactly as on `cdk synth`.
 */
export function synthesize(app: App): IPolicyValidationContext {
  let captured: IPolicyValidationContext | undefined;
  Validations.of(app).addPlugins({
    name: 'capture-context',
    validate: (context: IPolicyValidationContext) => {
      captured = context;
      return { success: true, violations: [] };
    },
  });
  app.synth();
  if (!captured) throw new Error('the validation framework did not call the plugin');
  return captured;
}

/** Everything a run of the pack says: each rule outcome per resource, and the reported findings. */
export function outcomeOf(run: (pack: ApiBaselineChecks) => ReturnType<ApiBaselineChecks['validateScope']>) {
  const pack = new ApiBaselineChecks();
  const report = run(pack);
  const evaluations = pack.lastEvaluations().map((e) => `${e.ruleId} ${e.resourcePath} ${e.outcome}`).sort();
  const violations = report.violations
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${v.severity} ${r.constructPath} ${v.description}`))
    .sort();
  return { evaluations, violations };
}
