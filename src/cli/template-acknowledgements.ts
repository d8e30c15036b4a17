import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { UnusableInput } from './errors';
import { acknowledgeUntil, bareFindingId, parseDay } from '../nag/acknowledgements';
import { InvalidPropError } from '../private/validation';

/** The resource `Metadata` key under which a template acknowledges findings on that resource. */
export const TEMPLATE_ACKNOWLEDGEMENT_KEY = 'cdk-api-baseline';

const ENTRY_KEYS = new Set(['id', 'reason', 'expires', 'ticket', 'by', 'granted']);

/**
 * Applies the acknowledgements a template writes in its resources' `Metadata`:
 *
 *   Metadata:
 *     cdk-api-baseline:
 *       acknowledgements:
 *         - { id: ApiBaseline-StageWebAcl, reason: "...", expires: 2027-03-31, ticket: SEC-12 }
 *
 * with the semantics of `ApiBaseline.acknowledge`: one with `expires` holds until that day and afterwards the finding
 * is back as an error that names it; one without `expires` holds like `Validations.of(c).acknowledge`. Anything
 * malformed is an `UnusableInput` naming the resource and the entry.
 */
export function applyTemplateAcknowledgements(file: string, stack: Stack, template: Record<string, any>): void {
  let include: CfnInclude | undefined;
  for (const [logicalId, resource] of Object.entries<any>(template.Resources)) {
    const metadata = resource?.Metadata;
    if (metadata === null || typeof metadata !== 'object' || !(TEMPLATE_ACKNOWLEDGEMENT_KEY in metadata)) continue;
    const where = `resource "${logicalId}": Metadata "${TEMPLATE_ACKNOWLEDGEMENT_KEY}"`;
    const fail = (message: string) => new UnusableInput(`${file}: ${where}: ${message}`);
    const section = metadata[TEMPLATE_ACKNOWLEDGEMENT_KEY];
    if (section === null || typeof section !== 'object' || Array.isArray(section)) {
      throw fail(`must be a map with "acknowledgements", got ${JSON.stringify(section)}`);
    }
    const unknown = Object.keys(section).filter((k) => k !== 'acknowledgements');
    if (unknown.length > 0) throw fail(`unknown setting "${unknown[0]}" (only "acknowledgements")`);
    const entries = section.acknowledgements;
    if (!Array.isArray(entries)) throw fail(`"acknowledgements" must be a list, got ${JSON.stringify(entries)}`);
    include ??= stack.node.findChild('Include') as CfnInclude;
    const construct: CfnResource = include.getResource(logicalId);
    entries.forEach((entry, i) => {
      const at = (message: string) => fail(`acknowledgement ${i + 1}: ${message}`);
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        throw at(`must be a map with "id" and "reason", got ${JSON.stringify(entry)}`);
      }
      const extra = Object.keys(entry).filter((k) => !ENTRY_KEYS.has(k));
      if (extra.length > 0) throw at(`unknown key "${extra[0]}" (id, reason, expires, ticket, by, granted)`);
      for (const key of Object.keys(entry)) {
        if (typeof entry[key] !== 'string') {
          throw at(`"${key}" must be a string${key === 'expires' || key === 'granted' ? ' (YYYY-MM-DD; quote it in YAML)' : ''}, got ${JSON.stringify(entry[key])}`);
        }
      }
      if (!entry.id?.trim() || !bareFindingId(entry.id)) throw at(`"id" must name the finding to acknowledge, got ${JSON.stringify(entry.id)}`);
      if (!entry.reason?.trim()) throw at(`"reason" must explain why the finding is accepted, got ${JSON.stringify(entry.reason)}`);
      try {
        if (entry.expires !== undefined) {
          const { id, reason, expires, ticket, by, granted } = entry;
          acknowledgeUntil(construct, { id, reason, expires, ticket, by, granted });
        } else {
          if (entry.granted !== undefined) parseDay('granted', entry.granted);
          const note = [entry.ticket, entry.by && `by ${entry.by}`].filter(Boolean).join(', ');
          Validations.of(construct).acknowledge({ id: bareFindingId(entry.id), reason: `${entry.reason.trim()}${note ? ` (${note})` : ''}` });
        }
      } catch (e) {
        // the resource is named already: the construct path CfnInclude gave it would only confuse
        const path = e instanceof InvalidPropError ? e.constructPath : undefined;
        const message = (e as Error).message;
        throw at(path && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message);
      }
    });
  }
}
