/**
 * Lambda runtime families and their versions, as listed by aws-cdk-lib 2.276 (`Runtime.ALL`). Deprecated runtimes are
 * the ones aws-cdk-lib marks `@deprecated` (no longer supported by AWS Lambda). Update both tables with aws-cdk-lib;
 * a test compares them with the installed `Runtime.ALL`.
 */

/** The newest runtime of each family. */
export const NEWEST_RUNTIMES: { [family: string]: string } = {
  nodejs: 'nodejs24.x',
  python: 'python3.15',
  java: 'java25',
  dotnet: 'dotnet10',
  ruby: 'ruby4.0',
  provided: 'provided.al2023',
};

/** Runtimes AWS Lambda no longer supports. */
export const DEPRECATED_RUNTIMES: string[] = [
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x',
  'nodejs18.x',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9',
  'java8',
  'dotnet6', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1',
  'go1.x',
  'ruby2.5', 'ruby2.7',
  'provided',
];

/** A runtime read as family and comparable version, e.g. `python3.12` → python, [3, 12]. */
export interface RuntimeVersion {
  readonly family: string;
  readonly version: number[];
}

/** Parses a Lambda runtime identifier; undefined for names outside the known families. */
export function parseRuntime(name: string): RuntimeVersion | undefined {
  if (name === 'provided') return { family: 'provided', version: [0] };
  const provided = /^provided\.al(\d+)$/.exec(name);
  if (provided) return { family: 'provided', version: [Number(provided[1])] };
  const m = /^(nodejs|python|java|dotnet|ruby)(\d+(?:\.\d+)*)(?:\.x)?(?:\.al(\d+))?$/.exec(name);
  if (!m) return undefined;
  return { family: m[1], version: m[2].split('.').map(Number) };
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `runtime` is as new as the newest known runtime of its family (or newer). */
export function isNewestRuntime(runtime: RuntimeVersion): boolean {
  const newest = parseRuntime(NEWEST_RUNTIMES[runtime.family] ?? '');
  return newest !== undefined && compareVersions(runtime.version, newest.version) >= 0;
}
