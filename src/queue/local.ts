// Embedded queue: jobs live in the database; this process claims them with a lease, runs each
// attempt (queue/attempt.ts), and recovers jobs whose worker died (kill -9, power loss). On
// shutdown it stops claiming, lets running attempts finish within a grace period and hands
// the rest back (docs/operations.md "Stopping and restarting").
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import type { Config } from '../config.js';
import { jobFailure } from '../errors.js';
import type { Engines } from '../engines.js';
import type { Storage } from '../files/storage.js';
import { jobPolicy, type JobType } from '../jobs/registry.js';
import { jobViewer } from '../jobs/view.js';
import { killProcessGroup } from '../media/process/run.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';
import { sweepIdempotencyKeys } from '../store/idempotency.js';
import { sweepJobSecrets } from '../store/job-secrets.js';
import * as life from '../store/lifecycle.js';
import type { JobRow } from '../store/schema.js';
import { jobEventHook, type TerminalHook } from '../webhooks/events.js';
import { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { Attempt, workDirOf } from './attempt.js';
import { isSameProcess } from './process-identity.js';
import type { JobQueue, RunEvent } from './queue.js';

const POLL_MS = 1000;
const MAINTENANCE_MS = 5000;
/** After the abort, how long engines get to exit (the runner sends SIGKILL after 2 s). */
const ENGINE_EXIT_MS = 5000;

export interface LocalQueueDeps {
  config: Readonly<Config>;
  store: Store;
  engines: Engines;
  urlPolicy: UrlPolicy;
  /** Where outputs are published; also makes the download links webhook events carry. */
  storage: Storage;
  /** Opens jobs' sealed secrets (their cookies, store/job-secrets.ts). */
  signingSecret: string;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

export class LocalQueue implements JobQueue {
  private running = new Map<string, Attempt>();
  private stopped = true;
  /** One waker per idle loop: a new job wakes every idle loop, and they race to claim it. */
  private waiters = new Set<() => void>();
  private loops: Promise<void>[] = [];
  private maintenance: NodeJS.Timeout | null = null;
  private updates = new EventEmitter().setMaxListeners(0);
  private runEvents = new EventEmitter().setMaxListeners(0);
  /** Ends the grace period of a shutdown early (a second signal). */
  private endGrace: (() => void) | null = null;
  private hurried = false;
  /** Webhook deliveries: their own table and loop, not jobs (see docs/webhooks.md). */
  readonly webhooks: WebhookDispatcher;
  private readonly onTerminal: TerminalHook;

  constructor(private readonly deps: LocalQueueDeps) {
    this.webhooks = new WebhookDispatcher(deps);
    this.onTerminal = jobEventHook(jobViewer(deps.storage));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.hurried = false;
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
    this.running.get(jobId)?.controller.abort();
    this.updates.emit(jobId);
  }

  onUpdate(jobId: string, listener: () => void): () => void {
    this.updates.on(jobId, listener);
    return () => this.updates.off(jobId, listener);
  }

  onRunEvent(listener: (event: RunEvent) => void): () => void {
    this.runEvents.on('event', listener);
    return () => this.runEvents.off('event', listener);
  }

  /** Jobs this process runs now. */
  runningJobs(): string[] {
    return [...this.running.keys()];
  }

  /** Stops at once: running jobs are handed back (pending, attempt not counted), not failed. */
  async stop(): Promise<void> {
    await this.shutdown(0);
  }

  /**
   * Stops claiming, lets running attempts finish for up to `graceMs`, then hands the rest back:
   * their engines are aborted (process groups killed) and each job is put back to pending with
   * its attempt not counted, no refund and no webhook. Delivers webhooks until the end.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.stopped = true;
    if (this.maintenance) clearInterval(this.maintenance);
    this.maintenance = null;
    this.notify(); // idle loops wake up and leave
    const loopsDone = Promise.allSettled(this.loops);
    if (this.running.size > 0 && graceMs > 0 && !this.hurried) {
      this.deps.log('shutdown: waiting for running jobs', { jobs: this.runningJobs(), grace_seconds: graceMs / 1000 });
      await Promise.race([loopsDone, sleep(graceMs), new Promise<void>((resolve) => (this.endGrace = resolve))]);
      this.endGrace = null;
    }
    if (this.running.size > 0) {
      this.deps.log('shutdown: handing back unfinished jobs', { jobs: this.runningJobs() });
      for (const attempt of this.running.values()) {
        attempt.releasing = true;
        attempt.controller.abort();
      }
      await Promise.race([loopsDone, sleep(ENGINE_EXIT_MS)]);
      // A handler that ignored its signal: hand its job back here (this process is about to
      // go, so no late write can follow) and kill its engine group.
      for (const attempt of this.running.values()) {
        if (attempt.pid) killProcessGroup(attempt.pid);
        await attempt.release().catch(() => undefined);
      }
    }
    await Promise.race([loopsDone, sleep(ENGINE_EXIT_MS)]);
    this.loops = [];
    this.running.clear();
    await this.webhooks.stop();
  }

  /** A second signal: skip what is left of the grace period. */
  hurry(): void {
    this.hurried = true;
    this.endGrace?.();
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
    const attempt = new Attempt(job, {
      ...this.deps,
      onTerminal: this.onTerminal,
      changed: (id) => this.updates.emit(id),
      runEvent: (e) => this.runEvents.emit('event', e),
    });
    this.running.set(job.id, attempt);
    try {
      // Claimed just as a shutdown began: hand it straight back.
      if (this.stopped) await attempt.release();
      else await attempt.run();
    } finally {
      this.running.delete(job.id);
      this.webhooks.wake(); // the terminal transition may have created deliveries
    }
  }

  /** Lease recovery, output retention and idempotency-key expiry. */
  async maintain(): Promise<void> {
    const { store, storage } = this.deps;
    try {
      for (const job of await life.expiredLeases(store.db)) await this.recover(job);
      for (const job of await life.expiredOutputs(store.db)) {
        // Not marked expired unless its objects are gone: the next round tries again.
        const deleted = await storage.deleteJob(job.id).then(
          () => true,
          (err: unknown) => void this.deps.log('could not delete expired outputs', { job_id: job.id, err: String(err) }),
        );
        if (!deleted) continue;
        await store.db.updateTable('jobs').set({ stage: 'expired' }).where('id', '=', job.id).where('stage', '!=', 'expired').execute();
      }
      await sweepIdempotencyKeys(store.db);
      await sweepJobSecrets(store.db);
      await this.webhooks.sweep();
    } catch (err) {
      this.deps.log('maintenance failed', { err: String(err) });
    }
  }

  private async recover(job: JobRow): Promise<void> {
    const { store, config } = this.deps;
    if (this.running.has(job.id)) return;
    // The process group of a dead worker's engine may still run; with the embedded store all
    // workers share this host, so the recorded pid is meaningful here, but only while it is
    // the same process (a reboot or a long outage lets the pid be reused by anything).
    if (job.process_pid && store.dialect === 'sqlite' && isSameProcess(job.process_pid, job.process_start)) killProcessGroup(job.process_pid);
    await fs.rm(workDirOf(config, job), { recursive: true, force: true });
    // What the dead attempt uploaded before it died; a failure here is retried by the next
    // completion (deleteOtherAttempts) or by retention, so it does not hold up the recovery.
    await this.deps.storage.deleteAttempt(job.id, job.attempts).catch((err: unknown) => this.deps.log('could not delete a dead attempt\'s outputs', { job_id: job.id, err: String(err) }));
    const claim = { id: job.id, attempt: job.attempts };
    const policy = jobPolicy(config)[job.job_type as JobType];
    if (life.countedAttempts(job) >= (policy?.maxAttempts ?? 1)) {
      await life.failJob(store.db, claim, jobFailure('server_error', 'The worker running this job stopped; no attempts left.'), this.onTerminal);
      this.webhooks.wake();
    } else {
      await life.requeueJob(store.db, claim);
      this.notify();
    }
    this.deps.log('recovered job after expired lease', { job_id: job.id, attempts: job.attempts });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
