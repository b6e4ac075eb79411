// Embedded queue: jobs live in the database; this process claims them with a lease, runs the
// handler, heartbeats, and recovers jobs whose worker died (kill -9, power loss).
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { jobFailure } from '../errors.js';
import type { Engines } from '../engines.js';
import { handlers, jobPolicy, type JobType } from '../jobs/registry.js';
import type { JobContext } from '../jobs/types.js';
import { jobViewer } from '../jobs/view.js';
import { killProcessGroup } from '../media/process/run.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';
import * as life from '../store/lifecycle.js';
import type { JobRow } from '../store/schema.js';
import { sweepIdempotencyKeys } from '../store/idempotency.js';
import { jobEventHook, type TerminalHook } from '../webhooks/events.js';
import { WebhookDispatcher } from '../webhooks/dispatcher.js';
import type { JobQueue } from './queue.js';

const POLL_MS = 1000;
const MAINTENANCE_MS = 5000;
const PROGRESS_WRITE_MS = 400;

export interface LocalQueueDeps {
  config: Readonly<Config>;
  store: Store;
  engines: Engines;
  urlPolicy: UrlPolicy;
  /** Signs download links in the job objects webhook events carry. */
  signingSecret: string;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

export class LocalQueue implements JobQueue {
  private running = new Map<string, AbortController>();
  private stopped = true;
  /** One waker per idle loop: a new job wakes every idle loop, and they race to claim it. */
  private waiters = new Set<() => void>();
  private loops: Promise<void>[] = [];
  private maintenance: NodeJS.Timeout | null = null;
  private updates = new EventEmitter().setMaxListeners(0);
  /** Webhook deliveries: their own table and loop, not jobs (see docs/webhooks.md). */
  readonly webhooks: WebhookDispatcher;
  private readonly onTerminal: TerminalHook;

  constructor(private readonly deps: LocalQueueDeps) {
    this.webhooks = new WebhookDispatcher(deps);
    this.onTerminal = jobEventHook(jobViewer(deps.config.publicUrl, deps.signingSecret));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    for (let i = 0; i < this.deps.config.jobConcurrency; i++) this.loops.push(this.loop());
    this.webhooks.start();
    void this.maintain();
    this.maintenance = setInterval(() => void this.maintain(), MAINTENANCE_MS);
  }

  notify(): void {
    for (const wake of this.waiters) wake();
  }

  notifyWebhooks(): void {
    this.webhooks.wake();
  }

  abort(jobId: string): void {
    this.running.get(jobId)?.abort();
    this.updates.emit(jobId);
  }

  onUpdate(jobId: string, listener: () => void): () => void {
    this.updates.on(jobId, listener);
    return () => this.updates.off(jobId, listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.maintenance) clearInterval(this.maintenance);
    for (const c of this.running.values()) c.abort();
    this.notify();
    await Promise.allSettled(this.loops);
    this.loops = [];
    await this.webhooks.stop();
  }

  private async loop(): Promise<void> {
    const { store, config } = this.deps;
    while (!this.stopped) {
      let job: JobRow | undefined;
      try {
        job = await life.claimNextJob(store.db, store.dialect, config.jobLeaseSeconds * 1000);
      } catch (err) {
        this.deps.log('claim failed', { err: String(err) });
      }
      if (job) {
        await this.runOne(job);
        continue;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          this.waiters.delete(wake);
          resolve();
        };
        const t = setTimeout(wake, POLL_MS);
        this.waiters.add(wake);
      });
    }
  }

  private async runOne(job: JobRow): Promise<void> {
    const { store, config } = this.deps;
    const claim = { id: job.id, attempt: job.attempts };
    const type = job.job_type as JobType;
    const policy = jobPolicy(config)[type];
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const workDir = path.join(config.dataDir, 'work', `${job.id}-${job.attempts}`);
    const outputDir = path.join(config.dataDir, 'files', job.id);
    const deadline = Date.now() + policy.timeoutSeconds * 1000;
    let lastWrite = 0;
    let lastStage = '';
    const leaseMs = config.jobLeaseSeconds * 1000;
    const beat = setInterval(() => {
      life.heartbeat(store.db, claim, leaseMs).then(
        (alive) => {
          if (!alive) controller.abort(); // cancelled or reclaimed elsewhere
        },
        () => undefined,
      );
    }, Math.max(200, leaseMs / 3));
    const ctx: JobContext = {
      jobId: job.id,
      accountId: job.account_id,
      attempt: job.attempts,
      config,
      engines: this.deps.engines,
      urlPolicy: this.deps.urlPolicy,
      store,
      signal: controller.signal,
      workDir,
      outputDir,
      remainingMs: () => Math.max(0, deadline - Date.now()),
      progress: (pct, stage) => {
        const now = Date.now();
        const s = stage ?? lastStage;
        if (s === lastStage && now - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = now;
        lastStage = s;
        life.setProgress(store.db, claim, pct, s).then(
          () => this.updates.emit(job.id),
          () => undefined,
        );
      },
      onProcess: (pid) => void life.setProcessPid(store.db, claim, pid).catch(() => undefined),
      log: this.deps.log,
    };
    try {
      await fs.mkdir(workDir, { recursive: true });
      await fs.mkdir(outputDir, { recursive: true });
      const handler = handlers[type] as (p: unknown, c: JobContext) => ReturnType<(typeof handlers)[JobType]>;
      if (!handler) throw new Error(`no handler for job type ${job.job_type}`);
      const payload = JSON.parse(job.request) as { url?: unknown };
      // Every job fetches its payload's url: checked again at run time, in one place for all
      // types, because the name may resolve elsewhere now than at submit (refunded).
      const verdict = typeof payload.url === 'string' ? await this.deps.urlPolicy.check(payload.url) : null;
      const outcome = verdict && !verdict.ok ? { ok: false as const, failure: jobFailure('url_not_allowed', verdict.reason) } : await handler(payload, ctx);
      if (outcome.ok) {
        await life.completeJob(store.db, claim, outcome.result, config.retentionHours * 3600 * 1000, this.onTerminal);
      } else {
        await life.failJob(store.db, claim, outcome.failure, this.onTerminal);
        await fs.rm(outputDir, { recursive: true, force: true });
      }
    } catch (err) {
      // An infrastructure fault or bug: retry while attempts remain, then fail (refunded).
      this.deps.log('job attempt crashed', { job_id: job.id, err: String(err) });
      await fs.rm(outputDir, { recursive: true, force: true }).catch(() => undefined);
      if (controller.signal.aborted || job.attempts >= policy.maxAttempts) {
        await life.failJob(store.db, claim, jobFailure('server_error', 'The job failed unexpectedly.'), this.onTerminal).catch(() => undefined);
      } else {
        await life.requeueJob(store.db, claim).catch(() => undefined);
      }
    } finally {
      clearInterval(beat);
      this.running.delete(job.id);
      this.updates.emit(job.id);
      this.webhooks.wake(); // the terminal transition may have created deliveries
      await fs.rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Lease recovery, output retention and idempotency-key expiry. */
  async maintain(): Promise<void> {
    const { store, config } = this.deps;
    try {
      for (const job of await life.expiredLeases(store.db)) await this.recover(job);
      for (const job of await life.expiredOutputs(store.db)) {
        await fs.rm(path.join(config.dataDir, 'files', job.id), { recursive: true, force: true });
        await store.db.updateTable('jobs').set({ stage: 'expired' }).where('id', '=', job.id).where('stage', '!=', 'expired').execute();
      }
      await sweepIdempotencyKeys(store.db);
      await this.webhooks.sweep();
    } catch (err) {
      this.deps.log('maintenance failed', { err: String(err) });
    }
  }

  private async recover(job: JobRow): Promise<void> {
    const { store, config } = this.deps;
    if (this.running.has(job.id)) return;
    // The process group of a dead worker's engine may still run; with the embedded store all
    // workers share this host, so the recorded pid is meaningful here.
    if (job.process_pid && store.dialect === 'sqlite') killProcessGroup(job.process_pid);
    await fs.rm(path.join(config.dataDir, 'work', `${job.id}-${job.attempts}`), { recursive: true, force: true });
    const claim = { id: job.id, attempt: job.attempts };
    const policy = jobPolicy(config)[job.job_type as JobType];
    if (job.attempts >= (policy?.maxAttempts ?? 1)) {
      await life.failJob(store.db, claim, jobFailure('server_error', 'The worker running this job stopped; no attempts left.'), this.onTerminal);
      this.webhooks.wake();
    } else {
      await life.requeueJob(store.db, claim);
      this.notify();
    }
    this.deps.log('recovered job after expired lease', { job_id: job.id, attempts: job.attempts });
  }
}
