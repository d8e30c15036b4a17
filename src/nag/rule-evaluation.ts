/** What one rule said of one resource during the last validation. */
export interface RuleEvaluation {
  /** The finding id, `ApiBaseline-<RuleName>`. */
  readonly ruleId: string;
  /** Construct path of the stack holding the resource. */
  readonly stackPath: string;
  /** Construct path of the resource. */
  readonly resourcePath: string;
  /** `Compliant`, `Non-Compliant` or `Unverifiable`. */
  readonly outcome: string;
}
