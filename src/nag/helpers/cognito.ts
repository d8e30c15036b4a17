import { NagRuleCompliance } from 'cdk-nag';
import { intrinsicIn } from './baseline-values';
import { RuleOutcome, unverifiable } from '../rule';
import { isIntrinsic } from '../stack-index';

/** A token a Cognito app client issues, as `TokenValidityUnits` names it. */
export type CognitoToken = 'AccessToken' | 'IdToken' | 'RefreshToken';

/** Minutes, and days, per Cognito token validity unit (`TokenValidityUnits`). */
const PER_UNIT: { [target: string]: { [unit: string]: number } } = {
  minutes: { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 },
  days: { seconds: 1 / 86_400, minutes: 1 / 1_440, hours: 1 / 24, days: 1 },
};

/**
 * The first of an app client's validity properties for `tokens` that is an intrinsic (`<token>Validity` of each, then
 * `TokenValidityUnits`, then its entry for each), or undefined.
 */
function tokenValidityIntrinsic(props: any, tokens: CognitoToken[]): string | undefined {
  const units = props.TokenValidityUnits;
  const values: Record<string, unknown> = {};
  for (const token of tokens) values[`${token}Validity`] = props[`${token}Validity`];
  values.TokenValidityUnits = units;
  for (const token of tokens) values[`TokenValidityUnits.${token}`] = units?.[token];
  return intrinsicIn(values);
}

/**
 * An app client's validity of `token` (`AccessTokenValidity`, `IdTokenValidity`, `RefreshTokenValidity`) in minutes or
 * days, read in its unit from `TokenValidityUnits`; `defaultUnit` is Cognito's unit for the token when none (or an
 * unknown one) is set. Undefined when the validity is not set.
 */
function tokenValidity(
  props: any, token: CognitoToken, defaultUnit: 'hours' | 'days', target: 'minutes' | 'days',
): number | undefined {
  const validity = props[`${token}Validity`];
  if (validity === undefined || validity === null) return undefined;
  const unit = props.TokenValidityUnits?.[token];
  const factors = PER_UNIT[target];
  const factor = factors[typeof unit === 'string' ? unit : defaultUnit] ?? factors[defaultUnit];
  return Number(validity) * factor;
}

/** How long an app client's tokens may be valid, and how Cognito reads their validities. */
export interface TokenValidityLimit {
  /** The tokens judged. */
  readonly tokens: CognitoToken[];
  /** Cognito's unit for these tokens when `TokenValidityUnits` sets none. */
  readonly defaultUnit: 'hours' | 'days';
  /** The unit of `defaultValidity` and `max`. */
  readonly target: 'minutes' | 'days';
  /** Cognito's validity of these tokens when none is set, in `target` units. */
  readonly defaultValidity: number;
  /** The longest validity accepted, in `target` units. */
  readonly max: number;
}

/**
 * Judges an app client's token validities against `limit`: unverifiable when a validity or unit is an intrinsic,
 * compliant when every token is valid for at most `limit.max`.
 */
export function judgeTokenValidity(props: any, limit: TokenValidityLimit): RuleOutcome {
  const intrinsic = tokenValidityIntrinsic(props, limit.tokens);
  if (intrinsic) return unverifiable(`${intrinsic} is an intrinsic`);
  return limit.tokens.every((token) => (tokenValidity(props, token, limit.defaultUnit, limit.target) ?? limit.defaultValidity) <= limit.max)
    ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/**
 * Judges a list of flows an app client allows (`AllowedOAuthFlows`, `ExplicitAuthFlows`): non-compliant when one is
 * `forbidden`; unverifiable when the list (`property`) or, with none forbidden, an entry (`entry`) is an intrinsic;
 * compliant otherwise, also when the list is not set.
 */
export function judgeFlows(flows: unknown, property: string, entry: string, forbidden: (flow: unknown) => boolean): RuleOutcome {
  if (isIntrinsic(flows)) return unverifiable(`${property} is an intrinsic`);
  if (!Array.isArray(flows)) return NagRuleCompliance.COMPLIANT;
  if (flows.some(forbidden)) return NagRuleCompliance.NON_COMPLIANT;
  if (flows.some((f) => isIntrinsic(f))) return unverifiable(`${entry} is an intrinsic`);
  return NagRuleCompliance.COMPLIANT;
}

/**
 * The first of a user pool's password policy properties that is an intrinsic (`Policies`, `Policies.PasswordPolicy`,
 * then `PasswordPolicy.<name>` for each of `names`), or undefined.
 */
export function passwordPolicyIntrinsic(props: any, names: string[]): string | undefined {
  const policy = props.Policies?.PasswordPolicy;
  const values: Record<string, unknown> = { 'Policies': props.Policies, 'Policies.PasswordPolicy': policy };
  for (const name of names) values[`PasswordPolicy.${name}`] = policy?.[name];
  return intrinsicIn(values);
}
