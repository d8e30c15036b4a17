import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';

/**
 * The SAM oracle: `aws-sam-translator` (the Python library cfn-lint uses) translates every SAM template of
 * `test/fixtures/sam/` into plain CloudFormation, and `cdk-api-baseline check` must report the same ApiBaseline
 * findings on the SAM template as on its translation (rule ids with their operation labels, counted as a multiset;
 * the two sides report them on different resources, so resources are not compared).
 *
 * The corpus is four hardened bases (an `AWS::Serverless::Api`, the implicit REST API of `Api` events, an
 * `AWS::Serverless::HttpApi`, the implicit HTTP API of `HttpApi` events; plus a Cognito-only REST base the
 * authorizer variants start from) and variants that each break one control through one SAM property, or write a
 * setting another way (Globals, overrides, a `Transform` list) without weakening it. The tables below say what each
 * variant breaks; the tests check it on the translated side, so a variant that does not break what it says fails
 * here whatever the SAM side does. Until the SAM expansion exists, the SAM side of the oracle fails: SAM resources
 * give only `[Unverifiable]` findings, and templates that refer to `ServerlessRestApi` / `ServerlessHttpApi` are
 * refused.
 *
 * The translator runs once, in `beforeAll`. Where python3 or aws-sam-translator is missing the tests are skipped
 * with a printed reason, except under CI (`CI` set), where `.ci/run` installs the translator and its absence fails.
 */

const SAM_DIR = path.join(__dirname, '..', '..', 'fixtures', 'sam');
/** The Python that runs the translator: `SAM_ORACLE_PYTHON`, or `python3` on the PATH. */
const PYTHON = process.env.SAM_ORACLE_PYTHON ?? 'python3';
const TRANSLATE = path.join(SAM_DIR, 'translate.py');
const TEMPLATES = fs.readdirSync(SAM_DIR).filter((f) => f.endsWith('.yaml')).sort();

/**
 * A pack gap: the pack does not report what the variant breaks on the translated template, for a reason in the
 * pack. `today` lists the ids the variant adds today instead (empty: none); the test checks them, so it fails (and
 * this entry is to be removed) once the pack reports the intended finding.
 */
interface Gap {
  readonly reason: string;
  readonly today: string[];
}

interface Variant {
  /** The template the variant changes in one place. */
  readonly base: string;
  /** The ApiBaseline finding ids the change adds on the translated side; empty when the change breaks nothing. */
  readonly breaks: string[];
  readonly gap?: Gap;
}

const REST = 'rest-hardened.yaml';
const REST_AUTH = 'rest-authorizers-hardened.yaml';
const REST_IMPLICIT = 'rest-implicit-hardened.yaml';
const HTTP = 'http-hardened.yaml';
const HTTP_IMPLICIT = 'http-implicit-hardened.yaml';

/**
 * The hardened bases and the ApiBaseline errors their translation still has, each with the reason. Anything else
 * (an error not listed, a listed one missing) fails.
 */
const BASES: Record<string, { errors: string[]; reason?: string }> = {
  [REST]: { errors: [] },
  [REST_AUTH]: { errors: [] },
  [REST_IMPLICIT]: {
    errors: ['ApiBaseline-MethodRequestValidator[GET /orders]', 'ApiBaseline-MethodRequestValidator[POST /orders]'],
    reason: 'SAM cannot give the implicit ServerlessRestApi `Models` (Globals.Api has no Models), and request validators come only with a `RequestModel`; validated APIs need an AWS::Serverless::Api',
  },
  [HTTP]: { errors: [] },
  [HTTP_IMPLICIT]: { errors: [] },
};

/** Every variant: its base, and what it breaks. */
const VARIANTS: Record<string, Variant> = {
  // explicit REST API: authorizers (from the Cognito-only base, so API keys do not hide them)
  'rest-authorizer-none.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-MethodAuthorization[GET /orders]'] },
  'rest-no-default-authorizer.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-MethodAuthorization[GET /orders]'] },
  'rest-no-scopes.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-CognitoMethodScopes[GET /orders]'] },
  'rest-token-authorizer-no-validation.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-AuthorizerTokenValidation'] },
  'rest-token-authorizer-long-cache.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-AuthorizerCacheTtl'] },
  'rest-request-authorizer-cache-no-credential.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-AuthorizerCacheIdentity'] },
  'rest-request-authorizer-query-identity.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-AuthorizerIdentityNotInQuery'] },
  'rest-transform-list.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-MethodAuthorization[POST /orders]'] },
  'rest-state-machine-api-event.yaml': {
    base: REST_AUTH,
    breaks: ['ApiBaseline-MethodAuthorization[POST /workflows]', 'ApiBaseline-MethodRequestValidator[POST /workflows]'],
  },
  'rest-definition-body.yaml': { base: REST_AUTH, breaks: ['ApiBaseline-MethodAuthorization[DELETE /orders/{id}]'] },
  'rest-iam-default-authorizer.yaml': { base: REST_AUTH, breaks: [] },
  // explicit REST API: everything else
  'rest-api-key-not-required.yaml': { base: REST, breaks: ['ApiBaseline-UsagePlanMethodApiKey[GET /orders]'] },
  'rest-usage-plan-no-quota.yaml': { base: REST, breaks: ['ApiBaseline-UsagePlanLimits'] },
  'rest-cors-preflight-default-authorizer.yaml': { base: REST, breaks: [] },
  'rest-tracing-off.yaml': { base: REST, breaks: ['ApiBaseline-StageXRayTracing'] },
  'rest-no-access-log.yaml': { base: REST, breaks: ['ApiBaseline-StageJsonAccessLogging'] },
  'rest-data-trace.yaml': { base: REST, breaks: ['ApiBaseline-StageDataTraceOff'] },
  'rest-execution-logging-off.yaml': { base: REST, breaks: ['ApiBaseline-StageExecutionLogging'] },
  'rest-no-stage-throttling.yaml': { base: REST, breaks: ['ApiBaseline-StageThrottling'] },
  'rest-method-throttle-above-stage.yaml': { base: REST, breaks: ['ApiBaseline-RouteThrottlingWithinStage'] },
  'rest-cache-unencrypted.yaml': { base: REST, breaks: ['ApiBaseline-StageCacheEncrypted'] },
  'rest-cors-wildcard.yaml': { base: REST, breaks: ['ApiBaseline-CorsNoWildcardOrigin[OPTIONS /orders]'] },
  'rest-gateway-response-wildcard.yaml': { base: REST, breaks: ['ApiBaseline-CorsNoWildcardOrigin'] },
  'rest-domain-tls10.yaml': { base: REST, breaks: ['ApiBaseline-DomainTls12'] },
  'rest-execute-api-endpoint-enabled.yaml': { base: REST, breaks: ['ApiBaseline-DomainDisablesDefaultEndpoint'] },
  'rest-private-no-vpce-policy.yaml': { base: REST, breaks: ['ApiBaseline-PrivateApiVpcEndpointPolicy'] },
  'rest-resource-policy-open.yaml': { base: REST, breaks: ['ApiBaseline-ApiPolicyNoOpenAllow'] },
  'rest-request-model-no-validate-body.yaml': { base: REST, breaks: ['ApiBaseline-MethodRequestValidator[POST /orders]'] },
  'rest-request-model-validate-omitted.yaml': { base: REST, breaks: ['ApiBaseline-MethodRequestValidator[POST /orders]'] },
  'rest-model-open-schema.yaml': { base: REST, breaks: ['ApiBaseline-ModelClosedSchema[POST /orders]'] },
  'rest-swagger-default-stage.yaml': {
    base: REST,
    breaks: ['ApiBaseline-Stage5xxAlarm', 'ApiBaseline-StageExecutionLogging', 'ApiBaseline-StageJsonAccessLogging', 'ApiBaseline-StageThrottling', 'ApiBaseline-StageWebAcl', 'ApiBaseline-StageXRayTracing'],
  },
  'rest-mixed-implicit-event.yaml': { base: REST, breaks: ['ApiBaseline-MethodAuthorization[GET /health]', 'ApiBaseline-StageJsonAccessLogging', 'ApiBaseline-StageWebAcl'] },
  'rest-function-nodejs14.yaml': { base: REST, breaks: ['ApiBaseline-LambdaSupportedRuntime'] },
  'rest-globals-function-python37.yaml': { base: REST, breaks: ['ApiBaseline-LambdaSupportedRuntime'] },
  'rest-globals-function-runtime-overridden.yaml': { base: REST, breaks: [] },
  'rest-function-url-none.yaml': { base: REST, breaks: ['ApiBaseline-FunctionUrlAuth'] },
  'rest-function-env-secret.yaml': { base: REST, breaks: ['ApiBaseline-SecretsInPlainText'] },
  'rest-globals-function-env-secret.yaml': { base: REST, breaks: ['ApiBaseline-SecretsInPlainText'] },
  'rest-globals-api-data-trace.yaml': { base: REST, breaks: ['ApiBaseline-StageDataTraceOff'] },
  'rest-globals-api-tracing-overridden.yaml': { base: REST, breaks: ['ApiBaseline-StageXRayTracing'] },
  'rest-simple-table.yaml': { base: REST, breaks: ['ApiBaseline-TableCmkPitr', 'ApiBaseline-TableDeletionProtection'] },
  'rest-simple-table-sse.yaml': { base: REST, breaks: ['ApiBaseline-TableCmkPitr', 'ApiBaseline-TableDeletionProtection'] },
  // implicit REST API
  'rest-implicit-authorizer-none.yaml': { base: REST_IMPLICIT, breaks: ['ApiBaseline-MethodAuthorization[GET /orders]'] },
  'rest-implicit-globals-no-default-authorizer.yaml': { base: REST_IMPLICIT, breaks: ['ApiBaseline-MethodAuthorization[GET /orders]'] },
  'rest-implicit-globals-tracing-off.yaml': { base: REST_IMPLICIT, breaks: ['ApiBaseline-StageXRayTracing'] },
  'rest-implicit-globals-data-trace.yaml': { base: REST_IMPLICIT, breaks: ['ApiBaseline-StageDataTraceOff'] },
  'rest-implicit-globals-cors-wildcard.yaml': { base: REST_IMPLICIT, breaks: ['ApiBaseline-CorsNoWildcardOrigin[OPTIONS /orders]'] },
  'rest-implicit-globals-cache-unencrypted.yaml': { base: REST_IMPLICIT, breaks: ['ApiBaseline-StageCacheEncrypted'] },
  'rest-implicit-any-method-proxy.yaml': { base: REST_IMPLICIT, breaks: ['ApiBaseline-MethodRequestValidator[ANY /{proxy+}]'] },
  'rest-implicit-no-globals-api.yaml': {
    base: REST_IMPLICIT,
    breaks: ['ApiBaseline-MethodAuthorization[GET /orders]', 'ApiBaseline-MethodAuthorization[POST /orders]', 'ApiBaseline-StageExecutionLogging', 'ApiBaseline-StageJsonAccessLogging', 'ApiBaseline-StageThrottling', 'ApiBaseline-StageWebAcl', 'ApiBaseline-StageXRayTracing'],
  },
  // explicit HTTP API
  'http-route-authorizer-none.yaml': { base: HTTP, breaks: ['ApiBaseline-MethodAuthorization[GET /orders]'] },
  'http-no-scopes.yaml': { base: HTTP, breaks: ['ApiBaseline-CognitoMethodScopes[GET /orders]'] },
  'http-jwt-issuer-http.yaml': { base: HTTP, breaks: ['ApiBaseline-JwtAuthorizerIssuerAudience'] },
  'http-jwt-empty-audience.yaml': { base: HTTP, breaks: ['ApiBaseline-JwtAuthorizerIssuerAudience'] },
  'http-jwt-token-in-query.yaml': { base: HTTP, breaks: ['ApiBaseline-JwtIdentitySourceNotQuery'] },
  'http-lambda-authorizer-query.yaml': { base: HTTP, breaks: ['ApiBaseline-AuthorizerIdentityNotInQuery'] },
  'http-route-throttle-above-default.yaml': { base: HTTP, breaks: ['ApiBaseline-RouteThrottlingWithinStage'] },
  'http-no-default-route-throttling.yaml': { base: HTTP, breaks: ['ApiBaseline-StageThrottling'] },
  'http-no-access-log.yaml': { base: HTTP, breaks: ['ApiBaseline-StageJsonAccessLogging'] },
  'http-cors-wildcard.yaml': { base: HTTP, breaks: ['ApiBaseline-CorsNoWildcardOrigin'] },
  'http-domain-tls10.yaml': { base: HTTP, breaks: ['ApiBaseline-DomainTls12'] },
  'http-execute-api-endpoint-enabled.yaml': { base: HTTP, breaks: ['ApiBaseline-DomainDisablesDefaultEndpoint'] },
  'http-function-python37.yaml': { base: HTTP, breaks: ['ApiBaseline-LambdaSupportedRuntime'] },
  'http-globals-httpapi-cors-merged.yaml': { base: HTTP, breaks: ['ApiBaseline-CorsNoWildcardOrigin'] },
  'http-globals-httpapi-throttle-overridden.yaml': { base: HTTP, breaks: [] },
  'http-lambda-authorizer-cache-no-credential.yaml': { base: HTTP, breaks: ['ApiBaseline-AuthorizerCacheIdentity'] },
  'http-definition-body.yaml': { base: HTTP, breaks: ['ApiBaseline-MethodAuthorization[DELETE /orders/{id}]'] },
  // implicit HTTP API
  'http-implicit-authorizer-none.yaml': { base: HTTP_IMPLICIT, breaks: ['ApiBaseline-MethodAuthorization[GET /orders]'] },
  'http-implicit-globals-jwt-http-issuer.yaml': { base: HTTP_IMPLICIT, breaks: ['ApiBaseline-JwtAuthorizerIssuerAudience'] },
  'http-implicit-globals-no-access-log.yaml': { base: HTTP_IMPLICIT, breaks: ['ApiBaseline-StageJsonAccessLogging'] },
  'http-implicit-globals-cors-wildcard.yaml': { base: HTTP_IMPLICIT, breaks: ['ApiBaseline-CorsNoWildcardOrigin'] },
  'http-implicit-default-route.yaml': { base: HTTP_IMPLICIT, breaks: ['ApiBaseline-CognitoMethodScopes[ANY $default]'] },
  'http-implicit-no-globals.yaml': { base: HTTP_IMPLICIT, breaks: ['ApiBaseline-MethodAuthorization[GET /orders]', 'ApiBaseline-MethodAuthorization[POST /orders]', 'ApiBaseline-StageJsonAccessLogging', 'ApiBaseline-StageThrottling'] },
};

/**
 * Templates whose SAM side may report `[Unverifiable]` findings, with the reason: only those whose translation
 * has the same ones today (the pack's reading of the translated template cannot decide either).
 */
const EXPECTED_UNVERIFIABLE: Record<string, string> = Object.fromEntries(
  Object.entries(VARIANTS)
    .filter(([, v]) => v.gap?.today.some((id) => id.endsWith('[Unverifiable]')))
    .map(([name, v]) => [name, v.gap!.reason]),
);

/** Why the oracle cannot run here, or undefined when python3 and aws-sam-translator are installed. */
function translatorMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import samtranslator'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `aws-sam-translator is not installed for ${PYTHON} (${probe.stderr.trim().split('\n').pop()})`;
  return undefined;
}

const missing = translatorMissing();
if (missing && !process.env.CI) {
  // eslint-disable-next-line no-console
  console.warn(`SAM oracle tests skipped: ${missing}. Install it with "pip install aws-sam-translator" (or cfn-lint) to run them.`);
}
const runOracle = missing === undefined;

interface Finding {
  readonly severity: string;
  readonly ruleId: string;
  readonly resource: string;
}

/** Runs `check` in process; a run that cannot judge the template (exit code 2) keeps its message. */
function check(file: string): { findings: Finding[]; refused?: string } {
  const { code, stdout, stderr } = runCli(['check', file, '--format', 'json']);
  if (code === 2) return { findings: [], refused: stderr.trim() };
  return { findings: JSON.parse(stdout).findings };
}

/** The ApiBaseline rule ids of a run (the other packs the CLI runs are not what the expansion is judged on). */
function baselineIds(findings: Finding[], severity?: string): string[] {
  return findings
    .filter((f) => f.ruleId.startsWith('ApiBaseline-') && (severity === undefined || f.severity === severity))
    .map((f) => f.ruleId)
    .sort();
}

/**
 * A SAM-side id as the translation reports it: a finding on a resource the transform creates under a new logical id
 * is reported on the SAM resource with that id as its suffix (`ApiBaseline-StageWebAcl[MyApiprodStage]`), which the
 * translation reports on the resource itself, without a suffix. Operation labels (`[GET /a]`, `[$default]`) and
 * `[Unavailable]` / `[Unverifiable]` stay.
 */
function withoutGeneratedId(id: string): string {
  return id.replace(/\[([A-Za-z][A-Za-z0-9]*)\]/, (suffix, label: string) => (label === 'Unavailable' || label === 'Unverifiable' ? suffix : ''));
}

/** The ids of `a` not matched by an id of `b`, counted: `a - b` as multisets. */
function minus(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((id) => {
    const i = left.indexOf(id);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

describe('SAM oracle: the pack judges a SAM template as it judges its aws-sam-translator translation', () => {
  if (missing && process.env.CI) {
    test('aws-sam-translator is installed (CI runs the SAM oracle)', () => {
      throw new Error(`${missing}: CI must run the SAM oracle; install cfn-lint / aws-sam-translator (see .ci/run)`);
    });
    return;
  }

  let outDir: string;
  const translated = new Map<string, string>();
  const translationErrors = new Map<string, string>();
  const cache = new Map<string, ReturnType<typeof check>>();
  const checked = (file: string) => {
    if (!cache.has(file)) cache.set(file, check(file));
    return cache.get(file)!;
  };
  const translatedRun = (name: string) => {
    const file = translated.get(name);
    if (!file) throw new Error(`${name} was not translated: ${translationErrors.get(name) ?? 'no output'}`);
    return checked(file);
  };

  beforeAll(() => {
    if (!runOracle) return;
    const run = spawnSync(PYTHON, [TRANSLATE, ...TEMPLATES.map((t) => path.join(SAM_DIR, t))], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' },
    });
    if (run.status !== 0) throw new Error(`translate.py failed (exit ${run.status}): ${run.stderr}`);
    const results: Record<string, any> = JSON.parse(run.stdout);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sam-oracle-'));
    for (const [file, template] of Object.entries(results)) {
      const name = path.basename(file);
      if (template && typeof template.error === 'string') {
        translationErrors.set(name, template.error);
        continue;
      }
      const out = path.join(outDir, name.replace(/\.yaml$/, '.json'));
      fs.writeFileSync(out, JSON.stringify(template, undefined, 1));
      translated.set(name, out);
    }
  });

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  const maybe = runOracle ? test : test.skip;

  maybe('the corpus has at least 45 templates, each a base or a listed variant of a base', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(45);
    const unlisted = TEMPLATES.filter((t) => !(t in BASES) && !(t in VARIANTS));
    const absent = [...Object.keys(BASES), ...Object.keys(VARIANTS)].filter((t) => !TEMPLATES.includes(t));
    const unknownBases = Object.entries(VARIANTS).filter(([, v]) => !(v.base in BASES)).map(([n]) => n);
    expect({ unlisted, absent, unknownBases }).toEqual({ unlisted: [], absent: [], unknownBases: [] });
  });

  maybe.each(TEMPLATES)('%s translates without error', (name) => {
    expect(translationErrors.get(name)).toBeUndefined();
    expect(translated.has(name)).toBe(true);
  });

  maybe.each(Object.keys(BASES))('hardened base %s: the translation has no ApiBaseline error but the listed ones', (name) => {
    const run = translatedRun(name);
    expect(run.refused).toBeUndefined();
    expect(baselineIds(run.findings, 'error')).toEqual([...BASES[name].errors].sort());
  });

  maybe.each(Object.keys(VARIANTS))('variant %s breaks what it says on the translated side', (name) => {
    const variant = VARIANTS[name];
    const base = translatedRun(variant.base);
    const run = translatedRun(name);
    expect(run.refused).toBeUndefined();
    const ids = baselineIds(run.findings);
    const baseIds = baselineIds(base.findings);
    const added = minus(ids, baseIds);
    if (variant.breaks.length === 0) {
      // the change breaks nothing the baseline judges: the same findings as the base
      expect({ added, removed: minus(baseIds, ids) }).toEqual({ added: [], removed: [] });
    } else {
      const expected = variant.gap ? variant.gap.today : variant.breaks;
      expect({ notAdded: minus(expected, added) }).toEqual({ notAdded: [] });
    }
  });

  maybe.each(TEMPLATES)('%s: the same findings on the SAM template as on its translation', (name) => {
    const translatedSide = translatedRun(name);
    const samSide = checked(path.join(SAM_DIR, name));
    const expected = baselineIds(translatedSide.findings);
    const actual = baselineIds(samSide.findings).map(withoutGeneratedId).sort();
    const unverifiable = EXPECTED_UNVERIFIABLE[name] ? [] : [...new Set(actual.filter((id) => id.includes('[Unverifiable]')))];
    // one object, so a failure prints every difference at once: findings only the translation has, findings only
    // the SAM template has, a SAM template the CLI refused, and [Unverifiable] findings not expected for it
    expect({
      refused: samSide.refused,
      missingOnSam: minus(expected, actual),
      extraOnSam: minus(actual, expected),
      unexpectedUnverifiable: unverifiable,
    }).toEqual({ refused: undefined, missingOnSam: [], extraOnSam: [], unexpectedUnverifiable: [] });
  });
});
