import { variableFitProblem } from './variable-fit.util';

describe('variableFitProblem', () => {
  it.each([
    ['abc', 'String'],
    [true, 'Boolean'],
    [2_147_483_647, 'Integer'],
    [-32_768, 'Short'],
    [Number.MAX_SAFE_INTEGER, 'Long'],
    [1.5, 'Double'],
    ['2026-01-31T12:00:00.000+0100', 'Date'],
    ['{"a":1}', 'Json'],
    [null, 'Null'],
    [null, 'Integer'],
  ] as const)('accepts %j as %s', (value, type) => {
    expect(variableFitProblem(value, type)).toBeNull();
  });

  it.each([
    [1, 'String'],
    ['true', 'Boolean'],
    [2_147_483_648, 'Integer'],
    [1.5, 'Integer'],
    [40_000, 'Short'],
    [2 ** 60, 'Long'],
    ['1.5', 'Double'],
    ['2026-01-31', 'Date'],
    ['2026-13-45T99:00:00.000+0000', 'Date'],
    ['{not json', 'Json'],
    [0, 'Null'],
  ] as const)('refuses %j as %s, naming the type', (value, type) => {
    expect(variableFitProblem(value, type)).toContain(type);
  });
});
