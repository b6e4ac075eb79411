// One attempt of a claimed job: its context, the payload check, the handler, the heartbeat
// (and self-fencing), and settling the outcome through the lifecycle (complete, fail, hand
// back on shutdown, retry after a crash) with its clean-up.
//
// Self-fencing: an attempt stops writing once its claim may belong to someone else. A refused
// heartbeat (the job was cancelled or recovered) or a database that has not answered a
// heartbeat for a whole lease (another worker may recover the job from then on) aborts the
// engines, and the attempt then publishes nothing and completes nothing: a worker cut off
// from the others never produces a second result.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { Config } from '../config.js';
import { jobFailure, type JobFailure } from '../errors.js';
import type { Engines } from '../engines.js';
import { outputMime } from '../files/outputs.js';
import type { Storage } from '../files/storage.js';
import { jobCookies } from '../jobs/cookies.js';
import { definitionOf, type Registry } from '../jobs/registry.js';
import type { HandlerOutcome, JobContext } from '../jobs/types.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';
import type { JobRow } from '../store/schema.js';
import { JobTrace, type AttemptEnd, type Log } from './job-log.js';
import { countedAttempts, type Claim, type Lifecycle } from './lifecycle.js';
import { processIdentity } from './process-identity.js';
import type { RunEvent } from './queue.js';

const PROGRESS_WRITE_MS = 400;

/** cancelled: by the caller; claim lost: recovered by another worker; database unreachable: for a whole lease. */
export type FenceReason = 'cancelled' | 'claim lost' | 'database unreachable';

export interface AttemptDeps {
  config: Readonly<Config>;
  store: Store;
  engines: Engines;
  urlPolicy: UrlPolicy;
  /** Shared output storage: what this attempt publishes before its fenced completion. */
  storage: Storage;
  lifecycle: Lifecycle;
  registry: Registry;
  /** Opens the job's sealed secrets (its cookies, store/job-secrets.ts). */
  signingSecret: string;
  log: Log;
  /** Stage and attempt timings (metrics). */
  runEvent?: (event: RunEvent) => void;
}

export const workDirOf = (config: Readonly<Config>, job: Pick<JobRow, 'id' | 'attempts'>) => path.join(config.dataDir, 'work', `${job.id}-${job.attempts}`);
/** The attempt's outputs, local to this worker until they are published (files/storage.ts). */
export const outputDirOf = (config: Readonly<Config>, job: Pick<JobRow, 'id' | 'attempts'>) => path.join(workDirOf(config, job), 'outputs');

export class Attempt {
  readonly controller = new AbortController();
  /** Set by a shutdown: an unfinished outcome hands the job back instead of failing it. */
  releasing = false;
  /** Why this attempt may not write any more (cancelled, claim lost, database out of reach), or null. */
  fencedBy: FenceReason | null = null;
  /** The engine process group running now, if any. */
  pid: number | null = null;
  /** Writing its own outcome (a hand-back notifies too: not a reason to fence itself). */
  settling = false;
  readonly claim: Claim;
  private readonly trace: JobTrace;
  private readonly leaseMs: number;
  /** When the last heartbeat that the database accepted was sent (the lease runs from there). */
  private leaseFrom: number;
  /** This attempt began uploading outputs: what it did not complete with must be deleted. */
  private published = false;

  constructor(
    readonly job: JobRow,
    private readonly deps: AttemptDeps,
  ) {
    this.claim = { id: job.id, attempt: job.attempts };
    this.trace = new JobTrace(job, deps.log, deps.runEvent);
    this.leaseMs = deps.config.jobLeaseSeconds * 1000;
    this.leaseFrom = job.lease_expires_at ? Date.parse(job.lease_expires_at) - this.leaseMs : Date.now();
  }

  /** Stops the engines; from now on this attempt writes nothing and publishes nothing. */
  fence(reason: FenceReason): void {
    if (this.fencedBy) return;
    this.fencedBy = reason;
    if (reason !== 'cancelled') this.deps.log('job attempt fenced: stopping without a result', { job_id: this.job.id, attempt: this.job.attempts, reason });
    this.controller.abort();
  }

  /** True (and fenced) once no heartbeat got through for a whole lease. */
  private leaseRanOut(): boolean {
    if (!this.fencedBy && Date.now() - this.leaseFrom >= this.leaseMs) this.fence('database unreachable');
    return this.fencedBy !== null;
  }

  private beat(): void {
    if (this.leaseRanOut()) return;
    const sent = Date.now();
    this.deps.lifecycle.heartbeat(this.claim, this.leaseMs).then(
      (alive) => {
        if (alive) this.leaseFrom = Math.max(this.leaseFrom, sent);
        else this.fence('claim lost'); // cancelled, or recovered by another worker
      },
      () => this.leaseRanOut(),
    );
  }

  async run(): Promise<AttemptEnd> {
    const { config } = this.deps;
    const job = this.job;
    const policy = definitionOf(this.deps.registry, job.job_type)?.policy(config) ?? { maxAttempts: 1, timeoutSeconds: config.jobTimeoutSeconds };
    const workDir = workDirOf(config, job);
    // A third of the lease: two beats may fail (a database restart) before the lease runs out.
    const beat = setInterval(() => this.beat(), Math.max(200, this.leaseMs / 3));
    this.trace.started();
    let end: AttemptEnd;
    try {
      end = await this.settle(await this.outcome(workDir, policy.timeoutSeconds));
    } catch (err) {
      // An infrastructure fault or bug: retry while attempts remain, then fail (refunded).
      this.deps.log('job attempt crashed', { job_id: job.id, err: String(err) });
      end = await this.settleCrash(policy.maxAttempts).catch(() => this.ended('lost'));
    } finally {
      clearInterval(beat);
      await fs.rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
    return end;
  }

  private async outcome(workDir: string, timeoutSeconds: number): Promise<HandlerOutcome<unknown>> {
    const { config, lifecycle } = this.deps;
    const job = this.job;
    const deadline = Date.now() + timeoutSeconds * 1000;
    let lastWrite = 0;
    let lastStage = '';
    const ctx: JobContext = {
      jobId: job.id,
      accountId: job.account_id,
      attempt: job.attempts,
      creditsCharged: job.credits_charged,
      config,
      engines: this.deps.engines,
      urlPolicy: this.deps.urlPolicy,
      store: this.deps.store,
      signal: this.controller.signal,
      workDir,
      outputDir: outputDirOf(config, job),
      remainingMs: () => Math.max(0, deadline - Date.now()),
      progress: (pct, stage) => {
        const now = Date.now();
        const s = stage ?? lastStage;
        this.trace.enter(s);
        if (this.fencedBy || (s === lastStage && now - lastWrite < PROGRESS_WRITE_MS)) return;
        lastWrite = now;
        lastStage = s;
        void lifecycle.progress(this.claim, pct, s).catch(() => undefined);
      },
      onProcess: (pid) => {
        this.pid = pid;
        // Read at once: the identity is what makes the recorded pid safe to kill later.
        const identity = pid === null ? null : processIdentity(pid, config.hostName);
        void lifecycle.recordProcess(this.claim, pid, identity).catch(() => undefined);
      },
      log: this.deps.log,
      cookies: null,
    };
    const definition = definitionOf(this.deps.registry, job.job_type);
    if (!definition) return { ok: false, failure: jobFailure('server_error', `This worker does not know the job type "${job.job_type}".`) };
    let payload: unknown;
    try {
      payload = JSON.parse(job.request) as unknown;
    } catch {
      payload = undefined;
    }
    // A row this version cannot run (hand-edited, damaged, or from an incompatible version)
    // must not reach the handler: the job fails, refunded (server_error is not the caller's doing).
    if (!Value.Check(definition.payload, payload)) {
      const first = [...Value.Errors(definition.payload, payload)][0];
      const where = first ? ` (${first.path || '/'}: ${first.message})` : '';
      return { ok: false, failure: jobFailure('server_error', `The stored request of this ${job.job_type} job is not valid${where}.`) };
    }
    // 0700: the job's cookies file is written here.
    await fs.mkdir(workDir, { recursive: true, mode: 0o700 });
    await fs.mkdir(ctx.outputDir, { recursive: true });
    const cookies = await jobCookies(this.deps.store, this.deps.signingSecret, job.id, workDir);
    if (cookies && 'code' in cookies) return { ok: false, failure: cookies };
    ctx.cookies = cookies;
    // Every job fetches its payload's url: checked again at run time, in one place for all
    // types, because the name may resolve elsewhere now than at submit (refunded).
    const url = (payload as { url?: unknown }).url;
    const verdict = typeof url === 'string' ? await this.deps.urlPolicy.check(url) : null;
    if (verdict && !verdict.ok) return { ok: false, failure: jobFailure('url_not_allowed', verdict.reason) };
    return definition.handler(payload, ctx);
  }

  /** Writes the outcome (fenced) and cleans up after it; says how the attempt ended. */
  async settle(outcome: HandlerOutcome<unknown>): Promise<AttemptEnd> {
    const { lifecycle } = this.deps;
    this.settling = true;
    if (this.fencedBy === 'database unreachable' || this.leaseRanOut()) return this.abandoned();
    if (outcome.ok && !this.fencedBy) {
      // A finished result is kept even during a shutdown: the work is done.
      await this.publishOutputs(outcome.result);
      // Publishing takes time (an upload): the lease may have run out meanwhile.
      if (this.leaseRanOut()) return this.abandoned();
      if (await lifecycle.complete(this.claim, outcome.result, { refund: outcome.refund })) {
        await this.deps.storage.deleteOtherAttempts(this.job.id, this.claim.attempt).catch((err: unknown) => this.deps.log("could not delete earlier attempts' outputs", { job_id: this.job.id, err: String(err) }));
        return this.ended('completed');
      }
      // The claim was lost while the result was being published (cancelled meanwhile, or
      // recovered by another process): see unfinished().
      return this.unfinished(null, async () => false);
    }
    if (this.fencedBy) return this.unfinished(null, async () => false);
    if (this.releasing) return this.unfinished(null, () => lifecycle.release(this.claim));
    const failure = outcome.ok ? jobFailure('server_error', 'The job failed unexpectedly.') : outcome.failure;
    return this.unfinished(failure, () => lifecycle.fail(this.claim, failure));
  }

  private async settleCrash(maxAttempts: number): Promise<AttemptEnd> {
    const { lifecycle } = this.deps;
    this.settling = true;
    if (this.fencedBy === 'database unreachable') return this.abandoned();
    if (this.fencedBy) return this.unfinished(null, async () => false);
    if (this.releasing) return this.unfinished(null, () => lifecycle.release(this.claim));
    if (this.controller.signal.aborted || countedAttempts(this.job) >= maxAttempts) {
      const failure = jobFailure('server_error', 'The job failed unexpectedly.');
      return this.unfinished(failure, () => lifecycle.fail(this.claim, failure));
    }
    return this.unfinished(null, () => lifecycle.retry(this.claim), 'requeued');
  }

  /** Hands the job back (shutdown): pending, this attempt not counted, no refund, no webhook. */
  async release(): Promise<AttemptEnd> {
    this.settling = true;
    return this.unfinished(null, () => this.deps.lifecycle.release(this.claim));
  }

  /**
   * The database was out of reach for a whole lease: another worker may own the job now.
   * Nothing is written to the database (it may still be unreachable). What this attempt
   * uploaded is its own (attempt-scoped keys) and never linked: deleted when storage answers
   * (the recovering worker deletes it too).
   */
  private abandoned(): AttemptEnd {
    if (this.published) void this.deps.storage.deleteAttempt(this.job.id, this.claim.attempt).catch(() => undefined);
    return this.ended('lost');
  }

  /**
   * The one place outputs become visible, right before the fenced completion: uploads the
   * attempt's output folder under this attempt's keys. Nothing links to them until the
   * lifecycle's completion commits; an attempt that loses its claim deletes them.
   */
  private async publishOutputs(result: unknown): Promise<void> {
    this.published = true;
    const outputs = result && typeof result === 'object' ? (result as Record<string, unknown>) : null;
    await this.deps.storage.publish(this.job.id, this.claim.attempt, outputDirOf(this.deps.config, this.job), (name) => outputMime(outputs, name), this.controller.signal);
  }

  /**
   * An attempt that produced no result: delete its outputs, then write `transition` (fenced).
   * Outputs are per attempt (the local scratch, the published keys), so this attempt's are
   * never another's: whether the job was cancelled meanwhile or recovered by another worker,
   * nothing will ever link to them.
   */
  private async unfinished(failure: JobFailure | null, transition: () => Promise<boolean>, done: AttemptEnd = this.releasing ? 'released' : 'failed'): Promise<AttemptEnd> {
    await fs.rm(outputDirOf(this.deps.config, this.job), { recursive: true, force: true });
    if (this.published) await this.deps.storage.deleteAttempt(this.job.id, this.claim.attempt).catch((err: unknown) => this.deps.log('could not delete an unfinished attempt\'s outputs', { job_id: this.job.id, err: String(err) }));
    if (await transition()) return this.ended(done, failure);
    const now = await this.currentStatus();
    return this.ended(now === 'cancelled' ? 'cancelled' : 'lost', failure);
  }

  /** The job's status now (null: the row is gone). */
  private async currentStatus(): Promise<JobRow['status'] | null> {
    const row = await this.deps.store.db.selectFrom('jobs').select(['status']).where('id', '=', this.job.id).executeTakeFirst();
    return row?.status ?? null;
  }

  private ended(how: AttemptEnd, failure: JobFailure | null = null): AttemptEnd {
    this.trace.ended(how, failure?.code ?? null);
    return how;
  }
}
