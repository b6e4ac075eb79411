// Job rows: reads. Every change of a job goes through queue/lifecycle.ts.
import type { Kysely, Transaction } from 'kysely';
import { compiledOnce } from './compiled-once.js';
import type { Store } from './db.js';
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

/** The columns a job view (jobs/view.ts) is made of. */
export const VIEWED_COLUMNS = ['id', 'job_type', 'status', 'progress', 'stage', 'created_at', 'started_at', 'completed_at', 'credits_charged', 'credits_refunded', 'request', 'metadata', 'result', 'expires_at', 'error_code', 'error_detail', 'attempts'] as const;
export type ViewedJob = Pick<JobRow, (typeof VIEWED_COLUMNS)[number]>;

/** The polling query (GET /v1/jobs/{id}): an account's job, only the columns its view shows (each column read costs). */
const viewQuery = compiledOnce((db, id: string, accountId: string) =>
  db.selectFrom('jobs').select(VIEWED_COLUMNS).where('id', '=', id).where('account_id', '=', accountId),
);

const loadViewedJob = async ({ db, id, accountId }: { db: Kysely<Database>; id: string; accountId: string }) => (await viewQuery(db, id, accountId))[0];

/** `version`: the database version the request reads at (store/read-cache.ts); now if not given. */
export async function getJobToView(store: Pick<Store, 'db' | 'reads'>, id: string, accountId: string, version?: string): Promise<ViewedJob | undefined> {
  const at = { db: store.db, id, accountId };
  return store.reads ? store.reads.get(`job:${id}:${accountId}`, loadViewedJob, at, version) : loadViewedJob(at);
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

/** Jobs whose worker stopped renewing the lease (crash, kill -9, lost host or link). */
export async function expiredLeases(db: Kysely<Database>, now = Date.now()): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('status', '=', 'processing').where('lease_expires_at', '<', nowIso(now)).execute();
}

/** Completed jobs whose outputs passed retention and still hold a result to clean. */
export async function expiredOutputs(db: Kysely<Database>, now = Date.now()): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('status', '=', 'completed').where('stage', '!=', 'expired').where('expires_at', '<', nowIso(now)).limit(500).execute();
}

/** Marks a completed job's outputs as deleted (retention); not a state change of the job. */
export async function markOutputsExpired(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('jobs').set({ stage: 'expired' }).where('id', '=', id).where('stage', '!=', 'expired').execute();
}
