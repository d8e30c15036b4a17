import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { OAuthDomainOptions, OAuthUserPoolProps } from './oauth-user-pool-props';
import { checkIntegerRange, invalidProp } from '../private/validation';

/** Cognito domain prefixes: lowercase letters, digits and inner hyphens, 1-63 characters. */
const DOMAIN_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Throws unless the minimum password length is 14-99, or 12-99 with `allowShortPasswords`. */
function checkPasswordMinLength(minLength: number, allowShort: boolean): void {
  if (Token.isUnresolved(minLength)) return;
  const floor = allowShort ? 12 : 14;
  if (!Number.isInteger(minLength) || minLength < floor || minLength > 99) {
    const hint = allowShort ? '' : ' (set "allowShortPasswords" to allow 12 or 13)';
    throw invalidProp('passwordMinLength', minLength, `must be an integer between ${floor} and 99${hint}`);
  }
}

/**
 * The hardened settings of an `OAuthUserPool`'s Cognito user pool, checked: feature plan PLUS with full threat
 * protection, MFA required (TOTP, SMS on request), strong passwords with history, administrator-created users
 * unless asked otherwise, case-insensitive sign-in, e-mail recovery, deletion protection, retained.
 */
export function hardenedUserPoolProps(props: OAuthUserPoolProps): cognito.UserPoolProps {
  const minLength = props.passwordMinLength ?? 14;
  checkPasswordMinLength(minLength, props.allowShortPasswords ?? false);
  const historySize = props.passwordHistorySize ?? 24;
  checkIntegerRange('passwordHistorySize', historySize, 1, 24);
  const smsMfa = props.smsMfa ?? false;
  return {
    userPoolName: props.userPoolName,
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    customThreatProtectionMode: cognito.CustomThreatProtectionMode.FULL_FUNCTION,
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: smsMfa },
    enableSmsRole: smsMfa,
    passwordPolicy: {
      minLength,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      passwordHistorySize: historySize,
      tempPasswordValidity: Duration.days(3),
    },
    selfSignUpEnabled: props.selfSignUpEnabled ?? false,
    signInAliases: props.signInAliases ?? { username: true, email: true },
    signInCaseSensitive: false,
    autoVerify: { email: true },
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    deletionProtection: props.deletionProtection ?? true,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  };
}

/** The hosted domain settings, checked: exactly one of a Cognito prefix and a custom domain with its certificate. */
export function userPoolDomainOptions(domain: OAuthDomainOptions): cognito.UserPoolDomainOptions {
  const prefix = domain.cognitoDomainPrefix;
  const custom = domain.customDomainName;
  if ((prefix === undefined) === (custom === undefined)) {
    throw invalidProp('domain', { cognitoDomainPrefix: prefix, customDomainName: custom },
      'must set exactly one of "cognitoDomainPrefix" and "customDomainName"');
  }
  if (prefix !== undefined) {
    if (domain.certificate) {
      throw invalidProp('domain.certificate', 'a certificate', 'is only used with "customDomainName"');
    }
    if (!Token.isUnresolved(prefix)
      && (!DOMAIN_PREFIX_PATTERN.test(prefix) || /aws|amazon|cognito/.test(prefix))) {
      throw invalidProp('domain.cognitoDomainPrefix', prefix,
        'must be 1-63 lowercase letters, digits or inner hyphens, without "aws", "amazon" or "cognito"');
    }
    return { cognitoDomain: { domainPrefix: prefix } };
  }
  if (!domain.certificate) {
    throw invalidProp('domain.certificate', undefined, 'is required with "customDomainName"');
  }
  return { customDomain: { domainName: custom!, certificate: domain.certificate } };
}
