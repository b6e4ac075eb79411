// Request limits: the per-key rate limit and the caps on long-lived work (metadata lookups
// per account, event streams per API key). On PostgreSQL they are counters in the database,
// so they hold across every API host (store/limits.ts); on SQLite (one process) they stay in
// memory, which costs nothing. Cost on PostgreSQL: one upsert per authenticated request
// (docs/deploy.md has the bench/load.ts figures).
import { ApiError } from '../errors.js';
import type { Store } from '../store/db.js';
import { uuidv7 } from '../store/ids.js';
import { countRequest, releaseSlots, renewSlots, takeSlot } from '../store/limits.js';
import { KeyedSlots } from './slots.js';

export interface RateVerdict {
  allowed: boolean;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
  retryAfter: number;
}

export type SlotScope = 'info' | 'sse';

export interface Limits {
  /** Counts one request of `keyId` against `limit` per minute. */
  rate(keyId: string, limit: number): Promise<RateVerdict>;
  /** A slot of `scope` for `key` (at most `max` at once): its release function, or null. */
  take(scope: SlotScope, key: string, max: number): Promise<(() => void) | null>;
  close(): Promise<void>;
}

/** take(), or a 429 in the error shape naming `what` and the limit. */
export async function takeOrThrow(limits: Limits, scope: SlotScope, key: string, max: number, what: string, retryAfterSeconds: number): Promise<() => void> {
  const release = await limits.take(scope, key, max);
  if (release) return release;
  throw new ApiError('rate_limited', `At most ${max} ${what} at a time; retry when one has finished.`, { retry_after: retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
}

function verdict(count: number, limit: number, windowStartMs: number, now: number): RateVerdict {
  const reset = Math.ceil((windowStartMs + 60_000) / 1000);
  if (count > limit) return { allowed: false, remaining: 0, reset, retryAfter: Math.max(1, reset - Math.floor(now / 1000)) };
  return { allowed: true, remaining: limit - count, reset, retryAfter: 0 };
}

/** Fixed one-minute windows per key, in this process's memory. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  take(keyId: string, limit: number, now = Date.now()): RateVerdict {
    const start = Math.floor(now / 60_000) * 60_000;
    let w = this.windows.get(keyId);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(keyId, w);
      if (this.windows.size > 100_000) this.prune(start);
    }
    if (w.count >= limit) return verdict(limit + 1, limit, start, now);
    w.count += 1;
    return verdict(w.count, limit, start, now);
  }

  private prune(current: number): void {
    for (const [k, w] of this.windows) if (w.start !== current) this.windows.delete(k);
  }
}

export function memoryLimits(): Limits {
  const limiter = new RateLimiter();
  const slots = new Map<string, KeyedSlots>();
  return {
    rate: (keyId, limit) => Promise.resolve(limiter.take(keyId, limit)),
    take(scope, key, max) {
      let s = slots.get(`${scope}/${max}`);
      if (!s) slots.set(`${scope}/${max}`, (s = new KeyedSlots(max)));
      return Promise.resolve(s.take(key));
    },
    close: () => Promise.resolve(),
  };
}

/** Slots expire unless renewed: a crashed API process frees its own within a minute. */
const SLOT_TTL_MS = 60_000;

/** Limits shared through the database (PostgreSQL); `holder` is this process's workers.id. */
export function databaseLimits(store: Store, holder: string): Limits {
  const db = store.db;
  const held = new Set<string>();
  const renew = setInterval(() => void renewSlots(db, [...held], SLOT_TTL_MS).catch(() => undefined), SLOT_TTL_MS / 3);
  renew.unref();
  return {
    async rate(keyId, limit) {
      const { count, minute } = await countRequest(db, keyId);
      return verdict(count, limit, minute * 60_000, Date.now());
    },
    async take(scope, key, max) {
      const id = uuidv7();
      if (!(await takeSlot(db, { id, scope, key, holder, ttlMs: SLOT_TTL_MS }, max))) return null;
      held.add(id);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(id);
        void releaseSlots(db, [id]).catch(() => undefined); // else it expires
      };
    },
    async close() {
      clearInterval(renew);
      await releaseSlots(db, [...held]).catch(() => undefined);
      held.clear();
    },
  };
}

export function createLimits(store: Store, holder: string): Limits {
  return store.dialect === 'postgres' ? databaseLimits(store, holder) : memoryLimits();
}
