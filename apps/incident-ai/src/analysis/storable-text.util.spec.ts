import { storable } from './storable-text.util';

describe('storable', () => {
  it('drops U+0000 and replaces lone surrogates in every string, key and nested value', () => {
    const sut = storable({ message: 'a\u0000b', 'k\u0000': ['c\ud83d', 1, null, { d: 'é\u0000💥\udca5' }] });

    expect(sut).toEqual({ message: 'ab', k: ['c\ufffd', 1, null, { d: 'é💥\ufffd' }] });
  });

  it('leaves storable text as it was', () => {
    expect(storable('plain "text" \\ \u202e 💥')).toBe('plain "text" \\ \u202e 💥');
  });
});
