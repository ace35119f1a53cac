import { DecisionCache } from './decision-cache';

describe('DecisionCache', () => {
  it('expires entries and evicts the least recently used', () => {
    let now = 0;
    const sut = new DecisionCache<string>(2, 1_000, () => now);

    sut.set('a', 'A');
    sut.set('b', 'B');
    expect(sut.get('a')).toBe('A');
    sut.set('c', 'C');
    expect(sut.get('b')).toBeUndefined();
    expect(sut.get('a')).toBe('A');
    now = 1_000;
    expect(sut.get('a')).toBeUndefined();
  });

  it('stores nothing when disabled', () => {
    const sut = new DecisionCache<string>(0, 1_000);

    sut.set('a', 'A');

    expect(sut.get('a')).toBeUndefined();
  });
});
