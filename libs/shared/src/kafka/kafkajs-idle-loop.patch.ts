/**
 * kafkajs 2.2.4 keeps every broker connection in a 1 ms timer loop while it is idle: after each request
 * its request queue schedules a pending-request check at `throttledUntil - now`, which is negative when
 * nothing is throttled (Node clamps it to 1 ms, and Node 24+ prints a TimeoutNegativeWarning), and each
 * check schedules the next one. With a producer, a consumer and an admin per service that is thousands
 * of wake-ups a second doing nothing (kafkajs issues #1704 and #1751, unreleased fixes #1755/#1768).
 *
 * This replaces that one method with the upstream fix's logic: a check is scheduled only when requests
 * are waiting (after the throttle, or at the library's 10 ms interval) or a throttle is running; an idle
 * queue schedules nothing, and the next `push` or fulfilled request schedules again as before.
 *
 * It is applied only to the kafkajs version it was written against: another version's RequestQueue may
 * differ (or carry the fix), so there kafkajs is left alone and the unit test fails until someone has
 * reviewed this patch and updated the version below.
 */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The fields of kafkajs' internal RequestQueue this method reads and writes. */
export interface KafkaRequestQueue {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

interface RequestQueueClass {
  prototype: KafkaRequestQueue;
}

export function scheduleCheckPendingRequests(this: KafkaRequestQueue): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  let delayMs: number;
  if (this.pending.length > 0)
    delayMs = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  else if (untilUnthrottled > 0) delayMs = untilUnthrottled;
  else return;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delayMs);
}

/** The version of the kafkajs package that `require('kafkajs')` loads. */
export function installedKafkajsVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read at run time: the installed copy, not a compile-time one
  return (require('kafkajs/package.json') as { version: string }).version;
}

/**
 * Applied by `createKafkaClient` (idempotent); returns the patched class for
 * tests, or null when the installed kafkajs is not the version this was written for.
 */
export function patchKafkaRequestQueue(
  kafkajsVersion: string = installedKafkajsVersion(),
): RequestQueueClass | null {
  if (kafkajsVersion !== PATCHED_KAFKAJS_VERSION) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module without types or an export entry
  const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
  if (typeof RequestQueue.prototype.scheduleCheckPendingRequests !== 'function')
    throw new Error(
      'kafkajs RequestQueue.scheduleCheckPendingRequests is gone: review kafkajs-idle-loop.patch.ts',
    );
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return RequestQueue;
}
