import { isStorableText, toStorableText, unstorableTextIssues } from './storable-text';

describe('isStorableText', () => {
  it.each([
    ['plain', 'node1'],
    ['emoji (a surrogate pair)', '💥 ok'],
    ['RTL and zero-width marks', 'abc\u202Eevil\u200B'],
    ['empty', ''],
  ])('accepts %s', (_what, text) => {
    expect(isStorableText(text)).toBe(true);
  });

  it.each([
    ['NUL', 'nul\u0000byte'],
    ['a lone high surrogate', 'x\uD800'],
    ['a lone high surrogate at the start', '\uD83Dx'],
    ['a lone low surrogate', '\uDC00x'],
    ['two high surrogates', '\uD83D\uD83D\uDCA5'],
  ])('refuses %s', (_what, text) => {
    expect(isStorableText(text)).toBe(false);
  });
});

describe('unstorableTextIssues', () => {
  it('finds nothing in storable input of any shape', () => {
    expect(unstorableTextIssues({ a: ['💥', 1, null, true, { b: 'é' }] })).toEqual([]);
    expect(unstorableTextIssues('plain')).toEqual([]);
    expect(unstorableTextIssues(undefined)).toEqual([]);
  });

  it.each([
    ['NUL', 'nul\u0000byte'],
    ['a lone high surrogate', 'x\uD800'],
    ['a lone low surrogate', '\uDC00x'],
  ])('names where %s is', (_what, text) => {
    expect(unstorableTextIssues({ filters: { nodeIds: ['ok', text] } })).toEqual([
      { path: 'filters.nodeIds.1', message: expect.stringContaining('NUL') },
    ]);
  });

  it('refuses such field names and input nested deeper than the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { a: deep };

    expect(unstorableTextIssues({ 'k\u0000': 1 })).toEqual([
      { path: 'k\u0000', message: expect.stringContaining('field names') },
    ]);
    expect(unstorableTextIssues(deep)).toEqual([
      { path: expect.any(String), message: expect.stringContaining('deeper than 64') },
    ]);
    expect(unstorableTextIssues({ a: { b: 1 } }, { maxDepth: 1 })).toEqual([
      { path: 'a.b', message: expect.stringContaining('deeper than 1') },
    ]);
  });

  it('stops after the issue limit', () => {
    const many = Array.from({ length: 50 }, () => 'a\u0000');

    expect(unstorableTextIssues(many)).toHaveLength(20);
    expect(unstorableTextIssues(many, { maxIssues: 3 })).toHaveLength(3);
  });
});

describe('toStorableText', () => {
  it('drops U+0000 and replaces lone surrogates in every string, key and nested value', () => {
    const sut = toStorableText({
      message: 'a\u0000b',
      'k\u0000': ['c\ud83d', 1, null, { d: 'é\u0000💥\udca5' }],
    });

    expect(sut).toEqual({ message: 'ab', k: ['c\ufffd', 1, null, { d: 'é💥\ufffd' }] });
    expect(unstorableTextIssues(sut)).toEqual([]);
  });

  it('leaves storable text as it was', () => {
    expect(toStorableText('plain "text" \\ \u202e 💥')).toBe('plain "text" \\ \u202e 💥');
  });
});
