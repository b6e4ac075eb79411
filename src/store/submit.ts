// Accepting a job: idempotency record, credit charge, the per-account limit and the job row
// commit together or not at all, so a crash mid-submit leaves either a charged job or nothing.
// The transaction is the lifecycle's (queue/lifecycle.ts), which adds the job's notification.
import type { Kysely, Transaction } from 'kysely';
import { ApiError } from '../errors.js';
import { chargeCredits } from './accounts.js';
import { isUniqueViolation } from './db.js';
import { findIdempotent, type Idempotency } from './idempotency.js';
import { nowIso, uuidv7 } from './ids.js';
import { insertJobSecrets } from './job-secrets.js';
import type { Database, JobRow } from './schema.js';

export interface NewJob {
  accountId: string;
  jobType: string;
  request: unknown;
  metadata: unknown;
  webhookUrl: string | null;
  cost: number;
  /** The job's sealed secrets (store/job-secrets.ts), stored beside the job, never in it. */
  sealSecrets?: ((jobId: string) => string) | null;
}

export interface Accepted {
  statusCode: number;
  body: Record<string, unknown>;
  replayed: boolean;
  job: JobRow | null;
}

/** Everything of an accepted job, in the caller's transaction. Throws ApiError (402, 429) to roll it back. */
export async function insertJob(trx: Transaction<Database>, job: NewJob, idem: Idempotency | null, maxActivePerAccount: number): Promise<Accepted> {
  const now = nowIso();
  const row: JobRow = {
    id: uuidv7(),
    account_id: job.accountId,
    job_type: job.jobType,
    status: 'pending',
    progress: 0,
    stage: 'queued',
    request: JSON.stringify(job.request),
    metadata: job.metadata === null || job.metadata === undefined ? null : JSON.stringify(job.metadata),
    result: null,
    error_code: null,
    error_detail: null,
    credits_charged: job.cost,
    credits_refunded: 0,
    webhook_url: job.webhookUrl,
    attempts: 0,
    lease_expires_at: null,
    process_pid: null,
    created_at: now,
    started_at: null,
    completed_at: null,
    expires_at: null,
    updated_at: now,
  };
  const body = { job_id: row.id, status: 'pending', credits_charged: job.cost, job_type: job.jobType, created_at: now };
  if (idem) {
    // Claims the key first: a concurrent twin blocks here (Postgres) or runs after us (SQLite),
    // then fails on the primary key and replays what we stored.
    await trx
      .insertInto('idempotency_keys')
      .values({ account_id: job.accountId, key: idem.key, request_hash: idem.requestHash, status_code: 202, response_body: JSON.stringify(body), created_at: now })
      .execute();
  }
  const balance = await chargeCredits(trx, job.accountId, job.cost, 'charge', row.id);
  if (balance === null) {
    const acct = await trx.selectFrom('accounts').select('credits_balance').where('id', '=', job.accountId).executeTakeFirst();
    const available = acct?.credits_balance ?? 0;
    throw new ApiError('insufficient_credits', `This request costs ${job.cost} credits; the balance is ${available}.`, { required: job.cost, available });
  }
  // Counted after the charge: on Postgres the charge locks the account's row until commit, so
  // concurrent submits of one account (on any API host) count one after another and the limit
  // holds exactly; SQLite runs one transaction at a time anyway.
  const active = await trx
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account_id', '=', job.accountId)
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= maxActivePerAccount) {
    throw new ApiError('rate_limited', `At most ${maxActivePerAccount} jobs may be pending or processing per account.`, { retry_after: 10 }, { 'Retry-After': '10' });
  }
  await trx.insertInto('jobs').values(row).execute();
  if (job.sealSecrets) await insertJobSecrets(trx, row.id, job.sealSecrets(row.id));
  return { statusCode: 202, body, replayed: false, job: row };
}

/** After a failed submit: a twin with the same Idempotency-Key committed first, so replay it; else null. */
export async function replayAfterConflict(db: Kysely<Database>, accountId: string, idem: Idempotency | null, err: unknown): Promise<Accepted | null> {
  if (!idem || !isUniqueViolation(err)) return null;
  const stored = await findIdempotent(db, accountId, idem);
  if (!stored) throw new ApiError('conflict', 'A request with this Idempotency-Key is still in progress; retry shortly.');
  return { statusCode: stored.statusCode, body: stored.body, replayed: true, job: null };
}
