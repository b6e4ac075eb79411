// The worker side of a job: claim with a lease, heartbeat, progress, finish. Every write is
// fenced by (status = processing, attempts = the claim's attempt) so a reclaimed or cancelled
// job cannot be overwritten by a stale worker.
import { sql, type Kysely, type Transaction } from 'kysely';
import { NON_REFUNDABLE_JOB_ERRORS, type JobFailure } from '../errors.js';
import { refundJob } from './accounts.js';
import { dropJobSecrets } from './job-secrets.js';
import type { DialectName } from './db.js';
import { nowIso } from './ids.js';
import type { Database, JobRow } from './schema.js';

export interface Claim {
  id: string;
  attempt: number;
}

export async function claimNextJob(db: Kysely<Database>, dialect: DialectName, leaseMs: number, now = Date.now()): Promise<JobRow | undefined> {
  const next = db.selectFrom('jobs').select('id').where('status', '=', 'pending').orderBy('id').limit(1);
  // Postgres: SKIP LOCKED lets many workers claim without waiting on each other.
  const pick = dialect === 'postgres' ? next.forUpdate().skipLocked() : next;
  return db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'processing',
      stage: 'starting',
      attempts: eb('attempts', '+', 1),
      lease_expires_at: nowIso(now + leaseMs),
      started_at: sql<string>`coalesce(started_at, ${nowIso(now)})`,
      updated_at: nowIso(now),
    }))
    .where('id', '=', (eb) => eb.selectFrom(pick.as('p')).select('p.id'))
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

function fenced(db: Kysely<Database> | Transaction<Database>, c: Claim) {
  return db.updateTable('jobs').where('id', '=', c.id).where('status', '=', 'processing').where('attempts', '=', c.attempt);
}

/** Extends the lease; false means the job was cancelled or reclaimed and the worker must stop. */
export async function heartbeat(db: Kysely<Database>, c: Claim, leaseMs: number): Promise<boolean> {
  const r = await fenced(db, c).set({ lease_expires_at: nowIso(Date.now() + leaseMs) }).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setProgress(db: Kysely<Database>, c: Claim, progress: number, stage: string): Promise<boolean> {
  const p = Math.max(0, Math.min(99, Math.round(progress)));
  const r = await fenced(db, c).set({ progress: p, stage, updated_at: nowIso() }).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records the engine process group (and which process it is, see queue/process-identity.ts). */
export async function setProcessPid(db: Kysely<Database>, c: Claim, pid: number | null, identity: string | null = null): Promise<void> {
  await fenced(db, c).set({ process_pid: pid, process_start: pid === null ? null : identity }).execute();
}

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

/** Runs in the transaction of a terminal transition with the updated row (webhook events). */
export type TerminalHook = (trx: Transaction<Database>, job: JobRow) => Promise<void>;

/**
 * Completes the job; `unusedCredits` (a playlist's entries that were not delivered) are
 * refunded in the same transaction (refundUnused).
 */
export async function completeJob(db: Kysely<Database>, c: Claim, result: unknown, retentionMs: number, onTerminal?: TerminalHook, unusedCredits = 0): Promise<boolean> {
  const now = Date.now();
  return db.transaction().execute(async (trx) => {
    const done = await fenced(trx, c)
      .set({ status: 'completed', progress: 100, stage: 'completed', result: JSON.stringify(result), completed_at: nowIso(now), expires_at: nowIso(now + retentionMs), updated_at: nowIso(now), lease_expires_at: null, process_pid: null, process_start: null })
      .returningAll()
      .executeTakeFirst();
    if (!done) return false;
    await dropJobSecrets(trx, c.id);
    const row = (await refundUnused(trx, done, unusedCredits)) ?? done;
    await onTerminal?.(trx, row);
    return true;
  });
}

/**
 * The part of a completed job's charge it did not use, given back exactly once: ledger reason
 * `refund_unused`, unique per (job_id, reason) like every job entry; at most what was charged.
 * Returns the updated row (credits_refunded) when something was refunded.
 */
export async function refundUnused(trx: Transaction<Database>, job: JobRow, amount: number): Promise<JobRow | null> {
  const give = Math.min(Math.floor(amount), job.credits_charged);
  if (give <= 0) return null;
  await refundJob(trx, job.account_id, job.id, give, 'refund_unused');
  return trx.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
}

/** Fails the job and refunds it unless the failure is the caller's doing. */
export async function failJob(db: Kysely<Database>, c: Claim, failure: JobFailure, onTerminal?: TerminalHook): Promise<boolean> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const r = await fenced(trx, c)
      .set({ status: 'failed', stage: 'failed', error_code: failure.code, error_detail: hideServerPaths(failure.detail).slice(0, 2000), completed_at: now, updated_at: now, lease_expires_at: null, process_pid: null, process_start: null })
      .returning(['account_id', 'credits_charged'])
      .executeTakeFirst();
    if (!r) return false;
    await dropJobSecrets(trx, c.id);
    if (!NON_REFUNDABLE_JOB_ERRORS.has(failure.code)) await refundJob(trx, r.account_id, c.id, r.credits_charged);
    if (onTerminal) await onTerminal(trx, await trx.selectFrom('jobs').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow());
    return true;
  });
}

/** Puts a claimed job back in the queue (for a retry after an infrastructure fault). */
export async function requeueJob(db: Kysely<Database>, c: Claim): Promise<boolean> {
  const r = await fenced(db, c).set({ status: 'pending', stage: 'queued', progress: 0, lease_expires_at: null, process_pid: null, process_start: null, updated_at: nowIso() }).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Hands a running job back because this process shuts down (SIGTERM): pending again for any
 * process, the attempt not counted against the retry budget, nothing refunded, no webhook
 * (the job did not end). `attempts` itself stays: it fences the old attempt's late writes.
 */
export async function releaseJob(db: Kysely<Database>, c: Claim): Promise<boolean> {
  const r = await fenced(db, c)
    .set((eb) => ({ status: 'pending', stage: 'queued', progress: 0, lease_expires_at: null, process_pid: null, process_start: null, released_attempts: eb('released_attempts', '+', 1), updated_at: nowIso() }))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Jobs whose worker stopped renewing the lease (crash, kill -9, lost host). */
export async function expiredLeases(db: Kysely<Database>, now = Date.now()): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('status', '=', 'processing').where('lease_expires_at', '<', nowIso(now)).execute();
}

/** Completed jobs whose outputs passed retention and still hold a result to clean. */
export async function expiredOutputs(db: Kysely<Database>, now = Date.now()): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('status', '=', 'completed').where('stage', '!=', 'expired').where('expires_at', '<', nowIso(now)).limit(500).execute();
}
