// Every state change of a job goes through here: accept, claim, progress, complete, fail,
// cancel, hand back (release), retry, recover. Each one is a single transaction that is
// fenced (status and attempt: a stale worker, a cancelled or a recovered job cannot be
// overwritten), writes its ledger entry (charge, refund) and webhook deliveries, and
// publishes its notification (pg_notify on PostgreSQL, delivered at commit). Nothing here is
// optional: a caller cannot change a job and forget its event.
import { sql, type Kysely, type Transaction } from 'kysely';
import { NON_REFUNDABLE_JOB_ERRORS, jobFailure, type JobFailure } from '../errors.js';
import type { JobView } from '../jobs/view.js';
import { refundJob } from '../store/accounts.js';
import type { Store } from '../store/db.js';
import type { Idempotency } from '../store/idempotency.js';
import { nowIso } from '../store/ids.js';
import { dropJobSecrets } from '../store/job-secrets.js';
import { getJob, TERMINAL } from '../store/jobs.js';
import type { Database, JobRow } from '../store/schema.js';
import { insertJob, replayAfterConflict, type Accepted, type NewJob } from '../store/submit.js';
import { jobEventHook, type TerminalHook } from '../webhooks/events.js';
import type { JobEvent, JobEvents } from './events.js';

export interface Claim {
  id: string;
  attempt: number;
}

export type CancelOutcome = { outcome: 'cancelled'; wasProcessing: boolean; job: JobRow } | { outcome: 'finished'; job: JobRow } | { outcome: 'missing' };

export interface LifecycleDeps {
  store: Store;
  events: JobEvents;
  /** The job object webhook events carry (download links signed or presigned). */
  view: (job: JobRow) => JobView | Promise<JobView>;
  /** How long a completed job's outputs are kept (VC_RETENTION_HOURS). */
  retentionMs: number;
  /** VC_MAX_ACTIVE_JOBS_PER_ACCOUNT. */
  maxActivePerAccount: number;
}

type Emit = (e: JobEvent) => void;

/** Columns that describe a running attempt; cleared whenever the attempt ends. */
const NOT_RUNNING = { lease_expires_at: null, process_pid: null, process_start: null } as const;

/** Attempts that count against the retry budget: those a shutdown handed back do not. */
export function countedAttempts(job: Pick<JobRow, 'attempts' | 'released_attempts'>): number {
  return job.attempts - (job.released_attempts ?? 0);
}

/**
 * Error details are shown to callers: server paths (data dir, scratch files, the venv) are
 * cut to their last segment. `/srv/vc/data/work/<id>-1/source.mp4: Invalid data` becomes
 * `source.mp4: Invalid data`; URLs (`https://host/a/b`) are left alone.
 */
export function hideServerPaths(detail: string): string {
  return detail
    .replace(/file:\/*(\/[^\s'"]+\/)([^\s'"/]*)/g, '$2')
    .replace(/(^|[\s'"(=:,[])\/(?:[^\s'"/]+\/)+([^\s'"/]*)/g, '$1$2');
}

export class Lifecycle {
  private readonly db: Kysely<Database>;
  private readonly terminal: TerminalHook;

  constructor(private readonly deps: LifecycleDeps) {
    this.db = deps.store.db;
    this.terminal = jobEventHook(deps.view);
  }

  /** Runs `fn` in a transaction whose events are notified at commit (and dropped on rollback). */
  private async change<T>(fn: (trx: Transaction<Database>, emit: Emit) => Promise<T>): Promise<T> {
    const events: JobEvent[] = [];
    const out = await this.db.transaction().execute(async (trx) => {
      const r = await fn(trx, (e) => events.push(e));
      await this.deps.events.notifyInTransaction(trx, events);
      return r;
    });
    this.deps.events.emitLocal(events);
    return out;
  }

  /** The writes of one attempt: only while the job is still that attempt's, processing. */
  private fenced(db: Kysely<Database> | Transaction<Database>, c: Claim) {
    return db.updateTable('jobs').where('id', '=', c.id).where('status', '=', 'processing').where('attempts', '=', c.attempt);
  }

  /**
   * What every terminal transition (complete, fail — recovery's included —, cancel) does in its
   * transaction with the row as updated: the job's secrets (its cookies) are deleted, webhook
   * deliveries written, the end notified. A hand-back (release, retry, recovery's requeue) is
   * not an end: the next attempt needs the secrets.
   */
  private async ended(trx: Transaction<Database>, emit: Emit, row: JobRow): Promise<void> {
    await dropJobSecrets(trx, row.id);
    if ((await this.terminal(trx, row)) > 0) emit({ kind: 'webhooks' });
    emit({ kind: 'ended', jobId: row.id, status: row.status });
  }

  /** Accepts a job: idempotency key, charge, per-account limit and row in one transaction. */
  async submit(job: NewJob, idem: Idempotency | null): Promise<Accepted> {
    try {
      return await this.change(async (trx, emit) => {
        const accepted = await insertJob(trx, job, idem, this.deps.maxActivePerAccount);
        emit({ kind: 'queued', jobId: accepted.body.job_id as string, jobType: job.jobType, attempts: 0 });
        return accepted;
      });
    } catch (err) {
      const replay = await replayAfterConflict(this.db, job.accountId, idem, err);
      if (replay) return replay;
      throw err;
    }
  }

  /**
   * Claims the next job of one of `types` with a lease. Fair across accounts: the job comes
   * from the account whose last claim is the oldest (never-served accounts first), oldest job
   * first within it, so one account's backlog delays another's job by at most one claim.
   * SKIP LOCKED on PostgreSQL: claimers on many hosts pass each other's pick.
   */
  async claim(opts: { types: readonly string[]; workerId: string; leaseMs: number }): Promise<JobRow | undefined> {
    if (opts.types.length === 0) return undefined;
    const now = Date.now();
    return this.change(async (trx, emit) => {
      let pick = trx
        .selectFrom('jobs as j')
        .leftJoin('queue_accounts as q', 'q.account_id', 'j.account_id')
        .select(['j.id', 'j.account_id'])
        .where('j.status', '=', 'pending')
        .where('j.job_type', 'in', opts.types)
        // Never served (no row) first; NULL ordering differs between the databases.
        .orderBy(sql`coalesce(q.last_claim, 0)`)
        .orderBy('j.id')
        .limit(1);
      if (this.deps.store.dialect === 'postgres') pick = pick.forUpdate('j').skipLocked();
      const picked = await pick.executeTakeFirst();
      if (!picked) return undefined;
      const row = await trx
        .updateTable('jobs')
        .set((eb) => ({
          status: 'processing',
          stage: 'starting',
          attempts: eb('attempts', '+', 1),
          worker_id: opts.workerId,
          lease_expires_at: nowIso(now + opts.leaseMs),
          started_at: sql<string>`coalesce(started_at, ${nowIso(now)})`,
          updated_at: nowIso(now),
        }))
        .where('id', '=', picked.id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      // The next ticket (the index makes max() one lookup). Concurrent claims on PostgreSQL may
      // draw the same number: a tie, broken by job age; SQLite claims one at a time.
      await trx
        .insertInto('queue_accounts')
        .values({ account_id: picked.account_id, last_claim: sql<number>`(select coalesce(max(last_claim), 0) + 1 from queue_accounts)` })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ last_claim: (eb) => eb.ref('excluded.last_claim') }))
        .execute();
      emit({ kind: 'changed', jobId: row.id });
      return row;
    });
  }

  /** Extends the lease; false means the job was cancelled or recovered and the worker must stop. */
  async heartbeat(c: Claim, leaseMs: number): Promise<boolean> {
    const r = await this.fenced(this.db, c).set({ lease_expires_at: nowIso(Date.now() + leaseMs) }).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async progress(c: Claim, progress: number, stage: string): Promise<boolean> {
    const p = Math.max(0, Math.min(99, Math.round(progress)));
    return this.change(async (trx, emit) => {
      const r = await this.fenced(trx, c).set({ progress: p, stage, updated_at: nowIso() }).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      emit({ kind: 'changed', jobId: c.id });
      return true;
    });
  }

  /** Records the engine process group: "<host>/<boot id>/<start ticks>" (queue/process-identity.ts). */
  async recordProcess(c: Claim, pid: number | null, identity: string | null): Promise<void> {
    await this.fenced(this.db, c).set({ process_pid: pid, process_start: pid === null ? null : identity }).execute();
  }

  /**
   * Completes the attempt with its result. `refund` gives part of the charge back, exactly once
   * (a playlist's entries that were not downloaded): at most what was charged, as a
   * `refund_unused` ledger entry (a failure's or cancel's full refund is `refund`).
   */
  async complete(c: Claim, result: unknown, opts: { refund?: number } = {}): Promise<boolean> {
    const now = Date.now();
    return this.change(async (trx, emit) => {
      const row = await this.fenced(trx, c)
        .set({ status: 'completed', progress: 100, stage: 'completed', result: JSON.stringify(result), completed_at: nowIso(now), expires_at: nowIso(now + this.deps.retentionMs), updated_at: nowIso(now), ...NOT_RUNNING })
        .returningAll()
        .executeTakeFirst();
      if (!row) return false;
      const refund = Math.min(Math.max(0, Math.floor(opts.refund ?? 0)), row.credits_charged);
      if (refund > 0) row.credits_refunded = await refundJob(trx, row.account_id, row.id, refund, 'refund_unused');
      await this.ended(trx, emit, row);
      return true;
    });
  }

  /** Fails the attempt's job, refunded unless the failure is the caller's doing. */
  async fail(c: Claim, failure: JobFailure, onlyIfLeaseExpired = false): Promise<boolean> {
    const now = nowIso();
    return this.change(async (trx, emit) => {
      let q = this.fenced(trx, c).set({ status: 'failed', stage: 'failed', error_code: failure.code, error_detail: hideServerPaths(failure.detail).slice(0, 2000), completed_at: now, updated_at: now, ...NOT_RUNNING });
      if (onlyIfLeaseExpired) q = q.where('lease_expires_at', '<', now);
      const row = await q.returningAll().executeTakeFirst();
      if (!row) return false;
      if (!NON_REFUNDABLE_JOB_ERRORS.has(failure.code)) row.credits_refunded = (await refundJob(trx, row.account_id, c.id, row.credits_charged)) || row.credits_refunded;
      await this.ended(trx, emit, row);
      return true;
    });
  }

  /**
   * The caller cancels a pending or processing job. Refunded when it had not started; a
   * running one used its engines and is not. The worker running it hears of it through the
   * notification and kills its engines.
   */
  async cancel(id: string, accountId: string): Promise<CancelOutcome> {
    for (;;) {
      const job = await getJob(this.db, id, accountId);
      if (!job) return { outcome: 'missing' };
      if (TERMINAL.includes(job.status)) return { outcome: 'finished', job };
      const now = nowIso();
      const after = await this.change(async (trx, emit) => {
        const row = await trx
          .updateTable('jobs')
          .set({ status: 'cancelled', stage: 'cancelled', error_code: 'cancelled', error_detail: 'The job was cancelled by the caller.', completed_at: now, updated_at: now, lease_expires_at: null })
          .where('id', '=', id)
          .where('status', '=', job.status)
          .where('attempts', '=', job.attempts)
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        if (job.status === 'pending') row.credits_refunded = await refundJob(trx, accountId, id, job.credits_charged);
        await this.ended(trx, emit, row);
        return row;
      });
      if (!after) continue; // it moved on under us (claimed or finished): look again
      return { outcome: 'cancelled', wasProcessing: job.status === 'processing', job: after };
    }
  }

  /**
   * Hands a running job back because this process shuts down (SIGTERM): pending again for any
   * process at once, the attempt not counted against the retry budget, nothing refunded, no
   * webhook (the job did not end). `attempts` itself stays: it fences the old attempt's writes.
   */
  async release(c: Claim): Promise<boolean> {
    return this.backToQueue(c, { released: true });
  }

  /** Puts a claimed job back in the queue for another attempt (after an infrastructure fault). */
  async retry(c: Claim): Promise<boolean> {
    return this.backToQueue(c, {});
  }

  /**
   * A job whose lease expired (its worker died, or lost the database for longer than the
   * lease): retried while attempts remain, else failed (server_error, refunded). The lease is
   * checked again in the write, so a worker that renewed it meanwhile keeps its job.
   */
  async recover(job: JobRow, maxAttempts: number): Promise<'requeued' | 'failed' | null> {
    const c = { id: job.id, attempt: job.attempts };
    if (countedAttempts(job) >= maxAttempts) {
      return (await this.fail(c, jobFailure('server_error', 'The worker running this job stopped; no attempts left.'), true)) ? 'failed' : null;
    }
    return (await this.backToQueue(c, { onlyIfLeaseExpired: true })) ? 'requeued' : null;
  }

  private async backToQueue(c: Claim, opts: { released?: boolean; onlyIfLeaseExpired?: boolean }): Promise<boolean> {
    return this.change(async (trx, emit) => {
      let q = this.fenced(trx, c).set((eb) => ({
        status: 'pending',
        stage: 'queued',
        progress: 0,
        worker_id: null,
        updated_at: nowIso(),
        ...NOT_RUNNING,
        ...(opts.released ? { released_attempts: eb('released_attempts', '+', 1) } : {}),
      }));
      if (opts.onlyIfLeaseExpired) q = q.where('lease_expires_at', '<', nowIso());
      const row = await q.returning(['job_type', 'attempts']).executeTakeFirst();
      if (!row) return false;
      emit({ kind: 'queued', jobId: c.id, jobType: row.job_type, attempts: row.attempts });
      return true;
    });
  }
}
