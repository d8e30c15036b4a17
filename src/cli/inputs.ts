import * as fs from 'fs';
import * as path from 'path';
import { MAX_TEMPLATE_BYTES } from './load-template';

/** One template to judge. */
export interface Target {
  /** The file to read. */
  readonly file: string;
  /** How the template is named in the output: its path, with the stack name for a cloud assembly. */
  readonly label: string;
  /** Construct paths by logical id, from a cloud assembly's metadata. */
  readonly constructPaths?: Map<string, string>;
  /** For a stack of a cloud assembly: every `[construct path, logical id]` of its artifact (nested stacks included). */
  readonly assemblyPaths?: Array<[string, string]>;
  /** For a cloud assembly: asset files by their S3 object key, to find nested stack templates by their TemplateURL. */
  readonly assetFiles?: Map<string, string>;
  /** For a cloud assembly: the construct path of each nested stack, by its template file. */
  readonly templatePrefixes?: Map<string, string>;
  /** Files of the templates that include this one as a nested stack, outermost first (guards against cycles). */
  readonly parents?: string[];
}

/** What `collectTargets` found. */
export interface Collected {
  readonly targets: Target[];
  /** Files in directories that are not templates (wrong extension, or no Resources / AWSTemplateFormatVersion). */
  readonly skipped: string[];
  /** Paths that could not be used: `[path, reason]`. */
  readonly problems: Array<[string, string]>;
}

const TEMPLATE_EXTENSION = /\.(json|ya?ml|template)$/i;
/** A top-level `Resources:` or `AWSTemplateFormatVersion:` key, in JSON or YAML. */
const TEMPLATE_MARK = /(^|[\s{,])["']?(AWSTemplateFormatVersion|Resources)["']?\s*:/m;
const SNIFF_BYTES = 256 * 1024;
/** Directories a walk never enters. */
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/**
 * The templates named by command-line paths: files as given, directories walked recursively (templates by extension
 * and content, other files skipped and counted), CDK cloud assemblies (a directory with a `manifest.json`) by their
 * stack artifacts.
 */
export function collectTargets(paths: string[]): Collected {
  const targets: Target[] = [];
  const skipped: string[] = [];
  const problems: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (t: Target) => {
    const key = path.resolve(t.file);
    if (seen.has(key)) return;
    seen.add(key);
    targets.push(t);
  };
  const walk = (dir: string) => {
    if (isAssembly(dir)) {
      for (const t of assemblyTargets(dir, problems)) add(t);
      return;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push([dir, `cannot read the directory (${(e as Error).message})`]);
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) walk(p);
      } else if (entry.isFile()) {
        if (looksLikeTemplate(p)) add({ file: p, label: p });
        else skipped.push(p);
      }
    }
  };
  for (const p of paths) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(p);
    } catch {
      stat = undefined;
    }
    if (!stat) problems.push([p, 'no such file']);
    else if (stat.isDirectory()) walk(p);
    else add({ file: p, label: p });
  }
  return { targets, skipped, problems };
}

function looksLikeTemplate(file: string): boolean {
  if (!TEMPLATE_EXTENSION.test(file)) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, MAX_TEMPLATE_BYTES));
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return TEMPLATE_MARK.test(buffer.subarray(0, read).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isAssembly(dir: string): boolean {
  const manifest = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifest)) return false;
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    return m !== null && typeof m === 'object' && typeof m.artifacts === 'object' && m.artifacts !== null;
  } catch {
    return false;
  }
}

/** The stack templates of a cloud assembly, nested assemblies (CDK stages) included. */
function assemblyTargets(dir: string, problems: Array<[string, string]>): Target[] {
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const out: Target[] = [];
  for (const [id, artifact] of Object.entries<any>(manifest.artifacts).sort(([a], [b]) => a.localeCompare(b))) {
    if (artifact?.type === 'cdk:cloud-assembly' && typeof artifact.properties?.directoryName === 'string') {
      const nested = path.join(dir, artifact.properties.directoryName);
      if (isAssembly(nested)) out.push(...assemblyTargets(nested, problems));
      else problems.push([nested, 'not a cloud assembly (no manifest.json)']);
      continue;
    }
    if (artifact?.type !== 'aws:cloudformation:stack') continue;
    const templateFile = artifact.properties?.templateFile;
    if (typeof templateFile !== 'string') {
      problems.push([`${manifestFile} (${id})`, 'stack artifact without a templateFile']);
      continue;
    }
    const assemblyPaths: Array<[string, string]> = [];
    const templatePrefixes = new Map<string, string>();
    let metadata = artifact.metadata ?? {};
    if (typeof artifact.additionalMetadataFile === 'string') {
      try {
        metadata = { ...metadata, ...JSON.parse(fs.readFileSync(path.join(dir, artifact.additionalMetadataFile), 'utf8')) };
      } catch {
        // without its metadata a stack is still judged, its findings named by logical id only
      }
    }
    for (const [constructPath, entries] of Object.entries<any>(metadata)) {
      if (!Array.isArray(entries)) continue;
      const p = constructPath.replace(/^\//, '');
      for (const e of entries) {
        if (e?.type === 'aws:cdk:logicalId' && typeof e.data === 'string') assemblyPaths.push([p, e.data]);
        if (e?.type === 'aws:cdk:templateFile' && typeof e.data === 'string') templatePrefixes.set(path.resolve(dir, e.data), p);
      }
    }
    const stackName = artifact.displayName ?? id;
    out.push({
      file: path.join(dir, templateFile),
      label: `${path.join(dir, templateFile)} (${stackName})`,
      constructPaths: pathsUnder(assemblyPaths, undefined),
      assemblyPaths,
      assetFiles: assetFiles(dir),
      templatePrefixes,
    });
  }
  return out;
}

/** The file assets of a cloud assembly by S3 object key (nested stack templates among them). */
function assetFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.assets.json')).sort()) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
      for (const asset of Object.values<any>(manifest.files ?? {})) {
        if (typeof asset?.source?.path !== 'string') continue;
        for (const d of Object.values<any>(asset.destinations ?? {})) {
          if (typeof d?.objectKey === 'string') files.set(d.objectKey, path.resolve(dir, asset.source.path));
        }
      }
    } catch {
      // an unreadable asset manifest only means nested stacks are listed as not judged
    }
  }
  return files;
}

/**
 * Construct paths by logical id for the resources of one template: of the whole artifact when `prefix` is undefined
 * (a top-level stack), else of the constructs under `prefix` (a nested stack). The shortest path wins on a clash.
 */
export function pathsUnder(assemblyPaths: Array<[string, string]>, prefix: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  const candidates = prefix === undefined ? assemblyPaths : assemblyPaths.filter(([p]) => p.startsWith(`${prefix}/`));
  for (const [p, id] of [...candidates].sort(([a], [b]) => a.length - b.length)) {
    if (!map.has(id)) map.set(id, p);
  }
  return map;
}
