import { RecentCounts } from './recent-counts';

describe('RecentCounts', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('counts once per key within the ttl, and again after it', async () => {
    const sut = new RecentCounts(2_000, 10, clock);
    const count = jest.fn().mockResolvedValueOnce(7).mockResolvedValueOnce(9);
    expect(await sut.get('a', count)).toBe(7);
    now += 1_999;
    expect(await sut.get('a', count)).toBe(7);
    now += 1;
    expect(await sut.get('a', count)).toBe(9);
    expect(count).toHaveBeenCalledTimes(2);
  });

  it('shares one count between concurrent requests and keeps keys apart', async () => {
    const sut = new RecentCounts(2_000, 10, clock);
    const count = jest.fn().mockResolvedValue(3);
    const other = jest.fn().mockResolvedValue(4);
    expect(await Promise.all([sut.get('a', count), sut.get('a', count), sut.get('b', other)])).toEqual([
      3, 3, 4,
    ]);
    expect(count).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed count', async () => {
    const sut = new RecentCounts(2_000, 10, clock);
    await expect(sut.get('a', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await sut.get('a', () => Promise.resolve(5))).toBe(5);
  });

  it('counts every time with a ttl of 0', async () => {
    const sut = new RecentCounts(0, 10, clock);
    const count = jest.fn().mockResolvedValue(1);
    await sut.get('a', count);
    await sut.get('a', count);
    expect(count).toHaveBeenCalledTimes(2);
  });

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    const sut = new RecentCounts(60_000, 2, clock);
    await sut.get('a', () => Promise.resolve(1));
    await sut.get('b', () => Promise.resolve(2));
    await sut.get('c', () => Promise.resolve(3));
    const recount = jest.fn().mockResolvedValue(10);
    expect(await sut.get('a', recount)).toBe(10);
    expect(await sut.get('c', recount)).toBe(3);
    expect(recount).toHaveBeenCalledTimes(1);
  });
});
