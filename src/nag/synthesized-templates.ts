import { existsSync, readFileSync } from 'fs';
import { basename, dirname, join } from 'path';
import { CfnResource, IPolicyValidationContext, Stack } from 'aws-cdk-lib';

/** The resources of one synthesized template and the logical id of each L1 resource of its stack. */
export interface TemplateResources {
  /** `Resources` of the template, by logical id, in template order. */
  readonly resources: Map<string, any>;
  /** `Parameters` of the template, by logical id. */
  readonly parameters: Map<string, any>;
  /** `Conditions` of the template, by logical id. */
  readonly conditions: Map<string, any>;
  /** The SAM `Globals` section of the template, when it has one. */
  readonly globals?: unknown;
  /** The logical id `node` (at construct path `path`) has in the template, or undefined when it cannot be told. */
  logicalIdOf(node: CfnResource, path: string): string | undefined;
}

const PATH_METADATA = 'aws:cdk:path';
const LOGICAL_ID_METADATA = 'aws:cdk:logicalId';

/**
 * The templates CDK wrote for the stacks under validation (the `templatePaths` of a validation context), read once
 * per validation run. Nested stacks are found next to their parent's template.
 *
 * A resource is matched to its construct by the `aws:cdk:path` metadata of the template when the app writes it
 * (the CDK CLI turns it on), else by the `aws:cdk:logicalId` entries of the cloud assembly manifest, else by resolving
 * the construct's logical id.
 */
export class SynthesizedTemplates {
  /** The templates of a validation context, or undefined when it names none. */
  public static fromContext(context: IPolicyValidationContext): SynthesizedTemplates | undefined {
    const stacks = context.stackTemplates ?? [];
    const byPath = new Map(stacks.map((s) => [s.stackConstructPath, s.templatePath]));
    const paths = context.templatePaths ?? stacks.map((s) => s.templatePath);
    if (paths.length === 0 && byPath.size === 0) return undefined;
    return new SynthesizedTemplates(byPath, paths);
  }

  private readonly templates = new Map<Stack, TemplateResources | null>();
  private readonly manifestIds = new Map<string, Map<string, string>>();

  private constructor(
    private readonly byStackPath: Map<string, string>,
    private readonly templatePaths: string[],
  ) {}

  /** The synthesized template of `stack`, or undefined when there is none on disk. */
  public of(stack: Stack): TemplateResources | undefined {
    if (!this.templates.has(stack)) this.templates.set(stack, this.load(stack) ?? null);
    return this.templates.get(stack) ?? undefined;
  }

  private templatePathOf(stack: Stack): string | undefined {
    const parent = stack.nestedStackParent;
    if (parent) {
      const parentPath = this.templatePathOf(parent);
      return parentPath === undefined ? undefined : join(dirname(parentPath), stack.templateFile);
    }
    const direct = this.byStackPath.get(stack.node.path);
    if (direct !== undefined) return direct;
    const named = this.templatePaths.filter((p) => basename(p) === stack.templateFile);
    return named.length === 1 ? named[0] : undefined;
  }

  private load(stack: Stack): TemplateResources | undefined {
    const file = this.templatePathOf(stack);
    const sections = file === undefined ? undefined : readSections(file);
    if (file === undefined || sections === undefined) return undefined;
    const resources = sections.resources;
    const byPath = new Map<string, string>();
    let allHavePaths = true;
    resources.forEach((body, logicalId) => {
      const path = body?.Metadata?.[PATH_METADATA];
      if (typeof path === 'string') byPath.set(path, logicalId);
      else allHavePaths = false;
    });
    const assemblyDir = dirname(file);
    return {
      resources,
      parameters: sections.parameters,
      conditions: sections.conditions,
      globals: sections.globals,
      logicalIdOf: (node, path) => {
        const id = byPath.get(path)
          ?? (allHavePaths ? undefined : this.logicalIdsOf(assemblyDir).get(`/${path}`))
          ?? Stack.of(node).resolve(node.logicalId);
        return typeof id === 'string' ? id : undefined;
      },
    };
  }

  /** Construct path → logical id, from the `aws:cdk:logicalId` metadata of the stacks of a cloud assembly. */
  private logicalIdsOf(assemblyDir: string): Map<string, string> {
    let ids = this.manifestIds.get(assemblyDir);
    if (ids) return ids;
    ids = new Map();
    this.manifestIds.set(assemblyDir, ids);
    const manifestFile = join(assemblyDir, 'manifest.json');
    if (!existsSync(manifestFile)) return ids;
    const manifest = readJson(manifestFile);
    for (const artifact of Object.values<any>(manifest?.artifacts ?? {})) {
      if (artifact?.type !== 'aws:cloudformation:stack') continue;
      const sources: any[] = [artifact.metadata ?? {}];
      const extra = artifact.additionalMetadataFile;
      if (typeof extra === 'string' && existsSync(join(assemblyDir, extra))) {
        sources.push(readJson(join(assemblyDir, extra)));
      }
      for (const metadata of sources) {
        for (const [path, entries] of Object.entries<any>(metadata)) {
          for (const entry of Array.isArray(entries) ? entries : []) {
            if (entry?.type === LOGICAL_ID_METADATA && typeof entry.data === 'string') ids.set(path, entry.data);
          }
        }
      }
    }
    return ids;
  }
}

function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The sections of a template the pack reads. */
export interface TemplateSections {
  readonly resources: Map<string, any>;
  readonly parameters: Map<string, any>;
  readonly conditions: Map<string, any>;
  /** The SAM `Globals` section, when there is one. */
  readonly globals?: unknown;
}

/** The `Resources` of a template file, or undefined when there is no such file. */
export function readResources(file: string): Map<string, any> | undefined {
  return readSections(file)?.resources;
}

/** The `Resources`, `Parameters` and `Conditions` of a template file, or undefined when there is no such file. */
export function readSections(file: string): TemplateSections | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const resources = resourcesOfCdkTemplate(bytes);
  const head = resources ? headOfCdkTemplate(bytes) : undefined;
  // aws-cdk-lib writes the sections in the order they were first added: Parameters and Conditions may follow Resources
  const tail = head ? tailOfCdkTemplate(bytes) : undefined;
  if (resources && head && tail) {
    return {
      resources,
      parameters: entriesOf(head.Parameters ?? tail.Parameters),
      conditions: entriesOf(head.Conditions ?? tail.Conditions),
      globals: head.Globals ?? tail.Globals,
    };
  }
  const whole = JSON.parse(bytes.toString('utf8'));
  return {
    resources: entriesOf(whole?.Resources),
    parameters: entriesOf(whole?.Parameters),
    conditions: entriesOf(whole?.Conditions),
    globals: whole?.Globals,
  };
}

/** The entries of a template section as a map (logical ids such as `constructor` are ordinary keys). */
function entriesOf(section: unknown): Map<string, any> {
  if (section === null || typeof section !== 'object' || Array.isArray(section)) return new Map();
  return new Map(Object.entries(section as object));
}

/**
 * The sections aws-cdk-lib writes before `Resources` (`Parameters`, `Conditions`, ...), parsed without the rest of
 * the file; undefined when they cannot be read that way.
 */
function headOfCdkTemplate(bytes: Buffer): any {
  const open = bytes.indexOf(RESOURCES_OPEN);
  if (open < 0) return undefined;
  const text = bytes.toString('utf8', 0, open).replace(/,\s*$/, '');
  try {
    const head = JSON.parse(`${text}\n}`);
    return head !== null && typeof head === 'object' ? head : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The sections aws-cdk-lib writes after `Resources`, parsed without the rest of the file; undefined when they cannot
 * be read that way. `Resources` ends at the first `\n }` after it opens: its entries are indented deeper, and JSON
 * strings cannot hold a raw line break.
 */
function tailOfCdkTemplate(bytes: Buffer): any {
  const open = bytes.indexOf(RESOURCES_OPEN);
  if (open < 0) return undefined;
  const close = RESOURCES_END.get(bytes) ?? bytes.indexOf(SECTION_CLOSE, open + RESOURCES_OPEN.length);
  if (close < 0) return undefined;
  const text = bytes.toString('utf8', close + SECTION_CLOSE.length).replace(/^,/, '');
  try {
    const tail = JSON.parse(`{${text}`);
    return tail !== null && typeof tail === 'object' ? tail : undefined;
  } catch {
    return undefined;
  }
}

/** Where `Resources` ends in a template read by `resourcesOfCdkTemplate` (the `\n }` that closes it). */
const RESOURCES_END = new WeakMap<Buffer, number>();

const RESOURCES_OPEN = Buffer.from('\n "Resources": {\n');
const SECTION_CLOSE = Buffer.from('\n }');
const RESOURCE_CLOSE = Buffer.from('\n  }');

/**
 * The `Resources` of a template as aws-cdk-lib writes it (`JSON.stringify(template, undefined, 1)`), parsed one
 * resource at a time; undefined when the text is laid out any other way.
 *
 * Turning a whole template into one JavaScript string costs far more than turning each resource into a small one. In
 * that layout a resource of `Resources` starts with `\n  "<id>": ` and ends with the first `\n  }` after it: JSON
 * strings cannot hold a raw line break, so every line break is layout, and a brace after exactly two spaces closes
 * an object two levels deep. Each slice is then parsed by `JSON.parse`, which throws on any slice that is not a
 * whole JSON value; any surprise falls back to parsing the whole file.
 */
export function resourcesOfCdkTemplate(bytes: Buffer): Map<string, any> | undefined {
  const open = bytes.indexOf(RESOURCES_OPEN);
  if (open < 0) return undefined;
  const resources = new Map<string, any>();
  let pos = open + RESOURCES_OPEN.length;
  try {
    for (;;) {
      // '  "<id>": {...\n  }' followed by ',\n' or by '\n }' (the end of Resources)
      if (bytes[pos] !== 0x20 || bytes[pos + 1] !== 0x20 || bytes[pos + 2] !== 0x22) return undefined;
      const idEnd = bytes.indexOf(0x22, pos + 3);
      if (idEnd < 0 || bytes[idEnd + 1] !== 0x3a || bytes[idEnd + 2] !== 0x20) return undefined;
      // a backslash would make the id an escaped JSON string (logical ids are alphanumeric)
      for (let i = pos + 3; i < idEnd; i++) if (bytes[i] === 0x5c) return undefined;
      const logicalId = bytes.toString('utf8', pos + 3, idEnd);
      const close = bytes.indexOf(RESOURCE_CLOSE, idEnd + 3);
      if (close < 0) return undefined;
      const end = close + RESOURCE_CLOSE.length;
      resources.set(logicalId, JSON.parse(bytes.toString('utf8', idEnd + 3, end)));
      if (bytes[end] === 0x2c && bytes[end + 1] === 0x0a) {
        pos = end + 2;
      } else if (bytes[end] === 0x0a && bytes[end + 1] === 0x20 && bytes[end + 2] === 0x7d) {
        RESOURCES_END.set(bytes, end);
        return resources;
      } else {
        return undefined;
      }
    }
  } catch {
    return undefined;
  }
}
