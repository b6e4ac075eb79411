// The delivery loop: claims due deliveries from the database, sends them (a few at a time),
// logs every attempt and schedules retries. Rows, not memory, hold the work, so deliveries
// survive restarts; `wake()` starts a send at once when an event is created (the 1 s poll is
// only the fallback for rows due later or created by another process).
import type { Config } from '../config.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';
import type { WebhookDeliveryRow } from '../store/schema.js';
import * as store from '../store/webhooks.js';
import { retryDelayMs } from './schedule.js';
import { sendWebhook, WEBHOOK_TIMEOUT_MS } from './send.js';
import { signDelivery } from './signing.js';

const POLL_MS = 1000;
const PARALLEL = 16;
// A claim outlives the 10 s attempt; a sender that dies leaves the row due again after this.
const CLAIM_LEASE_MS = WEBHOOK_TIMEOUT_MS + 20_000;
/** An endpoint whose every delivery failed for this long is disabled. */
export const FAILING_DISABLE_MS = 5 * 86_400_000;
const SWEEP_AFTER_MS = 30 * 86_400_000;

export interface DispatcherDeps {
  config: Readonly<Config>;
  store: Store;
  urlPolicy: UrlPolicy;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

export class WebhookDispatcher {
  private stopped = true;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private inFlight = new Set<Promise<void>>();
  private abort = new AbortController();
  private writes: { outcome: store.AttemptOutcome; settle: (err?: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly deps: DispatcherDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.loopDone = this.loop();
  }

  /** Something may be due now: look at once. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming; attempts in flight are aborted and their claims given back. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    this.wake();
    await this.loopDone;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Deletes finished deliveries past the log's retention (called by queue maintenance). */
  async sweep(): Promise<void> {
    await store.sweepDeliveries(this.deps.store.db, SWEEP_AFTER_MS);
  }

  private async loop(): Promise<void> {
    const { db, dialect } = this.deps.store;
    while (!this.stopped) {
      this.woken = false;
      let claimed: WebhookDeliveryRow[] = [];
      const free = PARALLEL - this.inFlight.size;
      if (free > 0) {
        try {
          claimed = await store.claimDueDeliveries(db, dialect, free, CLAIM_LEASE_MS);
        } catch (err) {
          this.deps.log('webhook claim failed', { err: String(err) });
        }
      }
      for (const d of claimed) {
        const p: Promise<void> = this.attempt(d)
          .catch((err: unknown) => this.deps.log('webhook attempt crashed', { delivery_id: d.id, err: String(err) }))
          .finally(() => {
            this.inFlight.delete(p);
            this.wake(); // a slot is free
          });
        this.inFlight.add(p);
      }
      if (claimed.length > 0 && claimed.length === free) continue; // maybe more are due
      if (this.woken || this.stopped) continue;
      let waitMs = POLL_MS;
      if (this.inFlight.size < PARALLEL) {
        const next = await store.nextDueAt(db).catch(() => null);
        if (next !== null) waitMs = Math.min(POLL_MS, Math.max(0, next - Date.now()));
      }
      if (this.woken || this.stopped) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, waitMs);
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  private async attempt(d: WebhookDeliveryRow): Promise<void> {
    const { db } = this.deps.store;
    const keys = await store.secretsFor(db, d);
    if (!keys) return store.abandonDelivery(db, d, 'The endpoint or account no longer exists.');
    if (keys.endpoint && !keys.endpoint.enabled) return store.abandonDelivery(db, d, `The endpoint is disabled: ${keys.endpoint.disabled_reason ?? ''}`);
    const headers = signDelivery(d.event_id, d.payload, keys.secrets);
    const r = await sendWebhook({ url: d.url, body: d.payload, headers: { ...headers }, policy: this.deps.urlPolicy, signal: this.abort.signal });
    if (this.stopped && r.statusCode === null) return store.releaseDelivery(db, d); // cut short by shutdown: not an attempt
    const success = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
    const gone = r.statusCode === 410;
    const now = Date.now();
    const delay = success || gone ? null : retryDelayMs(this.deps.config.webhookRetrySchedule, d.attempts);
    const attempt = { success, status_code: r.statusCode, duration_ms: r.durationMs, response_excerpt: r.excerpt, error: r.error ?? (success ? null : `HTTP ${r.statusCode}`) };
    await this.record({ delivery: d, attempt, retryAt: delay === null ? null : now + delay, now });
    if (!d.endpoint_id || success) return;
    if (gone) {
      await store.disableEndpoint(db, d.endpoint_id, 'The endpoint answered 410 Gone.');
      this.deps.log('webhook endpoint disabled (410 Gone)', { endpoint_id: d.endpoint_id });
      return;
    }
    const ep = await store.getEndpoint(db, d.endpoint_id);
    if (ep?.failing_since && now - Date.parse(ep.failing_since) >= FAILING_DISABLE_MS) {
      await store.disableEndpoint(db, ep.id, `Every delivery failed for 5 days (since ${ep.failing_since}).`);
      this.deps.log('webhook endpoint disabled after 5 days of failures', { endpoint_id: ep.id });
    }
  }

  /**
   * Group commit: outcomes that finish while a write is in progress go into the next single
   * transaction. With SQLite's synchronous=FULL each commit is an fsync; this took the burst
   * bench from ~60 to the figure in docs/webhooks.md.
   */
  private record(outcome: store.AttemptOutcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.writes.push({ outcome, settle: (err) => (err === undefined ? resolve() : reject(err as Error)) });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.writes.length > 0) {
        const batch = this.writes.splice(0);
        try {
          await store.recordAttempts(this.deps.store.db, batch.map((w) => w.outcome));
          for (const w of batch) w.settle();
        } catch (err) {
          for (const w of batch) w.settle(err ?? new Error('write failed'));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
