import { CliFinding } from './check';
import { baseRuleId } from './rule-help';
import { duplicatedRule } from '../nag/same-control';

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

/** A standard-pack finding as it is listed under the ApiBaseline finding it duplicates (same resource, same control). */
export interface DuplicateEntry {
  readonly ruleId: string;
  readonly severity: string;
  readonly description: string;
  readonly baselined?: boolean;
}

/** The findings for a machine-readable report: each duplicate listed in `duplicates` of its ApiBaseline finding. */
export function foldedForReport(findings: CliFinding[]): Array<CliFinding & { duplicates?: DuplicateEntry[] }> {
  return foldDuplicates(findings).map(({ finding, duplicates }) => (duplicates.length === 0 ? finding : {
    ...finding,
    duplicates: duplicates.map((d) => ({
      ruleId: d.ruleId, severity: d.severity, description: d.description, ...(d.baselined ? { baselined: true } : {}),
    })),
  }));
}
