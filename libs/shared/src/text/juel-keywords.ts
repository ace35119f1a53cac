/**
 * The reserved words of Camunda's expression language (JUEL): they look like identifiers in a
 * `${…}` expression but never name a process variable.
 */
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
  'instanceof',
]);
