// The claim loops of one process (`serve` or `worker`): VC_JOB_CONCURRENCY loops claim jobs
// with a lease (queue/lifecycle.ts: fair across accounts, SKIP LOCKED on PostgreSQL), each
// runs one attempt at a time (queue/attempt.ts), and per-type caps hold within the process
// (transcription: VC_WHISPER_WORKERS). Loops wake on job notifications (queue/events.ts) and
// poll every second as the fallback. Maintenance recovers jobs whose worker died. On shutdown
// the queue stops claiming, lets running attempts finish within a grace period and hands the
// rest back (docs/operations.md "Stopping and restarting").
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import type { Config } from '../config.js';
import type { Engines } from '../engines.js';
import type { Storage } from '../files/storage.js';
import { definitionOf, JOB_TYPES, type Registry } from '../jobs/registry.js';
import { killProcessGroup } from '../media/process/run.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';
import { sweepIdempotencyKeys } from '../store/idempotency.js';
import { sweepJobSecrets } from '../store/job-secrets.js';
import { expiredLeases, expiredOutputs, markOutputsExpired } from '../store/jobs.js';
import type { JobRow } from '../store/schema.js';
import { Attempt, workDirOf } from './attempt.js';
import type { JobEvent, JobEvents } from './events.js';
import type { Log } from './job-log.js';
import type { Lifecycle } from './lifecycle.js';
import { isSameProcess } from './process-identity.js';
import type { RunEvent } from './queue.js';

const POLL_MS = 1000;
const MAINTENANCE_MS = 5000;
/** After the abort, how long engines get to exit (the runner sends SIGKILL after 2 s). */
const ENGINE_EXIT_MS = 5000;

export interface LocalQueueDeps {
  config: Readonly<Config>;
  store: Store;
  engines: Engines;
  urlPolicy: UrlPolicy;
  /** Where outputs are published (and deleted: retention, dead attempts). */
  storage: Storage;
  lifecycle: Lifecycle;
  events: JobEvents;
  registry: Registry;
  /** Opens jobs' sealed secrets (their cookies, store/job-secrets.ts). */
  signingSecret: string;
  /** This process's workers.id, recorded on the jobs it claims. */
  workerId: string;
  log: Log;
  /** More periodic clean-up run with the queue's maintenance (webhook log, stale workers…). */
  sweep?: () => Promise<void>;
  /** How often idle loops look without a notification (default 1 s; tests stretch it to prove wake-ups). */
  pollMs?: number;
}

export class LocalQueue {
  private running = new Map<string, Attempt>();
  private stopped = true;
  /** One waker per idle loop: a new job wakes every idle loop, and they race to claim it. */
  private waiters = new Set<() => void>();
  private loops: Promise<void>[] = [];
  private maintenance: NodeJS.Timeout | null = null;
  private runEvents = new EventEmitter().setMaxListeners(0);
  /** Ends the grace period of a shutdown early (a second signal). */
  private endGrace: (() => void) | null = null;
  private hurried = false;
  /** Claims run one at a time in this process, so a per-type cap cannot be passed by a race. */
  private claiming: Promise<unknown> = Promise.resolve();
  private unsubscribe: () => void = () => {};

  constructor(private readonly deps: LocalQueueDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.hurried = false;
    const offEvent = this.deps.events.on((e) => this.onEvent(e));
    const offResync = this.deps.events.onResync(() => this.notify());
    this.unsubscribe = () => {
      offEvent();
      offResync();
    };
    for (let i = 0; i < this.deps.config.jobConcurrency; i++) this.loops.push(this.loop());
    void this.maintain();
    this.maintenance = setInterval(() => void this.maintain(), MAINTENANCE_MS);
  }

  /** Look for work now rather than at the next poll. */
  notify(): void {
    for (const wake of this.waiters) wake();
  }

  private onEvent(e: JobEvent): void {
    if (e.kind === 'queued') {
      // Our attempt's job was put back after we claimed it: another process recovered it (our
      // lease ran out). A notification older than our claim (the job's acceptance) is not.
      const attempt = this.running.get(e.jobId);
      if (attempt && e.attempts >= attempt.claim.attempt && !attempt.settling) attempt.fence('claim lost');
      this.notify();
    } else if (e.kind === 'ended' && e.status === 'cancelled') {
      this.running.get(e.jobId)?.fence('cancelled');
    }
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
   * its attempt not counted, no refund and no webhook; any other worker claims it at once.
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
    this.unsubscribe();
  }

  /** A second signal: skip what is left of the grace period. */
  hurry(): void {
    this.hurried = true;
    this.endGrace?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let attempt: Attempt | null = null;
      try {
        attempt = await this.claimNext();
      } catch (err) {
        this.deps.log('claim failed', { err: String(err) });
      }
      if (attempt) {
        await this.runOne(attempt);
        continue;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          this.waiters.delete(wake);
          resolve();
        };
        const t = setTimeout(wake, this.deps.pollMs ?? POLL_MS);
        this.waiters.add(wake);
      });
    }
  }

  /** Job types this process may start now: a type whose group is at its cap waits. */
  private claimableTypes(): string[] {
    const { registry, config } = this.deps;
    const inGroup = new Map<string, number>();
    for (const a of this.running.values()) {
      const group = definitionOf(registry, a.job.job_type)?.policy(config).limit?.group;
      if (group) inGroup.set(group, (inGroup.get(group) ?? 0) + 1);
    }
    return JOB_TYPES.filter((type) => {
      const limit = registry[type].policy(config).limit;
      return !limit || (inGroup.get(limit.group) ?? 0) < limit.max;
    });
  }

  /** Claims one job (one claim at a time in this process) and registers its attempt. */
  private claimNext(): Promise<Attempt | null> {
    const next = this.claiming.then(async () => {
      if (this.stopped) return null;
      const { lifecycle, config, workerId } = this.deps;
      const job = await lifecycle.claim({ types: this.claimableTypes(), workerId, leaseMs: config.jobLeaseSeconds * 1000 });
      if (!job) return null;
      const attempt = new Attempt(job, { ...this.deps, runEvent: (e) => this.runEvents.emit('event', e) });
      this.running.set(job.id, attempt);
      return attempt;
    });
    this.claiming = next.catch(() => undefined);
    return next;
  }

  private async runOne(attempt: Attempt): Promise<void> {
    try {
      // Claimed just as a shutdown began: hand it straight back.
      if (this.stopped) await attempt.release();
      else await attempt.run();
    } finally {
      this.running.delete(attempt.job.id);
      this.notify(); // a capped type may be claimable again
    }
  }

  /** Lease recovery, output retention, idempotency-key expiry and the service's sweeps. */
  async maintain(): Promise<void> {
    const { store, storage } = this.deps;
    try {
      for (const job of await expiredLeases(store.db)) await this.recover(job);
      for (const job of await expiredOutputs(store.db)) {
        // Not marked expired unless its objects are gone: the next round tries again.
        const deleted = await storage.deleteJob(job.id).then(
          () => true,
          (err: unknown) => void this.deps.log('could not delete expired outputs', { job_id: job.id, err: String(err) }),
        );
        if (!deleted) continue;
        await markOutputsExpired(store.db, job.id);
      }
      await sweepIdempotencyKeys(store.db);
      await sweepJobSecrets(store.db);
      await this.deps.sweep?.();
    } catch (err) {
      this.deps.log('maintenance failed', { err: String(err) });
    }
  }

  private async recover(job: JobRow): Promise<void> {
    const { config, lifecycle, registry, storage } = this.deps;
    if (this.running.has(job.id)) return; // ours: the attempt fences itself
    const maxAttempts = definitionOf(registry, job.job_type)?.policy(config).maxAttempts ?? 1;
    // First the fenced write (it checks the lease again): a worker that was only slow keeps
    // its job, its engine and its outputs.
    const how = await lifecycle.recover(job, maxAttempts);
    if (!how) return;
    this.deps.log('recovered job after expired lease', { job_id: job.id, attempts: job.attempts, outcome: how });
    // The engine process group of the dead attempt may still run. Only the host that started
    // it can tell (and kill) it, and only while the pid is still that process: the identity
    // holds the host name, the boot id and the start time.
    if (job.process_pid && isSameProcess(job.process_pid, job.process_start, config.hostName)) killProcessGroup(job.process_pid);
    await fs.rm(workDirOf(config, job), { recursive: true, force: true });
    // What the dead attempt uploaded before it died; a failure here is retried by the next
    // completion (deleteOtherAttempts) or by retention, so it does not hold up the recovery.
    await storage.deleteAttempt(job.id, job.attempts).catch((err: unknown) => this.deps.log("could not delete a dead attempt's outputs", { job_id: job.id, err: String(err) }));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
