import { sliceWhole } from './whole-characters';

describe('sliceWhole', () => {
  it('cuts before a character that would be split, and like slice otherwise', () => {
    expect(sliceWhole('ab\ud83d\udce6cd', 3)).toBe('ab');
    expect(sliceWhole('ab\ud83d\udce6cd', 4)).toBe('ab\ud83d\udce6');
    expect(sliceWhole('abcdef', 4)).toBe('abcd');
    expect(sliceWhole('abc', 10)).toBe('abc');
  });
});
