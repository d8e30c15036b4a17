import { BaselineRule } from '../rule';
import * as rules from './index';

/** Every rule of the pack, in the order of the rules table. */
export const ALL_RULES: BaselineRule[] = Object.values(rules);
