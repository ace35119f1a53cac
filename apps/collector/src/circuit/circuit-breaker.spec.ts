import { CircuitBreaker, CircuitState } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let clock: number;
  let transitions: Array<[CircuitState, CircuitState]>;
  let sut: CircuitBreaker;

  beforeEach(() => {
    clock = 1_000;
    transitions = [];
    sut = new CircuitBreaker(
      { failureThreshold: 3, openMs: 10_000 },
      () => clock,
      (from, to) => transitions.push([from, to]),
    );
  });

  it('stays closed below the failure threshold and resets the count on success', () => {
    sut.recordFailure();
    sut.recordFailure();
    sut.recordSuccess();
    sut.recordFailure();
    sut.recordFailure();

    expect(sut.state).toBe('closed');
    expect(sut.tryAcquire()).toBe(true);
    expect(transitions).toEqual([]);
  });

  it('opens after the threshold of consecutive failures and refuses calls while open', () => {
    for (let i = 0; i < 3; i++) sut.recordFailure();
    clock += 9_999;

    expect(sut.state).toBe('open');
    expect(sut.tryAcquire()).toBe(false);
    expect(transitions).toEqual([['closed', 'open']]);
  });

  it('lets exactly one half-open probe through once the open time has passed', () => {
    for (let i = 0; i < 3; i++) sut.recordFailure();
    clock += 10_000;

    expect(sut.tryAcquire()).toBe(true);
    expect(sut.state).toBe('half-open');
    expect(sut.tryAcquire()).toBe(false);
  });

  it('closes when the probe succeeds', () => {
    for (let i = 0; i < 3; i++) sut.recordFailure();
    clock += 10_000;
    sut.tryAcquire();
    sut.recordSuccess();

    expect(sut.state).toBe('closed');
    expect(sut.failures).toBe(0);
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'half-open'],
      ['half-open', 'closed'],
    ]);
  });

  it('re-opens for another full open time when the probe fails', () => {
    for (let i = 0; i < 3; i++) sut.recordFailure();
    clock += 10_000;
    sut.tryAcquire();
    sut.recordFailure();

    expect(sut.state).toBe('open');
    clock += 5_000;
    expect(sut.tryAcquire()).toBe(false);
    clock += 5_000;
    expect(sut.tryAcquire()).toBe(true);
  });

  it('a released call changes neither the count nor the state, and frees the half-open probe', () => {
    sut.recordFailure();
    sut.release();
    expect(sut.failures).toBe(1);
    expect(sut.state).toBe('closed');

    for (let i = 0; i < 2; i++) sut.recordFailure();
    clock += 10_000;
    expect(sut.tryAcquire()).toBe(true);
    expect(sut.tryAcquire()).toBe(false);
    sut.release();

    expect(sut.state).toBe('half-open');
    expect(sut.failures).toBe(3);
    expect(sut.tryAcquire()).toBe(true);
  });
});
