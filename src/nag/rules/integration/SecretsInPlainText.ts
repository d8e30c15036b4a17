import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { flattenText, isOpaque, namedIds } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, RuleOutcome, unverifiable, worstOutcome } from '../../rule';
import { isIntrinsic, StackIndex } from '../../stack-index';

/** Variable names that say the value is a credential. */
const CREDENTIAL_NAME = /(secret|password|passwd|pwd|token|api[_-]?key|private[_-]?key|credential|conn(ection)?[_-]?str)/i;

/**
 * Last words of a name that say the value only points at or describes a credential (`SECRET_ARN`, `TOKEN_TABLE_NAME`,
 * `API_KEY_HEADER`, `PASSWORD_MIN_LENGTH`).
 */
const REFERENCE_WORDS = new Set([
  'arn', 'arns', 'name', 'names', 'id', 'ids', 'keyid', 'url', 'uri', 'endpoint', 'host', 'path', 'param', 'parameter',
  'header', 'table', 'bucket', 'topic', 'queue', 'region', 'ttl', 'expiry', 'expiration', 'expires', 'length', 'size',
  'count', 'type', 'version', 'enabled', 'format', 'issuer', 'audience', 'scope', 'scopes', 'policy', 'prefix', 'field',
  'location', 'source', 'file', 'store', 'kms', 'days', 'hours', 'minutes', 'seconds', 'ms', 'validity', 'use',
]);

/** Dynamic references that CloudFormation resolves at deploy time, so the template holds no value. */
const DYNAMIC_REFERENCE = /\{\{resolve:(secretsmanager|ssm-secure|ssm):/i;

/** Values that are credentials whatever the variable is called. */
const CREDENTIAL_VALUES: RegExp[] = [
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/, // AWS access key id
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/, // JWT
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, // PEM private key
  /\b(ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{20,}/, // GitHub token
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack token
  /\b(sk|rk)_live_[A-Za-z0-9]{10,}/, // Stripe secret key
];

/** Resource attributes that are themselves secrets. */
const SECRET_ATTRIBUTE = /\$\{[A-Za-z0-9]+\.(SecretAccessKey|ClientSecret)\}/;

/** A connection string with a password: `scheme://user:password@host`. */
const CONNECTION_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/gi;

/** True when the last word of a variable name says it only names or describes a credential. */
function isReferenceName(name: string): boolean {
  const words = name.split(/[_\-. ]+|(?<=[a-z0-9])(?=[A-Z])/).filter((w) => w !== '');
  const last = words[words.length - 1]?.toLowerCase() ?? '';
  const lastTwo = words.slice(-2).join('').toLowerCase();
  return REFERENCE_WORDS.has(last) || REFERENCE_WORDS.has(lastTwo);
}

/** True when a literal value names or points at a secret rather than being one. */
function isPointer(text: string): boolean {
  const value = text.trim();
  return value === ''
    || /^(true|false|yes|no|none|null)$/i.test(value)
    || /^-?\d+(\.\d+)?$/.test(value)
    || value.startsWith('arn:')
    // a Secrets Manager secret name or SSM parameter path: `prod/orders/db`, `/app/db/password`
    || /^\/?[A-Za-z0-9_+=.@-]+(\/[A-Za-z0-9_+=.@-]+)+\/?$/.test(value)
    // a URL without credentials
    || (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(value));
}

/** Judges one variable: its value as written (a literal or an intrinsic). */
function judgeVariable(name: string, value: unknown, index: StackIndex): RuleOutcome {
  if (value === undefined || value === null || typeof value === 'boolean') return NagRuleCompliance.COMPLIANT;
  const text = flattenText(value);
  if (SECRET_ATTRIBUTE.test(text)) return NagRuleCompliance.NON_COMPLIANT;
  if (CREDENTIAL_VALUES.some((pattern) => pattern.test(text))) return NagRuleCompliance.NON_COMPLIANT;
  for (const m of text.matchAll(CONNECTION_PASSWORD)) {
    const password = m[1];
    if (!password.startsWith('${') && !password.startsWith('{{resolve:') && !isOpaque(password)) return NagRuleCompliance.NON_COMPLIANT;
  }
  if (!CREDENTIAL_NAME.test(name) || isReferenceName(name)) return NagRuleCompliance.COMPLIANT;
  if (DYNAMIC_REFERENCE.test(text)) return NagRuleCompliance.COMPLIANT;
  const parameters = namedIds(text).filter((id) => index.context.parameters.has(id) && index.get(id) === undefined);
  if (parameters.length > 0) {
    return unverifiable(`${name} is set from parameter ${parameters.join(', ')}, whose value is only known at deploy time`);
  }
  if (isOpaque(text)) return unverifiable(`${name} is built from values only known at deploy time`);
  // a reference to another resource (a secret's ARN, a table's name) is not the credential itself
  if (text.includes('${')) return NagRuleCompliance.COMPLIANT;
  return isPointer(text) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** The variables a resource sets, as written: stage variables or Lambda environment variables. */
function variablesOf(type: string, props: any): unknown {
  switch (type) {
    case 'AWS::ApiGateway::Stage':
      return props.Variables;
    case 'AWS::ApiGateway::Deployment':
      return isIntrinsic(props.StageDescription) ? props.StageDescription : props.StageDescription?.Variables;
    case 'AWS::ApiGatewayV2::Stage':
      return props.StageVariables;
    default:
      return isIntrinsic(props.Environment) ? props.Environment : props.Environment?.Variables;
  }
}

/**
 * Stage variables (REST and v2 stages, deployments' `StageDescription`) and Lambda environment variables hold no
 * credentials in plain text: no literal value under a credential-like name (`*_PASSWORD`, `*_TOKEN`, `API_KEY`, ...),
 * and no value that is a credential whatever its name (AWS access keys, JWTs, private keys, connection strings with a
 * password, access key secrets and client secrets read from other resources).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [
    'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment', 'AWS::ApiGatewayV2::Stage',
    'AWS::Lambda::Function',
  ],
  shapes: 'REST and v2 stages, deployments, Lambda functions (also SAM)',
  info: 'A stage variable or Lambda environment variable holds what looks like a credential (key, token, password, connection string) in plain text.',
  explanation:
    'Stage variables and environment variables are written into the template, the cloud assembly and the source repository, and anyone who may read the stage or the function configuration (`apigateway:GET`, `lambda:GetFunctionConfiguration`) reads them; they cannot be rotated without a deployment.',
  cfnFix: 'Keep the credential in Secrets Manager (or an SSM SecureString) and put only its ARN or name in `Environment.Variables` (e.g. `SECRET_ARN`), with an IAM policy that allows `secretsmanager:GetSecretValue` on it; the function reads it at run time (the Parameters and Secrets Lambda extension caches it). A `{{resolve:secretsmanager:...}}` reference keeps it out of the template.',
  fix: 'Keep the credential in Secrets Manager (or an SSM SecureString) and pass only its ARN or name (`SECRET_ARN: secret.secretArn`, with `secret.grantRead(fn)`); the function reads it at run time (the Parameters and Secrets Lambda extension caches it). A `{{resolve:secretsmanager:...}}` reference keeps it out of the template.',
  check: ({ type, props }, index) => {
    const variables = variablesOf(type, props);
    if (variables === undefined || variables === null) return NagRuleCompliance.NOT_APPLICABLE;
    if (isIntrinsic(variables)) return unverifiable('the variables are an intrinsic');
    if (typeof variables !== 'object') return NagRuleCompliance.NOT_APPLICABLE;
    const outcomes = Object.entries(variables as object).map(([name, value]) => judgeVariable(name, value, index));
    return outcomes.length === 0 ? NagRuleCompliance.NOT_APPLICABLE : worstOutcome(outcomes);
  },
});
