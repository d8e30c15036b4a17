import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import * as yaml from 'js-yaml';
import { expandSam, isSamType, resolveSamReferences, TRANSFORM_PLACEHOLDER_TYPE } from '../nag/model/sam';

/** An input the tool cannot work with: reported on one line, exit code 2. */
export class UnusableInput extends Error {}

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

/** The YAML schema of CloudFormation templates: YAML 1.1 core with the short-form function tags. */
const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend(SHORT_FORMS.flatMap(([name, construct]) =>
  (['scalar', 'sequence', 'mapping'] as const).map((kind) => new yaml.Type(`!${name}`, {
    kind,
    construct: (data: unknown) => construct(data ?? (kind === 'scalar' ? '' : kind === 'sequence' ? [] : {})),
  }))));

/** Parses a template written in JSON or YAML (with CloudFormation short forms). */
export function parseTemplate(text: string): unknown {
  if (/^\s*[{[]/.test(text)) return JSON.parse(text);
  return yaml.load(text, { schema: CFN_SCHEMA });
}

/**
 * Loads a CloudFormation or SAM template file into a stack, each resource an L1 construct (through aws-cdk-lib's
 * `CfnInclude`). A template under the Serverless transform may reference the resources the transform creates
 * (`!Ref ServerlessRestApi`, `DependsOn: MyFunctionRole`): those get placeholders, which the rule pack replaces with
 * the resources it expands from the SAM resources.
 */
export function loadTemplate(file: string): Stack {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UnusableInput(`${file}: no such file`);
  const text = fs.readFileSync(file, 'utf8');
  let parsed: unknown;
  const json = /^\s*[{[]/.test(text);
  try {
    parsed = parseTemplate(text);
  } catch (e) {
    // YAML that this reader cannot parse is left to CfnInclude, which gives its own error
    if (json) throw new UnusableInput(`${file}: invalid JSON (${(e as Error).message})`);
  }
  if (json && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || typeof (parsed as any).Resources !== 'object')) {
    throw new UnusableInput(`${file}: not a CloudFormation template (no Resources section)`);
  }
  const serverless = parsed === undefined ? undefined : addTransformPlaceholders(parsed);
  let scratch: string | undefined;
  let templateFile = file;
  if (serverless !== undefined) {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-api-baseline-'));
    templateFile = path.join(scratch, 'template.json');
    fs.writeFileSync(templateFile, JSON.stringify(serverless.template));
  }
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Template');
  let include: CfnInclude;
  try {
    // SAM resources are included as written: aws-cdk-lib's aws-sam classes follow an older SAM specification and
    // would reshape or refuse properties the transform accepts
    include = new CfnInclude(stack, 'Include', { templateFile, dehydratedResources: serverless?.samIds });
    // CfnInclude keeps the logical ids and conditions of the resources it parses, not of those it includes as written
    for (const id of serverless?.samIds ?? []) {
      const resource = include.getResource(id);
      resource.overrideLogicalId(id);
      const condition = (parsed as any).Resources[id].Condition;
      if (typeof condition === 'string') resource.cfnOptions.condition = include.getCondition(condition);
    }
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    throw new UnusableInput(`${file}: cannot read the template (${message})`);
  } finally {
    if (scratch !== undefined) fs.rmSync(scratch, { recursive: true, force: true });
  }
  // CfnInclude leaves out resources whose logical id is an Object.prototype member (`constructor`, `__proto__`, ...):
  // a template it cannot include whole is refused, never judged by what is left. YAML is read as CfnInclude parsed it.
  const written = (parsed as any)?.Resources ?? (include as any).template?.Resources;
  const included = new Set(include.node.children.filter((c) => CfnResource.isCfnResource(c)).map((c) => c.node.id));
  const dropped = written !== null && typeof written === 'object' ? Object.keys(written).filter((id) => !included.has(id)) : [];
  if (dropped.length > 0) {
    throw new UnusableInput(`${file}: resources ${dropped.map((id) => `"${id}"`).join(', ')} cannot be read (aws-cdk-lib's CfnInclude leaves out logical ids named like Object.prototype members); rename them to check the template`);
  }
  if (!stack.node.findAll().some((c) => CfnResource.isCfnResource(c))) {
    throw new UnusableInput(`${file}: not a CloudFormation template (no Resources section)`);
  }
  return stack;
}

/**
 * A copy of a SAM template with a placeholder resource for every resource the Serverless transform creates under a
 * new logical id, so that references to them can be read, and the logical ids of its SAM resources; undefined when
 * the template has no SAM resource.
 */
function addTransformPlaceholders(template: unknown): { template: unknown; samIds: string[] } | undefined {
  if (template === null || typeof template !== 'object' || Array.isArray(template)) return undefined;
  const resources = (template as any).Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) return undefined;
  const sam = Object.keys(resources)
    .filter((id) => typeof resources[id]?.Type === 'string' && isSamType(resources[id].Type))
    .map((id) => ({ logicalId: id, type: resources[id].Type as string, props: resources[id].Properties ?? {} }));
  if (sam.length === 0) return undefined;
  const taken = (id: string) => Object.prototype.hasOwnProperty.call(resources, id);
  const { generated, references } = expandSam(sam, (template as any).Globals, taken);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(resources)) {
    // `!Ref MyApi.Stage` names no resource of the template: it stands for the stage the transform creates
    const resource = typeof resources[key]?.Type === 'string' && isSamType(resources[key].Type) ? resources[key] : resolveSamReferences(resources[key], references);
    Object.defineProperty(out, key, { value: resource, enumerable: true, writable: true, configurable: true });
  }
  for (const view of generated) {
    if (taken(view.logicalId)) continue;
    out[view.logicalId] = { Type: TRANSFORM_PLACEHOLDER_TYPE };
  }
  const outputs = resolveSamReferences((template as any).Outputs, references);
  return {
    template: { ...(template as object), Resources: out, ...(outputs !== undefined ? { Outputs: outputs } : {}) },
    samIds: sam.map((r) => r.logicalId),
  };
}
