/**
 * The checks of the access review, one reviewer per kind of resource: KMS keys (rotation, key policy, grants),
 * API Gateway API keys (age, expiry tag, usage plans) and Cognito app clients (grants, token validity, scopes).
 * Each reviewer reads through the SDK client it is given and returns its findings; `runAccessReview` in the Lambda
 * handler collects them into the report.
 */
import { APIGatewayClient, GetApiKeysCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListGrantsCommand } from '@aws-sdk/client-kms';
import { AccessReviewConfig, API_KEY_EXPIRY_TAG } from './access-review-config';

/** Identifies each kind of finding. */
export type FindingCheck =
  | 'KMS_KEY_ROTATION_DISABLED'
  | 'KMS_KEY_POLICY_WILDCARD_PRINCIPAL'
  | 'KMS_KEY_POLICY_NOT_PRINCIPAL'
  | 'KMS_KEY_POLICY_MISSING'
  | 'KMS_GRANT_PRINCIPAL_NOT_ALLOWED'
  | 'API_KEY_EXPIRED'
  | 'API_KEY_EXPIRY_INVALID'
  | 'API_KEY_TOO_OLD'
  | 'API_KEY_DISABLED'
  | 'API_KEY_NOT_IN_USAGE_PLAN'
  | 'COGNITO_CLIENT_NOT_DESCRIBED'
  | 'COGNITO_CLIENT_IMPLICIT_GRANT'
  | 'COGNITO_CLIENT_TOKEN_VALIDITY'
  | 'COGNITO_CLIENT_SCOPE_NOT_ALLOWED';

/** One thing the review found. */
export interface AccessFinding {
  readonly check: FindingCheck;
  readonly severity: 'HIGH' | 'MEDIUM' | 'LOW';
  /** The reviewed resource (key ARN, API key id, `userPoolId/clientId`). */
  readonly resource: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// KMS

/** Reviews one KMS key: rotation, key policy statements and grants. */
export async function reviewKey(kms: KMSClient, keyArn: string, allowList: string[]): Promise<AccessFinding[]> {
  const findings: AccessFinding[] = [];

  const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn }));
  if (rotation.KeyRotationEnabled !== true) {
    findings.push({
      check: 'KMS_KEY_ROTATION_DISABLED',
      severity: 'MEDIUM',
      resource: keyArn,
      message: 'automatic key rotation is disabled',
    });
  }

  const policy = await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
  if (!policy.Policy) {
    findings.push({
      check: 'KMS_KEY_POLICY_MISSING',
      severity: 'HIGH',
      resource: keyArn,
      message: 'GetKeyPolicy returned no key policy: the key\'s access could not be reviewed',
    });
  }
  const document = JSON.parse(policy.Policy ?? '{}');
  const statements: any[] = asArray(document.Statement);
  statements.forEach((statement, index) => {
    if (statement.Effect === 'Allow' && statement.NotPrincipal !== undefined) {
      findings.push({
        check: 'KMS_KEY_POLICY_NOT_PRINCIPAL',
        severity: 'HIGH',
        resource: keyArn,
        message: `key policy statement ${statement.Sid ?? `#${index}`} allows every principal except those in `
          + 'NotPrincipal (Allow with NotPrincipal)',
        details: { sid: statement.Sid, actions: statement.Action, notPrincipal: statement.NotPrincipal },
      });
    }
    if (statement.Effect !== 'Allow' || !hasWildcardPrincipal(statement.Principal)) return;
    const conditioned = statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
    findings.push({
      check: 'KMS_KEY_POLICY_WILDCARD_PRINCIPAL',
      severity: conditioned ? 'MEDIUM' : 'HIGH',
      resource: keyArn,
      message: `key policy statement ${statement.Sid ?? `#${index}`} allows any principal${conditioned ? ' (with a condition)' : ' without a condition'}`,
      details: { sid: statement.Sid, actions: statement.Action, condition: statement.Condition },
    });
  });

  let marker: string | undefined;
  do {
    const page = await kms.send(new ListGrantsCommand({ KeyId: keyArn, Marker: marker }));
    for (const grant of page.Grants ?? []) {
      const grantee = grant.GranteePrincipal ?? '';
      if (!allowList.some((pattern) => matches(pattern, grantee))) {
        findings.push({
          check: 'KMS_GRANT_PRINCIPAL_NOT_ALLOWED',
          severity: 'HIGH',
          resource: keyArn,
          message: `grant ${grant.GrantId} gives ${grantee || '(unknown principal)'} ${(grant.Operations ?? []).join(', ')}`,
          details: { grantId: grant.GrantId, granteePrincipal: grantee, operations: grant.Operations },
        });
      }
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);

  return findings;
}

function hasWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') {
    return Object.values(principal as Record<string, unknown>).some((v) => asArray(v).includes('*'));
  }
  return false;
}

/** Matches `value` against `pattern`, where `*` in the pattern stands for any characters. */
export function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

function asArray(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

// ---------------------------------------------------------------------------------------------------------------
// API Gateway

/** Reviews every API key of the account and Region: age, expiry tag, state and usage-plan membership. */
export async function reviewApiKeys(
  apigw: APIGatewayClient,
  maxAgeDays: number,
  now: Date,
): Promise<{ findings: AccessFinding[]; reviewed: number }> {
  const inPlan = new Set<string>();
  let planPosition: string | undefined;
  do {
    const plans = await apigw.send(new GetUsagePlansCommand({ position: planPosition, limit: 500 }));
    for (const plan of plans.items ?? []) {
      let keyPosition: string | undefined;
      do {
        const keys = await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id!, position: keyPosition, limit: 500 }));
        for (const k of keys.items ?? []) if (k.id) inPlan.add(k.id);
        keyPosition = keys.position;
      } while (keyPosition);
    }
    planPosition = plans.position;
  } while (planPosition);

  const findings: AccessFinding[] = [];
  let reviewed = 0;
  let position: string | undefined;
  do {
    const page = await apigw.send(new GetApiKeysCommand({ position, limit: 500, includeValues: false }));
    for (const key of page.items ?? []) {
      reviewed++;
      const resource = key.id ?? '(unknown)';
      const label = key.name ? `API key "${key.name}"` : 'API key';
      if (key.createdDate) {
        const ageDays = Math.floor((now.getTime() - key.createdDate.getTime()) / 86_400_000);
        if (ageDays > maxAgeDays) {
          findings.push({
            check: 'API_KEY_TOO_OLD',
            severity: 'MEDIUM',
            resource,
            message: `${label} is ${ageDays} days old (maximum ${maxAgeDays}); rotate it`,
            details: { name: key.name, createdDate: key.createdDate.toISOString(), ageDays },
          });
        }
      }
      const expiry = key.tags?.[API_KEY_EXPIRY_TAG];
      if (expiry !== undefined) {
        const end = expiryEnd(expiry);
        if (end === undefined) {
          findings.push({
            check: 'API_KEY_EXPIRY_INVALID',
            severity: 'MEDIUM',
            resource,
            message: `${label} has an ${API_KEY_EXPIRY_TAG} tag that is not an ISO 8601 date: ${JSON.stringify(expiry)}`,
            details: { name: key.name, expires: expiry },
          });
        } else if (now.getTime() >= end.getTime()) {
          findings.push({
            check: 'API_KEY_EXPIRED',
            severity: key.enabled === false ? 'MEDIUM' : 'HIGH',
            resource,
            message: `${label} expired on ${expiry} (${API_KEY_EXPIRY_TAG} tag) and still exists${key.enabled === false ? '' : ' enabled'}; revoke it`,
            details: { name: key.name, expires: expiry, enabled: key.enabled },
          });
        }
      }
      if (key.enabled === false) {
        findings.push({
          check: 'API_KEY_DISABLED',
          severity: 'LOW',
          resource,
          message: `${label} is disabled but still exists; delete it if it is no longer needed`,
          details: { name: key.name },
        });
      }
      if (!inPlan.has(resource)) {
        findings.push({
          check: 'API_KEY_NOT_IN_USAGE_PLAN',
          severity: 'LOW',
          resource,
          message: `${label} belongs to no usage plan (no throttling or quota applies to it)`,
          details: { name: key.name },
        });
      }
    }
    position = page.position;
  } while (position);

  return { findings, reviewed };
}

const EXPIRY_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EXPIRY_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant an `api-key-expires` value ends: a day (`YYYY-MM-DD`) holds until the end of that day (UTC), a
 * timestamp until that instant. `undefined` when the value is not a real date (`2027-02-30`, `soon`).
 */
export function expiryEnd(value: string): Date | undefined {
  const trimmed = value.trim();
  const day = EXPIRY_DAY.exec(trimmed);
  if (day) {
    const start = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== trimmed) return undefined;
    return new Date(start.getTime() + 86_400_000);
  }
  if (!EXPIRY_TIMESTAMP.test(trimmed)) return undefined;
  const dayPart = trimmed.slice(0, 10);
  const check = new Date(`${dayPart}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== dayPart) return undefined;
  const instant = new Date(trimmed);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

// ---------------------------------------------------------------------------------------------------------------
// Cognito

/** Reviews every app client of one user pool: grants, token validity and scopes. */
export async function reviewUserPool(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  config: AccessReviewConfig,
): Promise<{ findings: AccessFinding[]; reviewed: number }> {
  const findings: AccessFinding[] = [];
  let reviewed = 0;
  let nextToken: string | undefined;
  do {
    const page = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60, NextToken: nextToken }));
    for (const summary of page.UserPoolClients ?? []) {
      const described = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: summary.ClientId! }));
      if (!described.UserPoolClient) {
        findings.push({
          check: 'COGNITO_CLIENT_NOT_DESCRIBED',
          severity: 'HIGH',
          resource: `${userPoolId}/${summary.ClientId}`,
          message: `app client "${summary.ClientName ?? summary.ClientId}" is listed but DescribeUserPoolClient returned `
            + 'nothing: its settings could not be reviewed',
        });
        continue;
      }
      reviewed++;
      findings.push(...reviewClient(userPoolId, described.UserPoolClient, config));
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return { findings, reviewed };
}

const MINUTES_PER_UNIT: Record<string, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 };

function reviewClient(userPoolId: string, client: UserPoolClientType, config: AccessReviewConfig): AccessFinding[] {
  const findings: AccessFinding[] = [];
  const resource = `${userPoolId}/${client.ClientId}`;
  const label = `app client "${client.ClientName ?? client.ClientId}"`;

  if ((client.AllowedOAuthFlows ?? []).includes('implicit')) {
    findings.push({
      check: 'COGNITO_CLIENT_IMPLICIT_GRANT',
      severity: 'HIGH',
      resource,
      message: `${label} allows the implicit grant (tokens in the URL); use the authorization code grant with PKCE`,
    });
  }

  const tokens: Array<[string, number | undefined, string | undefined]> = [
    ['access', client.AccessTokenValidity, client.TokenValidityUnits?.AccessToken],
    ['ID', client.IdTokenValidity, client.TokenValidityUnits?.IdToken],
  ];
  for (const [kind, value, unit] of tokens) {
    // Cognito's defaults: 60 minutes, unit hours.
    const minutes = value === undefined ? 60 : value * (MINUTES_PER_UNIT[unit ?? 'hours'] ?? 60);
    if (minutes > config.maxTokenValidityMinutes) {
      findings.push({
        check: 'COGNITO_CLIENT_TOKEN_VALIDITY',
        severity: 'MEDIUM',
        resource,
        message: `${label} issues ${kind} tokens valid for ${minutes} minutes (maximum ${config.maxTokenValidityMinutes})`,
        details: { token: kind, validityMinutes: minutes },
      });
    }
  }

  if (config.allowedScopes.length > 0) {
    const outside = (client.AllowedOAuthScopes ?? []).filter((s) => !config.allowedScopes.includes(s));
    if (outside.length > 0) {
      findings.push({
        check: 'COGNITO_CLIENT_SCOPE_NOT_ALLOWED',
        severity: 'HIGH',
        resource,
        message: `${label} holds scopes outside the allow-list: ${outside.join(', ')}`,
        details: { scopes: outside },
      });
    }
  }
  return findings;
}
