import * as path from 'path';
import { UnusableInput } from './errors';
import { pathsUnder, Target } from './inputs';
import { InventoryApi, inventoryOf } from './inventory';
import { resourceLines } from './lines';
import { loadTemplate, sourceOf } from './load-template';
import { applyTemplateAcknowledgements } from './template-acknowledgements';
import { collectAcknowledgements } from '../nag/acknowledgements';
import { ApiBaselineChecks } from '../nag/api-baseline-checks';
import { apiMembership } from '../nag/api-members';
import { ApiBaselineGate, FailOn, StandardPack } from '../nag/enforce';
import { withoutFindingId } from '../nag/finding-message';
import { MatrixCell, ruleMatrix, templateFixHint } from '../nag/report';
import { StackIndex } from '../nag/stack-index';
import { BaselineThresholds } from '../nag/thresholds';

/** One finding on one resource of a template. */
export interface CliFinding {
  readonly severity: string;
  readonly ruleId: string;
  /** Logical id of the resource. */
  readonly resource: string;
  /** Construct path of the resource, when the template comes from a CDK app. */
  readonly path?: string;
  readonly description: string;
  readonly fix?: string;
  /** True when `--baseline` holds the finding: it is reported but does not fail the run. */
  readonly baselined?: boolean;
}

/** An acknowledgement that applied to a template (from its resources' Metadata). */
export interface CliAcknowledgement {
  readonly id: string;
  readonly resource: string;
  readonly reason: string;
  /** Last day it holds (YYYY-MM-DD), or '' when it does not expire. */
  readonly expires: string;
  readonly ticket?: string;
  /** True when it lapsed: its finding is reported again as an error. */
  readonly lapsed: boolean;
}

/** The outcome for one template. */
export interface TemplateResult {
  readonly label: string;
  readonly file: string;
  /** Set when the template could not be judged. */
  readonly error?: string;
  readonly findings: CliFinding[];
  /** Parts of the template that were not judged (remote nested stacks), each with the reason. */
  readonly notJudged: string[];
  /** Nested stack templates found in this template, to be judged next. */
  readonly nested: Target[];
  /** True when the template's failing findings fail the run. */
  readonly fails: boolean;
  /** Every API of the template (the inventory), judged or not. */
  readonly apis: InventoryApi[];
  /** Acknowledgements written in the template. */
  readonly acknowledgements: CliAcknowledgement[];
  /** The line of each resource with findings in the template file, where it can be found. */
  readonly lines?: Record<string, number>;
  /** The API (its `resource` in `apis`) each resource that is part of an API belongs to, by logical id. */
  readonly apiOf?: Record<string, string>;
  /** The status of every ApiBaseline rule on the template. */
  readonly matrix?: MatrixCell[];
}

/** What judges the templates: the gate's settings. */
export interface JudgeOptions {
  readonly packs: StandardPack[];
  readonly failOn: FailOn;
  readonly thresholds?: BaselineThresholds;
}

/** Deepest chain of nested stacks followed from one template. */
export const MAX_NESTED_STACK_DEPTH = 10;

/** Judges templates one after the other with one gate. */
export class TemplateJudge {
  /** Names of the packs the judge runs (`ApiBaseline`, `AwsSolutions`, ...). */
  public readonly packNames: string[];
  private readonly gate: ApiBaselineGate;
  /** The gate's ApiBaseline pack, whose rule evaluations give the rules matrix. */
  private readonly baseline?: ApiBaselineChecks;

  constructor(options: JudgeOptions) {
    this.gate = new ApiBaselineGate({ standardPacks: options.packs, failOn: options.failOn, report: false, thresholds: options.thresholds });
    this.packNames = this.gate.packs.map((p) => p.readPackName).sort();
    this.baseline = this.gate.packs.find((p): p is ApiBaselineChecks => p instanceof ApiBaselineChecks);
  }

  /** Judges one template; an unusable one gives a result with `error` set, never a throw. */
  public judge(target: Target): TemplateResult {
    let stack;
    let result;
    try {
      stack = loadTemplate(target.file);
      applyTemplateAcknowledgements(target.file, stack, sourceOf(stack)!.template);
      result = this.gate.check(stack);
    } catch (e) {
      const message = e instanceof UnusableInput
        ? e.message.startsWith(`${target.file}: `) ? e.message.slice(target.file.length + 2) : e.message
        : `cannot be judged (unexpected failure: ${(e as Error).message.split('\n')[0]})`;
      return unusable(target, message);
    }
    const source = sourceOf(stack)!;
    const template = source.template;
    const prefix = `${stack.node.path}/Include/`;
    const findings: CliFinding[] = result.violations
      .flatMap((v) => v.violatingResources.map((r) => {
        const where = r.constructPath ?? '';
        const resource = where.startsWith(prefix) ? where.slice(prefix.length).split('/')[0] : where;
        return {
          severity: v.severity ?? 'error',
          ruleId: v.ruleName,
          resource,
          path: constructPathOf(target, template, resource),
          description: withoutFindingId(v.ruleName, v.description),
          fix: templateFixHint(v.ruleName) ?? v.fix,
        };
      }))
      .sort((a, b) => a.resource.localeCompare(b.resource) || a.ruleId.localeCompare(b.ruleId));
    const { nested, notJudged } = nestedStacks(target, template);
    const lines: Record<string, number> = {};
    if (findings.length > 0) {
      const all = resourceLines(source.text);
      for (const f of findings) {
        const line = all.get(f.resource);
        if (line !== undefined) lines[f.resource] = line;
      }
    }
    const includePrefix = `${stack.node.path}/Include/`;
    const acknowledgements = collectAcknowledgements(stack)
      .filter((a) => a.path.startsWith(includePrefix))
      .map((a) => ({ id: a.id, resource: a.path.slice(includePrefix.length).split('/')[0], reason: a.reason, expires: a.expires, ticket: a.ticket, lapsed: a.lapsed }));
    const acknowledged = new Set(acknowledgements.filter((a) => !a.lapsed).map((a) => `${a.resource}\u0000${a.id}`));
    let apis: InventoryApi[];
    const apiOf: Record<string, string> = {};
    try {
      const index = StackIndex.build(stack);
      apis = inventoryOf(stack, (resource, id) => acknowledged.has(`${resource}\u0000${id}`), index);
      const membership = apiMembership(index);
      const labels = new Map(membership.apis.map((a) => [a.logicalId, a.origin === undefined ? a.logicalId : `${a.logicalId} (from ${a.origin})`]));
      for (const [resource, api] of membership.apiOf) apiOf[resource] = labels.get(api)!;
    } catch (e) {
      const error = `cannot list its APIs (unexpected failure: ${(e as Error).message.split('\n')[0]})`;
      return unusable(target, error);
    }
    const matrix = ruleMatrix(this.baseline?.lastEvaluations() ?? [], findings, acknowledgements);
    return {
      label: target.label, file: target.file, findings, notJudged, nested, fails: !result.success, lines, acknowledgements, apis, apiOf, matrix,
    };
  }
}

/** The result for a template that could not be judged. */
function unusable(target: Target, error: string): TemplateResult {
  return { label: target.label, file: target.file, error, findings: [], notJudged: [], nested: [], fails: false, acknowledgements: [], apis: [] };
}

function constructPathOf(target: Target, template: Record<string, any>, logicalId: string): string | undefined {
  const written = template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
  if (typeof written === 'string') return written;
  return target.constructPaths?.get(logicalId);
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The nested stacks (`AWS::CloudFormation::Stack`) of a template: those whose template is a local file (a relative
 * `TemplateURL`, or the `aws:asset:path` a CDK app records in a cloud assembly) become targets; the others are listed
 * as not judged.
 */
function nestedStacks(target: Target, template: Record<string, any>): { nested: Target[]; notJudged: string[] } {
  const nested: Target[] = [];
  const notJudged: string[] = [];
  const parents = [...(target.parents ?? []), path.resolve(target.file)];
  for (const [id, resource] of Object.entries<any>(template.Resources)) {
    if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
    const asset = resource.Metadata?.['aws:asset:path'];
    const url = resource.Properties?.TemplateURL;
    let file: string | undefined;
    if (typeof asset === 'string' && !REMOTE.test(asset)) {
      file = path.resolve(path.dirname(target.file), asset);
    } else if (typeof url === 'string' && !REMOTE.test(url)) {
      file = path.resolve(path.dirname(target.file), url.replace(/^file:/, ''));
    } else if (target.assetFiles && url !== undefined) {
      // a CDK app's nested stack: the TemplateURL names the asset's object key, the assembly holds the file
      const written = JSON.stringify(url);
      file = [...target.assetFiles.entries()].find(([key]) => written.includes(key))?.[1];
    }
    if (file === undefined) {
      const where = typeof url === 'string' ? url : 'a TemplateURL computed at deploy time';
      notJudged.push(`nested stack "${id}": its template (${where}) is not a local file`);
      continue;
    }
    if (parents.length > MAX_NESTED_STACK_DEPTH) {
      notJudged.push(`nested stack "${id}": more than ${MAX_NESTED_STACK_DEPTH} levels of nested stacks`);
      continue;
    }
    if (parents.includes(file)) {
      notJudged.push(`nested stack "${id}": ${display(file)} includes itself`);
      continue;
    }
    // In a cloud assembly, the nested stack's constructs sit under the construct that owns the nested stack resource.
    const prefix = target.templatePrefixes?.get(file) ?? constructPathOf(target, template, id)?.replace(/\.NestedStack\/.*$/, '');
    nested.push({
      file,
      label: `${display(file)} (nested stack ${id})`,
      assemblyPaths: target.assemblyPaths,
      constructPaths: target.assemblyPaths && prefix ? pathsUnder(target.assemblyPaths, prefix) : undefined,
      assetFiles: target.assetFiles,
      templatePrefixes: target.templatePrefixes,
      parents,
    });
  }
  return { nested, notJudged };
}

/** A path relative to the working directory when it lies inside it, else as it is. */
function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
