import { CliFinding } from './check';
import { baseRuleId } from './rule-help';

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
  const suffix = baseRuleId(ruleId).replace(/^.*?-(?=[A-Za-z0-9]+$)/, '');
  return SAME_CONTROL[suffix];
}

/** A finding with the standard-pack findings on the same resource that report the same control. */
export interface FoldedFinding {
  readonly finding: CliFinding;
  readonly duplicates: CliFinding[];
}

/**
 * Groups each standard-pack finding that duplicates an ApiBaseline finding on the same resource under that finding;
 * every other finding stands alone. Order is kept.
 */
export function foldDuplicates(findings: CliFinding[]): FoldedFinding[] {
  const out: FoldedFinding[] = [];
  const byKey = new Map<string, FoldedFinding>();
  const byFinding = new Map<CliFinding, FoldedFinding>();
  for (const f of findings) {
    if (!f.ruleId.startsWith('ApiBaseline-')) continue;
    const folded = { finding: f, duplicates: [] as CliFinding[] };
    byFinding.set(f, folded);
    const key = `${f.resource}\u0000${baseRuleId(f.ruleId)}`;
    if (!byKey.has(key)) byKey.set(key, folded);
  }
  for (const f of findings) {
    const target = duplicatedRule(f.ruleId);
    const host = target ? byKey.get(`${f.resource}\u0000${target}`) : undefined;
    if (host) {
      host.duplicates.push(f);
    } else {
      out.push(byFinding.get(f) ?? { finding: f, duplicates: [] });
    }
  }
  return out;
}
