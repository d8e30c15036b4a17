/** Minutes, and days, per Cognito token validity unit (`TokenValidityUnits`). */
const PER_UNIT: { [target: string]: { [unit: string]: number } } = {
  minutes: { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 },
  days: { seconds: 1 / 86_400, minutes: 1 / 1_440, hours: 1 / 24, days: 1 },
};

/**
 * A Cognito app client's token validity (`AccessTokenValidity`, `IdTokenValidity`, `RefreshTokenValidity`) in minutes
 * or days, read in its unit from `TokenValidityUnits`; `defaultUnit` is Cognito's unit for the token when none (or an
 * unknown one) is set. Undefined when the validity is not set.
 */
export function tokenValidity(
  validity: unknown, unit: unknown, defaultUnit: 'hours' | 'days', target: 'minutes' | 'days',
): number | undefined {
  if (validity === undefined || validity === null) return undefined;
  const factors = PER_UNIT[target];
  const factor = factors[typeof unit === 'string' ? unit : defaultUnit] ?? factors[defaultUnit];
  return Number(validity) * factor;
}
