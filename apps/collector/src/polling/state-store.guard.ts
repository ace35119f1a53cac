import { errorMessage } from '@flowpilot/shared';

/** The collector's own database failed (marks, node states): not the engine's fault. */
export class StateStoreError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`collector state (${operation}) failed: ${errorMessage(cause)}`, { cause });
    this.name = 'StateStoreError';
  }
}

type AsyncMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * Wraps the stores one node's cycle writes its marks and status to, so the
 * poller can tell a cycle that stopped on the collector's own PostgreSQL
 * from one that stopped on the engine.
 */
export class StateStoreGuard {
  private pending = 0;

  /** A store call is waiting for the collector's database right now. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** The store with every method's failure turned into a StateStoreError. */
  wrap<T extends object>(store: T, name: string): T {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const method = value as AsyncMethod;
        return (...args: unknown[]) =>
          this.track(`${name}.${String(property)}`, () => method.apply(target, args));
      },
    });
  }

  private async track(operation: string, call: () => Promise<unknown>): Promise<unknown> {
    this.pending += 1;
    try {
      return await call();
    } catch (error) {
      throw new StateStoreError(operation, error);
    } finally {
      this.pending -= 1;
    }
  }
}
