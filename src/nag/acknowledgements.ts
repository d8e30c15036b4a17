import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { atConstructPath, invalidProp } from '../private/validation';

/** Metadata type under which time-boxed acknowledgements are recorded on constructs. */
export const ACKNOWLEDGEMENT_METADATA = 'cdk-api-baseline:acknowledgement';

/** Context key that pins "today" (YYYY-MM-DD) for expiry decisions, e.g. in tests or reproducible CI runs. */
export const TODAY_CONTEXT = 'cdk-api-baseline:today';

/**
 * Name of the validation plugin behind `ApiBaseline.enforce`. aws-cdk-lib's validation output suggests
 * acknowledging its findings as `<plugin name>::<finding id>`, e.g. `cdk-api-baseline::ApiBaseline-StageWebAcl`.
 */
export const GATE_PLUGIN_NAME = 'cdk-api-baseline';

/** Prefixes that name the same finding as the bare id: the gate's plugin namespace and the annotation namespace. */
const ID_PREFIX = new RegExp(`^(?:${GATE_PLUGIN_NAME}|${GATE_PLUGIN_NAME.replace(/-/g, ' ')}|annotation|Construct-Annotations)::`, 'i');

/**
 * The bare finding id (`ApiBaseline-StageWebAcl`, `AwsSolutions-IAM5[Resource::*]`) of any form an acknowledgement
 * may use: the bare id, the form aws-cdk-lib's validation output suggests (`cdk-api-baseline::<id>`) or the
 * annotation form aws-cdk-lib records (`Annotation::<id>`).
 */
export function bareFindingId(id: string): string {
  return id.trim().replace(ID_PREFIX, '');
}

/** Options of `ApiBaseline.acknowledge`. */
export interface TimeBoxedAcknowledgementOptions {
  /** The finding id to acknowledge, e.g. `ApiBaseline-StageWebAcl` or `AwsSolutions-IAM5`. */
  readonly id: string;
  /** Why the finding is accepted; shown in reports. Must not be empty. */
  readonly reason: string;
  /**
   * Last day (YYYY-MM-DD, UTC) the acknowledgement holds. From the next day on, synth reports the finding again
   * as an error that names the lapsed acknowledgement.
   */
  readonly expires: string;
  /**
   * Day (YYYY-MM-DD) the acknowledgement was granted; `expires` must lie after it.
   * @default - no grant date is recorded
   */
  readonly granted?: string;
  /**
   * Ticket or change reference that tracks the exception.
   * @default - none
   */
  readonly ticket?: string;
  /**
   * Who accepted the risk (person or team).
   * @default - not recorded
   */
  readonly by?: string;
}

/** A time-boxed acknowledgement as recorded on a construct. */
export interface AcknowledgementRecord {
  /** The acknowledged finding id. */
  readonly id: string;
  /** Why it is accepted. */
  readonly reason: string;
  /** Last day it holds (YYYY-MM-DD). */
  readonly expires: string;
  /** Tracking ticket, if any. */
  readonly ticket?: string;
  /** Who accepted it, if recorded. */
  readonly by?: string;
  /** True when `expires` lies before today: the acknowledgement no longer suppresses the finding. */
  readonly lapsed: boolean;
  /** Construct path it was recorded on. */
  readonly path: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a YYYY-MM-DD calendar date (UTC midnight); throws naming `prop` when malformed or not a real date. */
export function parseDay(prop: string, value: string): Date {
  const m = DATE.exec(value ?? '');
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) {
    throw invalidProp(prop, value, 'must be a calendar date in the form YYYY-MM-DD');
  }
  return date;
}

/** Today (UTC, YYYY-MM-DD) as seen from `scope`: the `cdk-api-baseline:today` context value, else the clock. */
export function today(scope: IConstruct): string {
  const pinned = scope.node.tryGetContext(TODAY_CONTEXT);
  if (pinned !== undefined) {
    parseDay(`context "${TODAY_CONTEXT}"`, String(pinned));
    return String(pinned);
  }
  return new Date().toISOString().slice(0, 10);
}

/**
 * Records a time-boxed acknowledgement; while it holds it is also a cdk-nag v3 acknowledgement. The id may be given
 * in any form `bareFindingId` accepts; it is recorded and acknowledged as the bare id, so the packs, the gate, the
 * report and the expiry all match it.
 */
export function acknowledgeUntil(scope: IConstruct, options: TimeBoxedAcknowledgementOptions): AcknowledgementRecord {
  return atConstructPath(scope, () => {
    if (!options.id || !options.id.trim()) throw invalidProp('id', options.id, 'must name the finding to acknowledge');
    const id = bareFindingId(options.id);
    if (!id) throw invalidProp('id', options.id, 'must name the finding to acknowledge');
    if (!options.reason || !options.reason.trim()) {
      throw invalidProp('reason', options.reason, 'must explain why the finding is accepted');
    }
    const expires = parseDay('expires', options.expires);
    if (options.granted !== undefined) {
      const granted = parseDay('granted', options.granted);
      if (expires.getTime() <= granted.getTime()) {
        throw invalidProp('expires', options.expires, `must lie after the grant date ${options.granted}`);
      }
    }
    const lapsed = options.expires < today(scope);
    const record: AcknowledgementRecord = {
      id,
      reason: options.reason.trim(),
      expires: options.expires,
      ticket: options.ticket,
      by: options.by,
      lapsed,
      path: scope.node.path,
    };
    scope.node.addMetadata(ACKNOWLEDGEMENT_METADATA, record);
    if (!lapsed) {
      const suffix = [`until ${options.expires}`, options.ticket, options.by && `by ${options.by}`].filter(Boolean).join(', ');
      Validations.of(scope).acknowledge({ id, reason: `${record.reason} (${suffix})` });
    }
    return record;
  });
}

/** Every acknowledgement in the tree under `root`: time-boxed ones and plain `Validations.acknowledge` ones. */
export function collectAcknowledgements(root: IConstruct): AcknowledgementRecord[] {
  const out: AcknowledgementRecord[] = [];
  for (const c of root.node.findAll()) {
    const timeBoxed = new Set<string>();
    for (const entry of c.node.metadata) {
      if (entry.type === ACKNOWLEDGEMENT_METADATA) {
        out.push({ ...(entry.data as AcknowledgementRecord), path: c.node.path });
        timeBoxed.add((entry.data as AcknowledgementRecord).id);
      }
    }
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [key, value] of Object.entries(entry.data as Record<string, any>)) {
        const id = bareFindingId(key).replace(/^[a-z]+::/i, '');
        if (timeBoxed.has(id)) continue;
        const reason = typeof value === 'string' ? value : value?.reason ?? '';
        out.push({ id, reason, expires: '', lapsed: false, path: c.node.path });
      }
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.id.localeCompare(b.id));
}

/**
 * Acknowledgements recorded in the gate's plugin namespace (`cdk-api-baseline::<id>`, the form aws-cdk-lib's
 * validation output suggests): construct path → bare finding ids. The packs only read bare (annotation) ids, so the
 * gate applies these itself, the way aws-cdk-lib does: on the finding's construct and every construct above it.
 */
export class GateAcknowledgements {
  private readonly byPath = new Map<string, Set<string>>();

  constructor(root: IConstruct) {
    const prefix = `${GATE_PLUGIN_NAME}::`;
    for (const c of root.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
        for (const key of Object.keys(entry.data as Record<string, unknown>)) {
          if (!key.startsWith(prefix)) continue;
          let ids = this.byPath.get(c.node.path);
          if (!ids) this.byPath.set(c.node.path, ids = new Set());
          ids.add(key.slice(prefix.length));
        }
      }
    }
  }

  /** Whether `ruleId` is acknowledged on the construct at `path` or one above it. */
  public covers(ruleId: string, path: string): boolean {
    if (this.byPath.size === 0) return false;
    let current = path;
    for (;;) {
      // aws-cdk-lib records an acknowledged id with its spaces as dashes (`[GET /pets]` → `[GET-/pets]`)
      const ids = this.byPath.get(current);
      if (ids?.has(ruleId) || ids?.has(ruleId.replace(/ /g, '-'))) return true;
      if (current === '') return false;
      const slash = current.lastIndexOf('/');
      current = slash === -1 ? '' : current.slice(0, slash);
    }
  }
}
