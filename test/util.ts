import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ApiBaselineChecks } from '../src';

/** A stack in a fresh app with the built-in CloudFormation validation off, for fast unit tests. */
export function testStack(id = 'Test', props: StackProps = {}): Stack {
  const app = new App({ builtinCloudFormationValidation: false });
  return new Stack(app, id, {
    env: { account: '123456789012', region: 'us-east-1' },
    ...props,
  });
}

/** Synthesizes `stack` and returns its template for assertions. */
export function templateOf(stack: Stack): Template {
  return Template.fromStack(stack);
}

/** A finding of a pack: its severity and the construct paths of the resources that broke the rule. */
export interface Finding {
  readonly severity: string;
  readonly description: string;
  readonly paths: string[];
}

/** Runs `pack` over `scope` with `validateScope` and returns its findings keyed by rule id. */
export function findings(pack: NagPack, scope: IConstruct): Record<string, Finding> {
  const report = pack.validateScope(scope);
  const out: Record<string, Finding> = {};
  for (const v of report.violations) {
    out[v.ruleName] = {
      severity: v.severity ?? 'error',
      description: v.description,
      paths: v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId ?? ''),
    };
  }
  return out;
}

/** The rule ids a pack reports on `scope`, sorted. */
export function findingIds(pack: NagPack, scope: IConstruct): string[] {
  return Object.keys(findings(pack, scope)).sort();
}

/** The ids of the error findings among `found`, sorted. */
export function errorIds(found: Record<string, Finding>): string[] {
  return Object.keys(found).filter((id) => found[id].severity === 'error').sort();
}

/**
 * Runs one rule of the ApiBaseline pack on `scope` and returns its findings, keyed by id: `ApiBaseline-<rule>` and its
 * suffixed ids (`[Unverifiable]`, `[Unavailable]`, `[GET /pets]`), never those of a rule whose name merely starts the
 * same way. `pack` (e.g. a whole pack with thresholds) replaces the one-rule pack when a test needs it.
 */
export function ruleFindings(rule: string, scope: IConstruct, pack: NagPack = ApiBaselineChecks._ofRules([rule])): Record<string, Finding> {
  const id = `ApiBaseline-${rule}`;
  const out: Record<string, Finding> = {};
  for (const [key, finding] of Object.entries(findings(pack, scope))) {
    if (key === id || key.startsWith(`${id}[`)) out[key] = finding;
  }
  return out;
}
