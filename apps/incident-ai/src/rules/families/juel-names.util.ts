import { JUEL_KEYWORDS } from '@flowpilot/shared';

/** Names in an expression that never name a process variable: JUEL's reserved words and the engine-bound `execution`. */
export const NON_VARIABLE_NAMES: ReadonlySet<string> = new Set([...JUEL_KEYWORDS, 'execution']);
