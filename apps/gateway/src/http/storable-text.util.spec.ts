import { z } from 'zod';
import { unstorableTextIssues } from './storable-text.util';
import { ZodValidationPipe } from './zod-validation.pipe';

describe('unstorableTextIssues', () => {
  it.each([
    ['plain', 'node1'],
    ['emoji (a surrogate pair)', '💥 ok'],
    ['RTL and zero-width marks', 'abc\u202Eevil\u200B'],
  ])('accepts %s', (_what, text) => {
    expect(unstorableTextIssues({ a: [text] })).toEqual([]);
  });

  it.each([
    ['NUL', 'nul\u0000byte'],
    ['a lone high surrogate', 'x\uD800'],
    ['a lone low surrogate', '\uDC00x'],
  ])('refuses %s, naming where it is', (_what, text) => {
    expect(unstorableTextIssues({ filters: { nodeIds: ['ok', text] } })).toEqual([
      { path: 'filters.nodeIds.1', message: expect.stringContaining('NUL') },
    ]);
  });

  it('refuses such field names and input nested deeper than any schema', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { a: deep };

    expect(unstorableTextIssues({ 'k\u0000': 1 })).toHaveLength(1);
    expect(unstorableTextIssues(deep)).toEqual([
      { path: expect.any(String), message: expect.stringContaining('deeper') },
    ]);
  });
});

describe('ZodValidationPipe', () => {
  it('answers unstorable text with a 400 before the schema runs', () => {
    const sut = new ZodValidationPipe(z.object({ nodeId: z.string() }));

    expect(() => sut.transform({ nodeId: 'a\u0000' }, { type: 'param' })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        details: { issues: [{ path: 'nodeId', message: expect.any(String) }] },
      }),
    );
    expect(sut.transform({ nodeId: 'node1' }, { type: 'param' })).toEqual({ nodeId: 'node1' });
  });
});
