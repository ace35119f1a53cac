import { LookupAddress } from 'node:dns';
import { HostResolver } from './host-resolver';

/** A resolver whose system lookups stay unanswered until the test answers them. */
class HeldResolver extends HostResolver {
  readonly asked: string[] = [];
  private readonly answers: ((addresses: LookupAddress[]) => void)[] = [];
  private readonly failures: ((error: Error) => void)[] = [];

  protected override lookup(hostname: string): Promise<LookupAddress[]> {
    this.asked.push(hostname);
    return new Promise((resolve, reject) => {
      this.answers.push(resolve);
      this.failures.push(reject);
    });
  }

  answer(index: number, addresses: LookupAddress[]): void {
    this.answers[index](addresses);
  }

  fail(index: number, error: Error): void {
    this.failures[index](error);
  }
}

const PUBLIC = [{ address: '93.184.215.14', family: 4 }];
const CHANGED = [{ address: '93.184.215.99', family: 4 }];

describe('HostResolver', () => {
  it('asks the system once for a name while a lookup of it is in flight, and gives everyone its answer', async () => {
    const sut = new HeldResolver();

    const answers = Promise.all([
      sut.resolve('hooks.example.com'),
      sut.resolve('hooks.example.com'),
      sut.resolve('hooks.example.com'),
    ]);
    sut.answer(0, PUBLIC);

    expect(await answers).toEqual([PUBLIC, PUBLIC, PUBLIC]);
    expect(sut.asked).toEqual(['hooks.example.com']);
  });

  it('does not hold one name up behind another that hangs', async () => {
    const sut = new HeldResolver();

    void sut.resolve('hangs.example.com');
    const other = sut.resolve('hooks.example.com');
    sut.answer(1, PUBLIC);

    await expect(other).resolves.toEqual(PUBLIC);
    expect(sut.asked).toEqual(['hangs.example.com', 'hooks.example.com']);
  });

  it('asks again after an answer, so a changed record is seen', async () => {
    const sut = new HeldResolver();

    const first = sut.resolve('hooks.example.com');
    sut.answer(0, PUBLIC);
    await first;
    const second = sut.resolve('hooks.example.com');
    sut.answer(1, CHANGED);

    await expect(second).resolves.toEqual(CHANGED);
    expect(sut.asked).toHaveLength(2);
  });

  it('gives every waiter the failure, and asks again after it', async () => {
    const sut = new HeldResolver();

    const waiters = [sut.resolve('gone.example.com'), sut.resolve('gone.example.com')];
    sut.fail(0, Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));

    for (const waiter of waiters) await expect(waiter).rejects.toMatchObject({ code: 'ENOTFOUND' });
    void sut.resolve('gone.example.com');
    expect(sut.asked).toEqual(['gone.example.com', 'gone.example.com']);
  });

  it('answers from the hosts file through the real system resolver', async () => {
    const addresses = await new HostResolver().resolve('localhost');

    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every(({ address }) => address === '::1' || address.startsWith('127.'))).toBe(true);
  });
});
