// Accounts and their append-only credit ledger.
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AccountRow, Database, LedgerRow } from './schema.js';
import { isUniqueViolation } from './db.js';
import { nowIso, uuidv7 } from './ids.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AccountView {
  id: string;
  name: string;
  plan: string;
  credits_balance: number;
  rate_limit_per_minute: number;
  webhook_secret_hint: string;
}

/** Largest single grant (operator CLI, admin API, new accounts). */
export const MAX_CREDIT_GRANT = 1_000_000_000;
/**
 * Largest balance an account may hold: integers only, below Postgres' 32-bit `integer`
 * (2147483647), so SQLite never turns the balance or the ledger into floats either.
 */
export const MAX_CREDIT_BALANCE = 2_000_000_000;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function accountView(a: AccountRow): AccountView {
  return {
    id: a.id,
    name: a.name,
    plan: a.plan,
    credits_balance: a.credits_balance,
    rate_limit_per_minute: a.rate_limit_per_minute,
    webhook_secret_hint: `whsec_…${a.webhook_secret.slice(-4)}`,
  };
}

export async function createAccount(
  db: Kysely<Database>,
  input: { name: string; credits: number; plan?: string; rateLimitPerMinute: number },
): Promise<AccountRow> {
  const row: AccountRow = {
    id: uuidv7(),
    name: input.name,
    plan: input.plan ?? 'default',
    credits_balance: 0,
    rate_limit_per_minute: input.rateLimitPerMinute,
    webhook_secret: newWebhookSecret(),
    created_at: nowIso(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('accounts').values(row).execute();
    if (input.credits > 0) await grantCredits(trx, row.id, input.credits, 'grant');
  });
  return { ...row, credits_balance: input.credits };
}

export async function getAccount(db: Db, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A grant outside the bounds above; its message says which bound. */
export class CreditLimitError extends Error {}

/** Adds credits (operator grant); returns the new balance. Throws CreditLimitError outside the bounds. */
export async function grantCredits(db: Db, accountId: string, amount: number, reason = 'grant'): Promise<number> {
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > MAX_CREDIT_GRANT) throw new CreditLimitError(`a grant must be an integer from 1 to ${MAX_CREDIT_GRANT}`);
  // Conditional, like a charge: concurrent grants can never push the balance past the maximum.
  const updated = await db
    .updateTable('accounts')
    .set((eb) => ({ credits_balance: eb('credits_balance', '+', amount) }))
    .where('id', '=', accountId)
    .where('credits_balance', '<=', MAX_CREDIT_BALANCE - amount)
    .returning('credits_balance')
    .executeTakeFirst();
  if (!updated) {
    const current = await getAccount(db, accountId);
    if (!current) throw new Error(`account ${accountId} not found`);
    throw new CreditLimitError(`the balance (${current.credits_balance}) plus ${amount} would exceed the maximum balance of ${MAX_CREDIT_BALANCE}`);
  }
  await db
    .insertInto('ledger_entries')
    .values({ id: uuidv7(), account_id: accountId, created_at: nowIso(), delta: amount, balance_after: updated.credits_balance, reason, job_id: null })
    .execute();
  return updated.credits_balance;
}

/**
 * Takes `amount` credits if the balance covers it, in the caller's transaction.
 * The conditional UPDATE is the race guard: concurrent charges can never overdraw.
 * Returns the balance after, or null when it does not cover the amount.
 */
export async function chargeCredits(
  trx: Transaction<Database>,
  accountId: string,
  amount: number,
  reason: string,
  jobId: string | null,
  lookupId: string | null = null,
): Promise<number | null> {
  const updated = await trx
    .updateTable('accounts')
    .set((eb) => ({ credits_balance: eb('credits_balance', '-', amount) }))
    .where('id', '=', accountId)
    .where('credits_balance', '>=', amount)
    .returning('credits_balance')
    .executeTakeFirst();
  if (!updated) return null;
  await trx
    .insertInto('ledger_entries')
    .values({ id: uuidv7(), account_id: accountId, created_at: nowIso(), delta: -amount, balance_after: updated.credits_balance, reason, job_id: jobId, ...(lookupId ? { lookup_id: lookupId } : {}) })
    .execute();
  return updated.credits_balance;
}

/** The ledger reason of a synchronous lookup's reservation (GET /v1/info). */
export const LOOKUP_REASON = 'info';

/** Reserves a synchronous lookup's price before any work; null when the balance does not cover it. */
export async function reserveLookup(db: Kysely<Database>, accountId: string, lookupId: string, amount: number): Promise<number | null> {
  return db.transaction().execute((trx) => chargeCredits(trx, accountId, amount, LOOKUP_REASON, null, lookupId));
}

/**
 * Gives a failed lookup's reservation back, exactly once: the (lookup_id, reason) unique index
 * turns a second refund into a no-op, and the amount is what the reservation took.
 */
export async function refundLookup(db: Kysely<Database>, accountId: string, lookupId: string): Promise<number> {
  try {
    return await db.transaction().execute(async (trx) => {
      const entries = await trx.selectFrom('ledger_entries').select(['reason', 'delta']).where('account_id', '=', accountId).where('lookup_id', '=', lookupId).execute();
      const reserved = entries.find((e) => e.reason === LOOKUP_REASON);
      if (!reserved || entries.some((e) => e.reason === 'refund')) return 0;
      const amount = -reserved.delta;
      await creditRefund(trx, accountId, amount, { job_id: null, lookup_id: lookupId });
      return amount;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return 0;
    throw err;
  }
}

/** Gives `amount` back with a `refund` (or `reason`) ledger entry naming what it refunds (a job or a lookup). */
async function creditRefund(trx: Transaction<Database>, accountId: string, amount: number, refs: { job_id: string | null; lookup_id?: string }, reason = 'refund'): Promise<void> {
  const updated = await trx
    .updateTable('accounts')
    .set((eb) => ({ credits_balance: eb('credits_balance', '+', amount) }))
    .where('id', '=', accountId)
    .returning('credits_balance')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('ledger_entries')
    .values({ id: uuidv7(), account_id: accountId, created_at: nowIso(), delta: amount, balance_after: updated.credits_balance, reason, ...refs })
    .execute();
}

/**
 * The ledger reasons of a job's refund: `refund` gives the whole charge back (a failure that is
 * not the caller's doing, a cancel before the start); `refund_unused` the part a completed job
 * did not use (a playlist's entries not delivered; queue/lifecycle.ts complete).
 */
export const JOB_REFUND_REASONS = ['refund', 'refund_unused'] as const;
export type JobRefundReason = (typeof JOB_REFUND_REASONS)[number];

/**
 * Refunds a job exactly once: a job that has a refund entry of either reason gets no other
 * (only one terminal transition ever commits, and it writes at most one), and the
 * (job_id, reason) unique index turns a concurrent second attempt into a no-op. Returns the
 * amount refunded now (0 if it already was).
 */
export async function refundJob(db: Kysely<Database>, accountId: string, jobId: string, amount: number, reason: JobRefundReason = 'refund'): Promise<number> {
  if (amount <= 0) return 0;
  // Inside a caller's transaction (a terminal transition that also emits webhook events) the
  // refund joins it, so the status change, the refund and the events commit together.
  const inTrx = (fn: (trx: Transaction<Database>) => Promise<number>) => (db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn));
  try {
    return await inTrx(async (trx) => {
      const already = await trx
        .selectFrom('ledger_entries')
        .select('id')
        .where('job_id', '=', jobId)
        .where('reason', 'in', JOB_REFUND_REASONS)
        .executeTakeFirst();
      if (already) return 0;
      await creditRefund(trx, accountId, amount, { job_id: jobId }, reason);
      await trx.updateTable('jobs').set({ credits_refunded: amount }).where('id', '=', jobId).execute();
      return amount;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return 0;
    throw err;
  }
}

export async function listLedger(
  db: Db,
  accountId: string,
  opts: { limit: number; before: string | null },
): Promise<LedgerRow[]> {
  let q = db.selectFrom('ledger_entries').selectAll().where('account_id', '=', accountId);
  if (opts.before) q = q.where('id', '<', opts.before);
  return q.orderBy('id', 'desc').limit(opts.limit + 1).execute();
}

/** Every account, oldest first (the operator CLI's `accounts list`). */
export async function listAccounts(db: Db): Promise<AccountRow[]> {
  return db.selectFrom('accounts').selectAll().orderBy('id').execute();
}
