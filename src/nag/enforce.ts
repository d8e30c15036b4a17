import * as fs from 'fs';
import * as path from 'path';
import {
  Aspects,
  CfnResource,
  IAspect,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stack,
  Stage,
  Validations,
} from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NagPack,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import {
  acknowledgeUntil,
  collectAcknowledgements,
  GATE_PLUGIN_NAME,
  GateAcknowledgements,
  TimeBoxedAcknowledgementOptions,
} from './acknowledgements';
import { ApiBaselineChecks } from './api-baseline-checks';
import { withFindingId, withoutFindingId } from './finding-message';
import { buildReport, fixHint, renderHtml, renderJson, renderMarkdown, ReportFinding } from './report';
import { SynthesizedTemplates } from './synthesized-templates';
import { BaselineThresholds } from './thresholds';

/** Standard cdk-nag packs that `ApiBaseline.enforce` can apply next to `ApiBaselineChecks`. */
export enum StandardPack {
  /** cdk-nag AwsSolutions. */
  AWS_SOLUTIONS = 'AwsSolutions',
  /** cdk-nag NIST 800-53 rev 5. */
  NIST_800_53_R5 = 'NIST.800.53.R5',
  /** cdk-nag PCI DSS 3.2.1. */
  PCI_DSS_321 = 'PCI.DSS.321',
  /** cdk-nag HIPAA Security. */
  HIPAA_SECURITY = 'HIPAA.Security',
  /** cdk-nag Serverless. */
  SERVERLESS = 'Serverless',
}

/** Which findings fail synth. */
export enum FailOn {
  /** Only ERROR findings fail synth; warnings are reported. */
  ERROR = 'error',
  /** ERROR and WARN findings fail synth. */
  WARN = 'warn',
}

/** Options of `ApiBaseline.enforce`. */
export interface EnforceOptions {
  /**
   * Standard cdk-nag packs applied next to `ApiBaselineChecks`.
   * @default [StandardPack.AWS_SOLUTIONS]
   */
  readonly standardPacks?: StandardPack[];
  /**
   * Which findings fail synth.
   * @default FailOn.ERROR - warnings are reported but do not fail synth
   */
  readonly failOn?: FailOn;
  /**
   * Write `api-baseline-report.{json,md,html}` into the cloud assembly on every synth.
   * @default true
   */
  readonly report?: boolean;
  /**
   * Turn on termination protection for every stack that holds an API Gateway REST API (change management).
   * Single stacks opt out with `ApiBaseline.allowTermination(stack, reason)`.
   * @default true
   */
  readonly terminationProtection?: boolean;
  /**
   * The numbers `ApiBaselineChecks` judges against (authorizer cache TTL, token and password lifetimes, password
   * length, log retention, throttle and WAF rate ceilings).
   * @default - the defaults of `BaselineThresholds`
   */
  readonly thresholds?: BaselineThresholds;
}

/** The file names of the compliance report inside the cloud assembly. */
export const REPORT_FILES = ['api-baseline-report.json', 'api-baseline-report.md', 'api-baseline-report.html'];

const TERMINATION_OPT_OUT = 'cdk-api-baseline:allow-termination';

/** Context key with which the CDK CLI tells apps that it reads the validation report and fails the command itself. */
const FAIL_SYNTH_CONTEXT = '@aws-cdk/core:failSynthOnValidationErrors';
/** The validation report aws-cdk-lib writes into the cloud assembly. */
const VALIDATION_REPORT_FILE = 'validation-report.json';

/** Failing verdicts the CDK CLI is to act on, checked when the process exits. */
const PENDING_FAILURES: Array<{ outdir: string; summary: string }> = [];
let exitCheckInstalled = false;

/**
 * Under the CDK CLI an app does not fail synth itself: the CLI reads the one validation report in the output
 * directory. When an entry point synthesizes several apps into that directory, each app's report replaces the one
 * before, and a failing app's findings would be lost (synth exits 0). So a failing verdict is remembered, and when the
 * process exits, every failure whose report no longer shows it makes the process fail.
 */
function rememberFailure(root: IConstruct, outdir: string | undefined, summary: string): void {
  const failSynth = root.node.tryGetContext(FAIL_SYNTH_CONTEXT);
  if (!outdir || (failSynth !== false && failSynth !== 'false')) return;
  PENDING_FAILURES.push({ outdir: path.resolve(outdir), summary });
  if (exitCheckInstalled) return;
  exitCheckInstalled = true;
  process.on('exit', () => {
    const lost = PENDING_FAILURES.filter((f) => !reportShowsFailure(f.outdir));
    if (lost.length === 0) return;
    for (const f of lost) {
      process.stderr.write(`cdk-api-baseline: an app synthesized into ${f.outdir} failed the baseline (${f.summary}), `
        + 'but another app in this process replaced its validation report; failing synth\n');
    }
    if (!process.exitCode) process.exitCode = 1;
  });
}

function reportShowsFailure(outdir: string): boolean {
  try {
    const report = JSON.parse(fs.readFileSync(path.join(outdir, VALIDATION_REPORT_FILE), 'utf8'));
    return (report.pluginReports ?? []).some((r: any) => r.pluginName === GATE_PLUGIN_NAME && r.conclusion === 'failure');
  } catch {
    return false;
  }
}

/**
 * The validation plugin behind `ApiBaseline.enforce`: runs the packs, applies `failOn`, turns findings whose
 * acknowledgement lapsed into errors and writes the compliance report.
 */
export class ApiBaselineGate implements IPolicyValidationPlugin {
  /**
   * Plugin name shown in the validation report. aws-cdk-lib suggests acknowledging a finding as
   * `cdk-api-baseline::<finding id>`; every acknowledgement accepts that form as well as the bare id.
   */
  public readonly name = GATE_PLUGIN_NAME;
  /** The packs the gate runs. */
  public readonly packs: NagPack[];
  private readonly failOn: FailOn;
  private readonly writeReport: boolean;

  constructor(options: EnforceOptions = {}) {
    const standard = [...new Set(options.standardPacks ?? [StandardPack.AWS_SOLUTIONS])];
    this.packs = [new ApiBaselineChecks(undefined, { thresholds: options.thresholds }), ...standard.map(standardPack)];
    this.failOn = options.failOn ?? FailOn.ERROR;
    this.writeReport = options.report ?? true;
  }

  /**
   * Called by the CDK validation framework on every synth; the packs read the synthesized templates. A failing
   * verdict fails synth, also when another app synthesized into the same directory replaces its report.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const root = context.appConstruct;
    const result = this.verdict(root, context);
    if (!result.success) {
      const errors = result.violations.reduce((n, v) => n + v.violatingResources.length, 0);
      rememberFailure(root, (Stage.isStage(root) ? root : Stage.of(root))?.outdir, `${errors} findings`);
    }
    return result;
  }

  /** Runs every pack over `root` and returns the gate's verdict (also usable without synth, e.g. in tests). */
  public check(root: IConstruct): PolicyValidationPluginReport {
    return this.verdict(root);
  }

  private verdict(root: IConstruct, context?: IPolicyValidationContext): PolicyValidationPluginReport {
    const acknowledgements = collectAcknowledgements(root);
    const lapsed = acknowledgements.filter((a) => a.lapsed);
    // Acknowledgements in the form the validation output suggests (`cdk-api-baseline::<id>`): the packs do not read
    // them, aws-cdk-lib would apply them after the gate (synth passes while the report fails), so the gate applies
    // them here and gate, report and CDK agree.
    const gateAcknowledged = new GateAcknowledgements(root);
    const findings: ReportFinding[] = [];
    let evaluations: ReturnType<ApiBaselineChecks['lastEvaluations']> = [];
    for (const pack of this.packs) {
      const report = context ? pack.validate(context) : pack.validateScope(root);
      if (pack instanceof ApiBaselineChecks) evaluations = pack.lastEvaluations();
      for (const v of report.violations) {
        for (const r of v.violatingResources) {
          const where = r.constructPath ?? r.resourceLogicalId ?? '';
          if (gateAcknowledged.covers(v.ruleName, where)) continue;
          const lapse = lapsed.find((a) => a.id === v.ruleName && (where === a.path || where.startsWith(`${a.path}/`)));
          // the report shows the id on its own; the synth output gets it back in front of the message below
          const description = withoutFindingId(v.ruleName, v.description);
          findings.push({
            ruleId: v.ruleName,
            pack: pack.readPackName,
            severity: lapse ? 'error' : v.severity ?? 'error',
            path: where,
            description: lapse
              ? `${description} The acknowledgement "${lapse.reason}" on ${lapse.path} lapsed after ${lapse.expires}.`
              : description,
            fix: fixHint(v.ruleName),
            lapsedAcknowledgement: lapse ? `${lapse.id} until ${lapse.expires}` : undefined,
          });
        }
      }
    }

    if (this.writeReport) {
      const outdir = (Stage.isStage(root) ? root : Stage.of(root))?.outdir;
      if (outdir && fs.existsSync(outdir)) {
        const templates = context ? SynthesizedTemplates.fromContext(context) : undefined;
        const report = buildReport(root, this.packs.map((p) => p.readPackName), this.failOn, findings, evaluations, acknowledgements, templates);
        fs.writeFileSync(path.join(outdir, REPORT_FILES[0]), renderJson(report));
        fs.writeFileSync(path.join(outdir, REPORT_FILES[1]), renderMarkdown(report));
        fs.writeFileSync(path.join(outdir, REPORT_FILES[2]), renderHtml(report));
        const t = report.totals;
        process.stderr.write(`cdk-api-baseline: ${t.errors} errors, ${t.warnings} warnings, ${t.acknowledged} acknowledged`
          + `${t.lapsed ? `, ${t.lapsed} lapsed acknowledgements` : ''} (${report.packs.join(', ')}); report: ${path.join(outdir, REPORT_FILES[2])}\n`);
      }
    }

    const grouped = new Map<string, PolicyViolation>();
    for (const f of findings) {
      const key = `${f.ruleId}\u0000${f.severity}\u0000${f.description}`;
      const existing = grouped.get(key);
      const resource = { constructPath: f.path, locations: ['Properties'] };
      if (existing) {
        (existing.violatingResources as any[]).push(resource);
      } else {
        grouped.set(key, {
          ruleName: f.ruleId,
          // CDK prints the description, not the rule name, as the message of each finding on synth
          description: withFindingId(f.ruleId, f.description),
          fix: f.fix,
          severity: f.severity,
          violatingResources: [resource],
        });
      }
    }
    const failing = findings.filter((f) => this.failOn === FailOn.WARN || f.severity === 'error');
    return { success: failing.length === 0, violations: [...grouped.values()] };
  }
}

function standardPack(pack: StandardPack): NagPack {
  switch (pack) {
    case StandardPack.AWS_SOLUTIONS: return new AwsSolutionsChecks();
    case StandardPack.NIST_800_53_R5: return new NIST80053R5Checks();
    case StandardPack.PCI_DSS_321: return new PCIDSS321Checks();
    case StandardPack.HIPAA_SECURITY: return new HIPAASecurityChecks();
    case StandardPack.SERVERLESS: return new ServerlessChecks();
  }
}

class TerminationProtection implements IAspect {
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::ApiGateway::RestApi') return;
    let stack = Stack.of(node);
    while (stack.nestedStackParent) stack = stack.nestedStackParent;
    if (stack.node.metadata.some((m) => m.type === TERMINATION_OPT_OUT)) return;
    stack.terminationProtection = true;
  }
}

const GATES = new WeakMap<IConstruct, ApiBaselineGate>();

/** One-line, organisation-wide enforcement of the API baseline. */
export class ApiBaseline {
  /**
   * Adds `ApiBaselineChecks` and the chosen standard cdk-nag packs to `app` as one validation gate, turns on the
   * compliance report and termination protection for stacks that hold an API. Calling it again on the same app
   * returns the gate already in place and adds nothing.
   */
  public static enforce(app: Stage, options: EnforceOptions = {}): ApiBaselineGate {
    const existing = GATES.get(app);
    if (existing) return existing;
    const gate = new ApiBaselineGate(options);
    Validations.of(app).addPlugins(gate);
    GATES.set(app, gate);
    if (options.terminationProtection ?? true) {
      Aspects.of(app).add(new TerminationProtection());
    }
    return gate;
  }

  /**
   * Acknowledges a finding on `scope` until a date. While it holds it suppresses the finding like
   * `Validations.of(scope).acknowledge`; after `expires` synth reports the finding again as an error that names the
   * lapsed acknowledgement. Every acknowledgement appears in the compliance report with its reason and expiry.
   */
  public static acknowledge(scope: IConstruct, options: TimeBoxedAcknowledgementOptions): void {
    acknowledgeUntil(scope, options);
  }

  /** Keeps termination protection off for `stack` although it holds an API; `reason` is recorded. */
  public static allowTermination(stack: Stack, reason: string): void {
    if (!reason || !reason.trim()) {
      throw new Error(`"reason" must explain why ${stack.node.path} may be deleted, got ${JSON.stringify(reason)}`);
    }
    stack.node.addMetadata(TERMINATION_OPT_OUT, reason);
  }

  private constructor() {}
}
