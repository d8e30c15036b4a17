import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { firstIntrinsic } from '../../helpers/api-methods';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/** The longest access or ID token lifetime the baseline accepts, in minutes. */
/** Minutes per Cognito token validity unit. */
const MINUTES: { [unit: string]: number } = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 };

/**
 * Cognito app clients issue access and ID tokens valid for at most 60 minutes, reading `AccessTokenValidity` and
 * `IdTokenValidity` in their `TokenValidityUnits` (Cognito's default unit for both is hours, its default validity 1 hour).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPoolClient'],
  info: 'The Cognito user pool client issues access or ID tokens valid for longer than the threshold `maxTokenValidityMinutes` (default 60 minutes).',
  explanation:
    'Bearer tokens cannot be recalled once issued; a long lifetime widens the window in which a leaked token grants API access.',
  cfnFix: 'Set `AccessTokenValidity` and `IdValidity` of the `AWS::Cognito::UserPoolClient` to 60 minutes or less (`TokenValidityUnits` says the unit); use refresh tokens for long sessions.',
  fix: 'Set `accessTokenValidity` and `idTokenValidity` to `Duration.minutes(60)` or less; use refresh tokens for long sessions.',
  check: ({ props }, index) => {
    const max = index.thresholds.maxTokenValidityMinutes;
    const units = props.TokenValidityUnits;
    const intrinsic = firstIntrinsic({
      'AccessTokenValidity': props.AccessTokenValidity,
      'IdTokenValidity': props.IdTokenValidity,
      'TokenValidityUnits': units,
      'TokenValidityUnits.AccessToken': units?.AccessToken,
      'TokenValidityUnits.IdToken': units?.IdToken,
    });
    if (intrinsic) return unverifiable(`${intrinsic} is an intrinsic`);
    const minutes = (validity: unknown, unit: unknown): number => {
      if (validity === undefined || validity === null) return 60; // Cognito default: 1 hour
      const factor = MINUTES[typeof unit === 'string' ? unit : 'hours'] ?? MINUTES.hours;
      return Number(validity) * factor;
    };
    const access = minutes(props.AccessTokenValidity, units?.AccessToken);
    const id = minutes(props.IdTokenValidity, units?.IdToken);
    return access <= max && id <= max ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
