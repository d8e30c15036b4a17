import { Unverifiable } from '../nag/rule';

/** True when a value a helper computed is `unverifiable()` rather than the value itself. */
export function isUndecided<T>(value: T | Unverifiable): value is Unverifiable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'unverifiable' in value;
}
