import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CliFinding, TemplateResult } from './check';
import { foldDuplicates } from './duplicates';
import { baseRuleId, PROJECT_URL, ruleHelp } from './rule-help';

/** What a machine-readable report of a run is made from. */
export interface RunOutcome {
  readonly results: TemplateResult[];
  readonly code: number;
  /** An error that stopped the run before any template was judged (a wrong argument). */
  readonly error?: string;
}

function toolVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** A file as a URI relative to the working directory (`%SRCROOT%`), or as an absolute `file:` URI outside it. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(process.cwd(), file);
  if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: `file://${path.resolve(file).split(path.sep).map(encodeURIComponent).join('/')}` };
}

function message(f: CliFinding, duplicates: CliFinding[] = []): string {
  return `${f.ruleId} on ${f.resource}${f.path ? ` (${f.path})` : ''}: ${f.description}${f.fix ? ` Fix: ${f.fix}` : ''}`
    + `${duplicates.length > 0 ? ` Same control: ${duplicates.map((d) => d.ruleId).join(', ')}.` : ''}`;
}

/**
 * The run as SARIF 2.1.0: one run of the tool, a rule per finding id (help text and a link to its documentation),
 * a result per finding with the template file, the resource's line where it can be found and the resource as a
 * logical location; a standard-pack finding of the same control on the same resource as an ApiBaseline finding is no
 * result of its own but listed in the ApiBaseline result (its message and `properties.duplicates`); templates that
 * could not be judged are tool notifications.
 */
export function renderSarif(run: RunOutcome): string {
  const rules: any[] = [];
  const ruleIndex = new Map<string, number>();
  const results: any[] = [];
  for (const r of run.results) {
    for (const { finding: f, duplicates } of foldDuplicates(r.findings)) {
      const id = baseRuleId(f.ruleId);
      if (!ruleIndex.has(id)) {
        const help = ruleHelp(id, f.description);
        ruleIndex.set(id, rules.length);
        rules.push({
          id,
          shortDescription: { text: help.short },
          fullDescription: { text: help.help },
          help: { text: help.help },
          helpUri: help.helpUri,
          defaultConfiguration: { level: f.severity === 'error' ? 'error' : 'warning' },
          properties: { tags: ['security', ...(help.area ? [help.area] : []), ...(help.owasp ? [help.owasp] : [])] },
        });
      }
      const line = r.lines?.[f.resource];
      results.push({
        ruleId: id,
        ruleIndex: ruleIndex.get(id),
        level: f.severity === 'error' ? 'error' : 'warning',
        message: { text: message(f, duplicates) },
        locations: [{
          physicalLocation: {
            artifactLocation: artifactLocation(r.file),
            ...(line !== undefined ? { region: { startLine: line } } : {}),
          },
          logicalLocations: [{ name: f.resource, ...(f.path ? { fullyQualifiedName: f.path } : {}), kind: 'resource' }],
        }],
        partialFingerprints: {
          'cdkApiBaseline/v1': createHash('sha256').update(`${f.ruleId}\u0000${r.label}\u0000${f.resource}`).digest('hex'),
        },
        properties: {
          findingId: f.ruleId,
          template: r.label,
          ...(duplicates.length > 0 ? { duplicates: duplicates.map((d) => ({ ruleId: d.ruleId, level: d.severity === 'error' ? 'error' : 'warning', text: d.description })) } : {}),
        },
      });
    }
  }
  const notifications: any[] = [];
  if (run.error) notifications.push({ level: 'error', message: { text: run.error } });
  for (const r of run.results) {
    if (r.error) {
      notifications.push({ level: 'error', message: { text: `${r.label}: ${r.error}` }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.file) } }] });
    }
    for (const n of r.notJudged) {
      notifications.push({ level: 'warning', message: { text: `${r.label}: not judged: ${n}` }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.file) } }] });
    }
  }
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'cdk-api-baseline', version: toolVersion(), informationUri: PROJECT_URL, rules } },
      originalUriBaseIds: { '%SRCROOT%': { uri: `file://${process.cwd().split(path.sep).map(encodeURIComponent).join('/')}/` } },
      invocations: [{ executionSuccessful: run.code !== 2, exitCode: run.code, toolExecutionNotifications: notifications }],
      results,
    }],
  };
  return `${JSON.stringify(sarif, undefined, 2)}\n`;
}

/** Escapes workflow-command data (`%`, CR, LF) and, in properties, also `:` and `,`. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A file path for an annotation: relative to the working directory (the checkout) where it lies inside it. */
function annotationFile(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/**
 * The run as GitHub Actions workflow commands: an `::error` or `::warning` annotation per finding on the template's
 * line of the resource (standard-pack duplicates named in the ApiBaseline finding's annotation), an `::error` per template that could not be judged, a `::notice` per part not judged, and the
 * summary as plain text.
 */
export function renderGithub(run: RunOutcome, summary: string): string {
  const out: string[] = [];
  if (run.error) out.push(`::error title=cdk-api-baseline::${escapeData(run.error)}`);
  for (const r of run.results) {
    const file = escapeProperty(annotationFile(r.file));
    if (r.error) {
      out.push(`::error file=${file},title=${escapeProperty('cdk-api-baseline: not judged')}::${escapeData(r.error)}`);
      continue;
    }
    for (const { finding: f, duplicates } of foldDuplicates(r.findings)) {
      const line = r.lines?.[f.resource];
      out.push(`::${f.severity === 'error' ? 'error' : 'warning'} file=${file}${line !== undefined ? `,line=${line}` : ''},title=${escapeProperty(f.ruleId)}::${escapeData(message(f, duplicates))}`);
    }
    for (const n of r.notJudged) out.push(`::notice file=${file},title=${escapeProperty('cdk-api-baseline: not judged')}::${escapeData(n)}`);
  }
  if (summary) out.push(summary.trimEnd());
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
