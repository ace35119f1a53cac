/** Words of Camunda's expression language (JUEL) that look like identifiers but never name a process variable. */
export const JUEL_KEYWORDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'empty',
  'not',
  'and',
  'or',
  'eq',
  'ne',
  'lt',
  'gt',
  'le',
  'ge',
  'div',
  'mod',
  'execution',
]);
