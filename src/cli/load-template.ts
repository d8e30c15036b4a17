import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import * as yaml from 'js-yaml';
import { UnusableInput } from './errors';
import { expandSam, isSamType, resolveSamReferences, TRANSFORM_PLACEHOLDER_TYPE } from '../nag/model/sam';

/**
 * Largest template file the CLI reads, in bytes. CloudFormation itself accepts at most 1 MB; a file above this limit
 * is refused from its size on disk, before any of it is read.
 */
export const MAX_TEMPLATE_BYTES = 8 * 1024 * 1024;

/** Deepest nesting of maps and lists the CLI reads; deeper JSON or YAML is refused before it is parsed. */
export const MAX_NESTING_DEPTH = 100;

/** A template as read from its file, checked to be a CloudFormation (or SAM) template the CLI can judge. */
export interface TemplateSource {
  /** The file as named on the command line (or found in a directory or cloud assembly). */
  readonly file: string;
  /** The file's text, for line numbers in reports. */
  readonly text: string;
  /** The parsed template. */
  readonly template: Record<string, any>;
}

const SOURCES = new WeakMap<Stack, TemplateSource>();

/** The source a stack returned by `loadTemplate` was read from. */
export function sourceOf(stack: Stack): TemplateSource | undefined {
  return SOURCES.get(stack);
}

/**
 * Reads `file` as a CloudFormation or SAM template (JSON, or YAML with short-form intrinsics) and includes it into a
 * new stack with aws-cdk-lib's `CfnInclude`, so the rule packs judge it like a synthesized CDK stack. Anything that
 * cannot be judged whole is refused with an `UnusableInput` naming the file and the reason.
 */
export function loadTemplate(file: string): Stack {
  const source = readTemplate(file);
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Template');
  // CfnInclude reads a file: it gets the checked template as JSON, so it sees exactly what was validated.
  const included = path.join(scratchDir(), `template-${++scratchCount}.json`);
  const serverless = withTransformPlaceholders(source.template);
  fs.writeFileSync(included, JSON.stringify(serverless?.template ?? source.template));
  try {
    // SAM resources are included as written: aws-cdk-lib's aws-sam classes follow an older SAM specification and
    // would reshape or refuse properties the transform accepts
    const include = new CfnInclude(stack, 'Include', { templateFile: included, dehydratedResources: serverless?.samIds });
    // CfnInclude keeps the logical ids and conditions of the resources it parses, not of those it includes as written
    for (const id of serverless?.samIds ?? []) {
      const resource = include.getResource(id);
      resource.overrideLogicalId(id);
      const condition = source.template.Resources[id].Condition;
      if (typeof condition === 'string') resource.cfnOptions.condition = include.getCondition(condition);
    }
  } catch (e) {
    const message = (e as Error).message.split('\n')[0].split(included).join(file);
    throw new UnusableInput(`${file}: cannot read the template (${message})`);
  } finally {
    fs.rmSync(included, { force: true });
  }
  SOURCES.set(stack, source);
  return stack;
}

/** Reads, parses and checks a template file; see `loadTemplate`. */
export function readTemplate(file: string): TemplateSource {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UnusableInput(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new UnusableInput(`${file}: no such file`);
  if (stat.size > MAX_TEMPLATE_BYTES) {
    throw new UnusableInput(`${file}: ${stat.size} bytes is more than the ${MAX_TEMPLATE_BYTES}-byte limit for a template (CloudFormation accepts at most 1 MB); not read`);
  }
  const text = fs.readFileSync(file, 'utf8');
  if (text.trim() === '') throw new UnusableInput(`${file}: empty file`);
  const json = /^\s*[{[]/.test(text) && !/\.ya?ml$/i.test(file);
  const depth = json ? jsonTextDepth(text) : yamlTextDepth(text);
  if (depth > MAX_NESTING_DEPTH) throw tooDeep(file);
  let template: unknown;
  if (json) {
    try {
      template = JSON.parse(text);
    } catch (e) {
      throw new UnusableInput(`${file}: invalid JSON (${(e as Error).message})`);
    }
  } else {
    try {
      template = parseYamlTemplate(text);
    } catch (e) {
      throw new UnusableInput(`${file}: cannot read the template (invalid YAML: ${(e as Error).message.split('\n')[0]})`);
    }
  }
  if (valueDepth(template) > MAX_NESTING_DEPTH) throw tooDeep(file);
  checkTemplate(file, template);
  return { file, text, template: template as Record<string, any> };
}

function tooDeep(file: string): UnusableInput {
  return new UnusableInput(`${file}: nested deeper than ${MAX_NESTING_DEPTH} levels of maps and lists; not read`);
}

const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';

function checkTemplate(file: string, template: unknown): void {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) {
    throw new UnusableInput(`${file}: not a CloudFormation template (not a map of sections)`);
  }
  const t = template as Record<string, unknown>;
  const transforms = Array.isArray(t.Transform) ? t.Transform : [t.Transform];
  if (transforms.some((x) => x === LANGUAGE_EXTENSIONS || (x as any)?.Name === LANGUAGE_EXTENSIONS)) {
    throw new UnusableInput(`${file}: the ${LANGUAGE_EXTENSIONS} transform (Fn::ForEach, Fn::Length, ...) is not supported; check the processed template instead (aws cloudformation get-template --template-stage Processed)`);
  }
  if (!('Resources' in t) || t.Resources === undefined) {
    throw new UnusableInput(`${file}: not a CloudFormation template (no Resources section)`);
  }
  const resources = t.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new UnusableInput(`${file}: "Resources" must be a map of logical ids to resources, got ${kindOf(resources)}`);
  }
  const ids = Object.keys(resources);
  if (ids.length === 0) throw new UnusableInput(`${file}: not a CloudFormation template (no Resources section)`);
  const forEach = ids.find((id) => id.startsWith('Fn::ForEach'));
  if (forEach) {
    throw new UnusableInput(`${file}: "${forEach}" needs the ${LANGUAGE_EXTENSIONS} transform, which is not supported; check the processed template instead (aws cloudformation get-template --template-stage Processed)`);
  }
  // CfnInclude leaves out resources whose logical id is an Object.prototype member (`constructor`, `__proto__`, ...):
  // a template it cannot include whole is refused, never judged by what is left.
  const prototypeIds = ids.filter((id) => id in Object.prototype);
  if (prototypeIds.length > 0) {
    throw new UnusableInput(`${file}: resources ${prototypeIds.map((id) => `"${id}"`).join(', ')} cannot be read (aws-cdk-lib's CfnInclude leaves out logical ids named like Object.prototype members); rename them to check the template`);
  }
  for (const id of ids) {
    const resource = (resources as Record<string, unknown>)[id];
    if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) {
      throw new UnusableInput(`${file}: resource "${id}" must be a map with a "Type", got ${kindOf(resource)}`);
    }
    const type = (resource as Record<string, unknown>).Type;
    if (typeof type !== 'string' || type.trim() === '') {
      throw new UnusableInput(`${file}: resource "${id}": "Type" must be a resource type name (a string), got ${type === undefined ? 'none' : JSON.stringify(type)}`);
    }
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Deepest nesting of `{` and `[` in JSON text, outside strings; stops counting past the limit. */
function jsonTextDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
      if (max > MAX_NESTING_DEPTH) return max;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return max;
}

/**
 * An upper bound of the nesting of YAML text: block levels (by indentation and `- ` items) plus flow brackets, so
 * that text nested too deeply never reaches the parser. Quoted scalars and comments are skipped.
 */
function yamlTextDepth(text: string): number {
  const indents: number[] = [];
  let max = 0;
  for (const line of text.split('\n')) {
    const content = line.replace(/^\s+/, '');
    if (content === '' || content.startsWith('#')) continue;
    let indent = line.length - content.length;
    let rest = content;
    while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
    indents.push(indent);
    // "- - key:" opens one level per dash
    while (/^-\s/.test(rest)) {
      indent += 2;
      indents.push(indent);
      rest = rest.slice(2).replace(/^\s+/, '');
    }
    let flow = 0;
    let quote = '';
    for (const ch of rest) {
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === '\'') {
        quote = ch;
      } else if (ch === '#') {
        break;
      } else if (ch === '{' || ch === '[') {
        flow++;
        max = Math.max(max, indents.length + flow);
      } else if (ch === '}' || ch === ']') {
        flow--;
      }
    }
    max = Math.max(max, indents.length);
    if (max > MAX_NESTING_DEPTH) return max;
  }
  return max;
}

/** Nesting depth of a parsed value, walked without recursion. */
function valueDepth(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_NESTING_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** The CloudFormation short-form functions (`!Ref`, `!Sub`, ...) and the long form each stands for. */
const SHORT_FORMS: [string, (value: unknown) => unknown][] = [
  ['Ref', (v) => ({ Ref: v })],
  ['Condition', (v) => ({ Condition: v })],
  ['GetAtt', (v) => ({ 'Fn::GetAtt': typeof v === 'string' ? splitGetAtt(v) : v })],
  ...['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And',
    'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString', 'ForEach']
    .map((name): [string, (value: unknown) => unknown] => [name, (v) => ({ [`Fn::${name}`]: v })]),
];

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

/**
 * The YAML schema of CloudFormation templates: the core schema (no dates, so `2010-09-09` stays text) with the
 * short-form function tags.
 */
const CFN_SCHEMA = yaml.CORE_SCHEMA.extend(SHORT_FORMS.flatMap(([name, construct]) =>
  (['scalar', 'sequence', 'mapping'] as const).map((kind) => new yaml.Type(`!${name}`, {
    kind,
    construct: (data: unknown) => construct(data ?? (kind === 'scalar' ? '' : kind === 'sequence' ? [] : {})),
  }))));

/** Parses YAML template text (with CloudFormation short forms). */
export function parseYamlTemplate(text: string): unknown {
  return yaml.load(text, { schema: CFN_SCHEMA });
}

/**
 * A copy of a SAM template with a placeholder resource for every resource the Serverless transform creates under a
 * new logical id and references to referenceable properties (`!Ref MyApi.Stage`) resolved, so that references to
 * them can be read, and the logical ids of its SAM resources; undefined when the template has no SAM resource.
 */
function withTransformPlaceholders(template: Record<string, any>): { template: unknown; samIds: string[] } | undefined {
  const resources = template.Resources;
  const isSam = (r: any) => typeof r?.Type === 'string' && isSamType(r.Type);
  const sam = Object.keys(resources).filter((id) => isSam(resources[id]))
    .map((id) => ({ logicalId: id, type: resources[id].Type as string, props: resources[id].Properties ?? {} }));
  if (sam.length === 0) return undefined;
  const taken = (id: string) => Object.prototype.hasOwnProperty.call(resources, id);
  const { generated, references } = expandSam(sam, template.Globals, taken);
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  for (const key of Object.keys(resources)) {
    // `!Ref MyApi.Stage` names no resource of the template: it stands for the stage the transform creates
    put(key, isSam(resources[key]) ? resources[key] : resolveSamReferences(resources[key], references));
  }
  for (const view of generated) if (!taken(view.logicalId)) put(view.logicalId, { Type: TRANSFORM_PLACEHOLDER_TYPE });
  const outputs = resolveSamReferences(template.Outputs, references);
  return {
    template: { ...template, Resources: out, ...(outputs !== undefined ? { Outputs: outputs } : {}) },
    samIds: sam.map((r) => r.logicalId),
  };
}

let scratch: string | undefined;
let scratchCount = 0;

function scratchDir(): string {
  if (!scratch) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-api-baseline-'));
    scratch = dir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}
