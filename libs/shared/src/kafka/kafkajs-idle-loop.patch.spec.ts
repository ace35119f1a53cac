import {
  installedKafkajsVersion,
  KafkaRequestQueue,
  PATCHED_KAFKAJS_VERSION,
  patchKafkaRequestQueue,
  scheduleCheckPendingRequests,
} from './kafkajs-idle-loop.patch';

describe('kafkajs request-queue idle loop patch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function queue(overrides: Partial<KafkaRequestQueue> = {}): KafkaRequestQueue {
    return {
      throttledUntil: -1,
      throttleCheckTimeoutId: null,
      pending: [],
      checkPendingRequests: jest.fn(),
      scheduleCheckPendingRequests,
      ...overrides,
    };
  }

  it('was written for the installed kafkajs (after an upgrade: review the patch, then update PATCHED_KAFKAJS_VERSION)', () => {
    expect(installedKafkajsVersion()).toBe(PATCHED_KAFKAJS_VERSION);
  });

  it('replaces the method on the installed kafkajs RequestQueue', () => {
    const RequestQueue = patchKafkaRequestQueue();

    expect(RequestQueue?.prototype.scheduleCheckPendingRequests).toBe(scheduleCheckPendingRequests);
  });

  it('leaves another kafkajs version alone', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same internal module the patch reads
    const RequestQueue = require('kafkajs/src/network/requestQueue') as { prototype: KafkaRequestQueue };
    const before = jest.fn();
    RequestQueue.prototype.scheduleCheckPendingRequests = before;
    try {
      expect(patchKafkaRequestQueue('2.2.5')).toBeNull();
      expect(RequestQueue.prototype.scheduleCheckPendingRequests).toBe(before);
    } finally {
      patchKafkaRequestQueue();
    }
  });

  it('schedules nothing for an idle, unthrottled queue (stock kafkajs re-arms a 1 ms timer forever)', () => {
    const sut = queue();

    sut.scheduleCheckPendingRequests();

    expect(sut.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('checks waiting requests after the library interval when not throttled', () => {
    const sut = queue({ pending: [{}] });

    sut.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(sut.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);

    expect(sut.checkPendingRequests).toHaveBeenCalledTimes(1);
    expect(sut.throttleCheckTimeoutId).toBeNull();
  });

  it('waits out a broker throttle, also with nothing pending yet', () => {
    const sut = queue({ throttledUntil: Date.now() + 500 });

    sut.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(499);
    expect(sut.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);

    expect(sut.checkPendingRequests).toHaveBeenCalledTimes(1);
  });

  it('has requests pending while throttled wait out the throttle, not the library interval', () => {
    const sut = queue({ pending: [{}], throttledUntil: Date.now() + 500 });

    sut.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(10);
    expect(sut.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(489);
    expect(sut.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);

    expect(sut.checkPendingRequests).toHaveBeenCalledTimes(1);
  });

  it('keeps one scheduled check at a time', () => {
    const sut = queue({ pending: [{}] });

    sut.scheduleCheckPendingRequests();
    sut.scheduleCheckPendingRequests();

    expect(jest.getTimerCount()).toBe(1);
  });
});
