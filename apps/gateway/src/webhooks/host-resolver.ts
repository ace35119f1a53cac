import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Injectable } from '@nestjs/common';

/**
 * Every address a host name resolves to, as the system resolver answers (hosts file, DNS).
 *
 * The system resolver runs on libuv's small thread pool (4 threads by default), and a lookup that is
 * abandoned at a delivery's deadline keeps its thread until the resolver gives up. Without sharing,
 * one subscription whose DNS hangs takes every thread as its deliveries and retries pile up, and
 * every other lookup (the check on a new subscription, other targets) waits behind them. So a name
 * has at most one lookup in flight, and everyone asking meanwhile gets its answer. Nothing is cached
 * past that: the next question after an answer asks the system again, so a changed record is seen.
 */
@Injectable()
export class HostResolver {
  private readonly inFlight = new Map<string, Promise<LookupAddress[]>>();

  resolve(hostname: string): Promise<LookupAddress[]> {
    const pending = this.inFlight.get(hostname);
    if (pending) return pending;
    const lookup = this.lookup(hostname).finally(() => this.inFlight.delete(hostname));
    this.inFlight.set(hostname, lookup);
    return lookup;
  }

  /** One question to the system resolver; a seam for tests. */
  protected lookup(hostname: string): Promise<LookupAddress[]> {
    return new Promise((resolve, reject) =>
      dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
        error ? reject(error) : resolve(addresses),
      ),
    );
  }
}
