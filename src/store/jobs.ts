// Job rows: reads, the public job object, and the caller's cancel.
import type { Kysely, Transaction } from 'kysely';
import type { TerminalHook } from './lifecycle.js';
import { refundJob } from './accounts.js';
import { dropJobSecrets } from './job-secrets.js';
import { nowIso } from './ids.js';
import type { Database, JobRow, JobStatus } from './schema.js';

export const TERMINAL: readonly JobStatus[] = ['completed', 'failed', 'cancelled'];

export interface JobFilter {
  status?: JobStatus;
  jobType?: string;
  createdAfter?: string;
  createdBefore?: string;
  before?: string | null;
  limit: number;
}

export async function getJob(db: Kysely<Database> | Transaction<Database>, id: string, accountId?: string): Promise<JobRow | undefined> {
  let q = db.selectFrom('jobs').selectAll().where('id', '=', id);
  if (accountId !== undefined) q = q.where('account_id', '=', accountId);
  return q.executeTakeFirst();
}

export async function listJobs(db: Kysely<Database>, accountId: string, f: JobFilter): Promise<JobRow[]> {
  let q = db.selectFrom('jobs').selectAll().where('account_id', '=', accountId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.jobType) q = q.where('job_type', '=', f.jobType);
  if (f.createdAfter) q = q.where('created_at', '>', f.createdAfter);
  if (f.createdBefore) q = q.where('created_at', '<', f.createdBefore);
  if (f.before) q = q.where('id', '<', f.before);
  return q.orderBy('id', 'desc').limit(f.limit + 1).execute();
}

export async function countJobs(db: Kysely<Database>, where: { statuses: JobStatus[]; accountId?: string }): Promise<number> {
  let q = db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('status', 'in', where.statuses);
  if (where.accountId) q = q.where('account_id', '=', where.accountId);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

export type CancelOutcome = { outcome: 'cancelled'; wasProcessing: boolean; job: JobRow } | { outcome: 'finished'; job: JobRow } | { outcome: 'missing' };

/**
 * Cancels a pending or processing job. A job cancelled before it started is refunded;
 * one already running has used the engine and is not.
 */
export async function cancelJob(db: Kysely<Database>, id: string, accountId: string, onTerminal?: TerminalHook): Promise<CancelOutcome> {
  for (;;) {
    const job = await getJob(db, id, accountId);
    if (!job) return { outcome: 'missing' };
    if (TERMINAL.includes(job.status)) return { outcome: 'finished', job };
    const now = nowIso();
    // Status change, refund and webhook events commit together.
    const after = await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('jobs')
        .set({ status: 'cancelled', stage: 'cancelled', error_code: 'cancelled', error_detail: 'The job was cancelled by the caller.', completed_at: now, updated_at: now, lease_expires_at: null })
        .where('id', '=', id)
        .where('status', '=', job.status)
        .where('attempts', '=', job.attempts)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return null;
      await dropJobSecrets(trx, id);
      if (job.status === 'pending') await refundJob(trx, accountId, id, job.credits_charged);
      const row = await getJob(trx, id, accountId);
      if (row) await onTerminal?.(trx, row);
      return row ?? job;
    });
    if (!after) continue; // it moved on under us (claimed or finished): look again
    return { outcome: 'cancelled', wasProcessing: job.status === 'processing', job: after };
  }
}
