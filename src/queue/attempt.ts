// One attempt of a claimed job: its context, the handler, the heartbeat, and settling the
// outcome (complete, fail, hand back on shutdown, retry after a crash) with its clean-up.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { jobFailure, type JobFailure } from '../errors.js';
import type { Engines } from '../engines.js';
import { outputMime } from '../files/outputs.js';
import type { Storage } from '../files/storage.js';
import { jobCookies } from '../jobs/cookies.js';
import { handlers, jobPolicy, type JobType } from '../jobs/registry.js';
import type { HandlerOutcome, JobContext } from '../jobs/types.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';
import * as life from '../store/lifecycle.js';
import type { JobRow } from '../store/schema.js';
import { JobTrace, type AttemptEnd, type Log } from './job-log.js';
import { processIdentity } from './process-identity.js';
import type { RunEvent } from './queue.js';

const PROGRESS_WRITE_MS = 400;

export interface AttemptDeps {
  config: Readonly<Config>;
  store: Store;
  engines: Engines;
  urlPolicy: UrlPolicy;
  /** Shared output storage: what this attempt publishes before its fenced completion. */
  storage: Storage;
  /** Opens the job's sealed secrets (its cookies). */
  signingSecret: string;
  onTerminal: life.TerminalHook;
  log: Log;
  /** This process changed the job (progress, end): wake its event streams. */
  changed: (jobId: string) => void;
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
  /** The engine process group running now, if any. */
  pid: number | null = null;
  readonly claim: life.Claim;
  private readonly trace: JobTrace;
  /** This attempt began uploading outputs: what it did not complete with must be deleted. */
  private published = false;

  constructor(
    readonly job: JobRow,
    private readonly deps: AttemptDeps,
  ) {
    this.claim = { id: job.id, attempt: job.attempts };
    this.trace = new JobTrace(job, deps.log, deps.runEvent);
  }

  async run(): Promise<AttemptEnd> {
    const { store, config } = this.deps;
    const job = this.job;
    const type = job.job_type as JobType;
    const policy = jobPolicy(config)[type];
    const workDir = workDirOf(config, job);
    const leaseMs = config.jobLeaseSeconds * 1000;
    const beat = setInterval(() => {
      life.heartbeat(store.db, this.claim, leaseMs).then(
        (alive) => {
          if (!alive) this.controller.abort(); // cancelled or reclaimed elsewhere
        },
        () => undefined,
      );
    }, Math.max(200, leaseMs / 3));
    this.trace.started();
    let end: AttemptEnd;
    try {
      end = await this.settle(await this.outcome(workDir, policy.timeoutSeconds));
    } catch (err) {
      // An infrastructure fault or bug: retry while attempts remain, then fail (refunded).
      this.deps.log('job attempt crashed', { job_id: job.id, err: String(err) });
      end = await this.settleCrash(policy.maxAttempts).catch(() => 'lost' as const);
    } finally {
      clearInterval(beat);
      await fs.rm(workDir, { recursive: true, force: true }).catch(() => undefined);
    }
    return end;
  }

  private async outcome(workDir: string, timeoutSeconds: number): Promise<HandlerOutcome<unknown>> {
    const { store, config } = this.deps;
    const job = this.job;
    const deadline = Date.now() + timeoutSeconds * 1000;
    let lastWrite = 0;
    let lastStage = '';
    const ctx: JobContext = {
      jobId: job.id,
      accountId: job.account_id,
      attempt: job.attempts,
      config,
      engines: this.deps.engines,
      urlPolicy: this.deps.urlPolicy,
      store,
      signal: this.controller.signal,
      workDir,
      outputDir: outputDirOf(config, job),
      remainingMs: () => Math.max(0, deadline - Date.now()),
      progress: (pct, stage) => {
        const now = Date.now();
        const s = stage ?? lastStage;
        this.trace.enter(s);
        if (s === lastStage && now - lastWrite < PROGRESS_WRITE_MS) return;
        lastWrite = now;
        lastStage = s;
        life.setProgress(store.db, this.claim, pct, s).then(
          () => this.deps.changed(job.id),
          () => undefined,
        );
      },
      onProcess: (pid) => {
        this.pid = pid;
        // Read at once: the identity is what makes the recorded pid safe to kill later.
        const identity = pid === null ? null : processIdentity(pid);
        void life.setProcessPid(store.db, this.claim, pid, identity).catch(() => undefined);
      },
      log: this.deps.log,
      cookies: null,
    };
    await fs.mkdir(workDir, { recursive: true, mode: 0o700 });
    await fs.mkdir(ctx.outputDir, { recursive: true });
    const cookies = await jobCookies(store, this.deps.signingSecret, job.id, workDir);
    if (cookies && 'code' in cookies) return { ok: false, failure: cookies };
    ctx.cookies = cookies;
    const handler = handlers[job.job_type as JobType] as (p: unknown, c: JobContext) => Promise<HandlerOutcome<unknown>>;
    if (!handler) throw new Error(`no handler for job type ${job.job_type}`);
    const payload = JSON.parse(job.request) as { url?: unknown };
    // Every job fetches its payload's url: checked again at run time, in one place for all
    // types, because the name may resolve elsewhere now than at submit (refunded).
    const verdict = typeof payload.url === 'string' ? await this.deps.urlPolicy.check(payload.url) : null;
    if (verdict && !verdict.ok) return { ok: false, failure: jobFailure('url_not_allowed', verdict.reason) };
    return handler(payload, ctx);
  }

  /** Writes the outcome (fenced) and cleans up after it; says how the attempt ended. */
  async settle(outcome: HandlerOutcome<unknown>): Promise<AttemptEnd> {
    const { store, config } = this.deps;
    if (outcome.ok) {
      // A finished result is kept even during a shutdown: the work is done.
      await this.publishOutputs(outcome.result);
      // A playlist reserved its price for max_items entries: what it did not deliver goes back
      // with the completion (lifecycle.refundUnused).
      const unused = outcome.unused ? Math.floor((this.job.credits_charged * outcome.unused.items) / Math.max(1, outcome.unused.of)) : 0;
      if (await life.completeJob(store.db, this.claim, outcome.result, config.retentionHours * 3600 * 1000, this.deps.onTerminal, unused)) {
        await this.deps.storage.deleteOtherAttempts(this.job.id, this.claim.attempt).catch((err: unknown) => this.deps.log('could not delete earlier attempts\' outputs', { job_id: this.job.id, err: String(err) }));
        return this.ended('completed');
      }
      // The claim was lost while the result was being published (cancelled meanwhile, or
      // recovered by another process): see unfinished().
      return this.unfinished(null, async () => false);
    }
    if (this.releasing) return this.unfinished(null, () => life.releaseJob(store.db, this.claim));
    return this.unfinished(outcome.failure, () => life.failJob(store.db, this.claim, outcome.failure, this.deps.onTerminal));
  }

  private async settleCrash(maxAttempts: number): Promise<AttemptEnd> {
    const { store } = this.deps;
    if (this.releasing) return this.unfinished(null, () => life.releaseJob(store.db, this.claim));
    if (this.controller.signal.aborted || life.countedAttempts(this.job) >= maxAttempts) {
      const failure = jobFailure('server_error', 'The job failed unexpectedly.');
      return this.unfinished(failure, () => life.failJob(store.db, this.claim, failure, this.deps.onTerminal));
    }
    return this.unfinished(null, () => life.requeueJob(store.db, this.claim), 'requeued');
  }

  /** Hands the job back (shutdown): pending, this attempt not counted, no refund, no webhook. */
  async release(): Promise<AttemptEnd> {
    return this.unfinished(null, () => life.releaseJob(this.deps.store.db, this.claim));
  }

  /**
   * Uploads the attempt's output folder under this attempt's keys. Nothing links to them until
   * completeJob commits (fenced by the claim); an attempt that loses its claim deletes them.
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
    this.deps.changed(this.job.id);
    return how;
  }
}
