import { NON_VARIABLE_NAMES } from './juel-names.util';

describe('NON_VARIABLE_NAMES', () => {
  it("holds JUEL's reserved words, `instanceof` among them, and the engine-bound `execution`", () => {
    for (const word of ['empty', 'not', 'div', 'mod', 'instanceof', 'execution'])
      expect(NON_VARIABLE_NAMES.has(word)).toBe(true);
  });

  it('leaves ordinary names to be reported as variables', () => {
    expect(NON_VARIABLE_NAMES.has('orderTotal')).toBe(false);
    expect(NON_VARIABLE_NAMES.has('instance')).toBe(false);
  });
});
