/**
 * Standard cdk-nag rules that judge the same control as an ApiBaseline rule, by the part of their id after the pack
 * name (`AwsSolutions-APIG4`, `NIST.800.53.R5-APIGWAssociatedWithWAF`, `Serverless-APIGWXrayEnabled`, ...).
 */
const SAME_CONTROL: Record<string, string> = {
  APIG1: 'ApiBaseline-StageJsonAccessLogging',
  APIG2: 'ApiBaseline-MethodRequestValidator',
  APIG3: 'ApiBaseline-StageWebAcl',
  APIG4: 'ApiBaseline-MethodAuthorization',
  APIG6: 'ApiBaseline-StageExecutionLogging',
  APIGWAccessLogging: 'ApiBaseline-StageJsonAccessLogging',
  APIGWStructuredLogging: 'ApiBaseline-StageJsonAccessLogging',
  APIGWAssociatedWithWAF: 'ApiBaseline-StageWebAcl',
  APIGWExecutionLoggingEnabled: 'ApiBaseline-StageExecutionLogging',
  APIGWXrayEnabled: 'ApiBaseline-StageXRayTracing',
  APIGWDefaultThrottling: 'ApiBaseline-StageThrottling',
  APIGWAuthorization: 'ApiBaseline-MethodAuthorization',
  APIGWRequestValidation: 'ApiBaseline-MethodRequestValidator',
};

/** The ApiBaseline rule a standard-pack finding id duplicates, if any. */
export function duplicatedRule(ruleId: string): string | undefined {
  if (ruleId.startsWith('ApiBaseline-')) return undefined;
  const suffix = ruleId.replace(/\[.*\]$/, '').replace(/^.*?-(?=[A-Za-z0-9]+$)/, '');
  return SAME_CONTROL[suffix];
}

