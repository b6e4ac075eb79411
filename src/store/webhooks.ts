// Webhook endpoints, deliveries (one per event and target) and the attempt log.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DialectName } from './db.js';
import { nowIso, uuidv7 } from './ids.js';
import type { Database, WebhookAttemptRow, WebhookDeliveryRow, WebhookEndpointRow } from './schema.js';
import { newWebhookSecret } from './accounts.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A rotated-out secret keeps verifying (and is still signed with) for this long. */
export const SECRET_OVERLAP_MS = 24 * 3600 * 1000;

export async function createEndpoint(db: Db, input: { accountId: string; url: string; events: string[]; description: string | null }): Promise<WebhookEndpointRow> {
  const now = nowIso();
  const row: WebhookEndpointRow = {
    id: uuidv7(),
    account_id: input.accountId,
    url: input.url,
    description: input.description,
    events: JSON.stringify(input.events),
    secret: newWebhookSecret(),
    previous_secret: null,
    previous_secret_expires_at: null,
    enabled: 1,
    disabled_reason: null,
    failing_since: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('webhook_endpoints').values(row).execute();
  return row;
}

export async function getEndpoint(db: Db, id: string, accountId?: string): Promise<WebhookEndpointRow | undefined> {
  let q = db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id);
  if (accountId !== undefined) q = q.where('account_id', '=', accountId);
  return q.executeTakeFirst();
}

export async function listEndpoints(db: Db, accountId: string, opts: { before: string | null; limit: number }): Promise<WebhookEndpointRow[]> {
  let q = db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', accountId);
  if (opts.before) q = q.where('id', '<', opts.before);
  return q.orderBy('id', 'desc').limit(opts.limit + 1).execute();
}

export interface EndpointPatch {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

export async function updateEndpoint(db: Db, id: string, accountId: string, p: EndpointPatch): Promise<WebhookEndpointRow | undefined> {
  const set: Partial<WebhookEndpointRow> = { updated_at: nowIso() };
  if (p.url !== undefined) set.url = p.url;
  if (p.events !== undefined) set.events = JSON.stringify(p.events);
  if (p.description !== undefined) set.description = p.description;
  // Re-enabling starts a fresh health record; disabling by hand says who did it.
  if (p.enabled === true) Object.assign(set, { enabled: 1, disabled_reason: null, failing_since: null });
  if (p.enabled === false) Object.assign(set, { enabled: 0, disabled_reason: 'Disabled through the API.' });
  await db.updateTable('webhook_endpoints').set(set).where('id', '=', id).where('account_id', '=', accountId).execute();
  return getEndpoint(db, id, accountId);
}

export async function deleteEndpoint(db: Db, id: string, accountId: string): Promise<boolean> {
  const r = await db.deleteFrom('webhook_endpoints').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function disableEndpoint(db: Db, id: string, reason: string): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ enabled: 0, disabled_reason: reason, updated_at: nowIso() }).where('id', '=', id).where('enabled', '=', 1).execute();
}

export async function rotateEndpointSecret(db: Db, id: string, accountId: string, now = Date.now()): Promise<WebhookEndpointRow | undefined> {
  const ep = await getEndpoint(db, id, accountId);
  if (!ep) return undefined;
  const secret = newWebhookSecret();
  await db
    .updateTable('webhook_endpoints')
    .set({ secret, previous_secret: ep.secret, previous_secret_expires_at: nowIso(now + SECRET_OVERLAP_MS), updated_at: nowIso(now) })
    .where('id', '=', id)
    .where('secret', '=', ep.secret) // a concurrent rotation wins; this one then reports its state
    .execute();
  return getEndpoint(db, id, accountId);
}

export async function rotateAccountSecret(db: Db, accountId: string, now = Date.now()): Promise<{ secret: string; previousExpiresAt: string } | undefined> {
  const acct = await db.selectFrom('accounts').select('webhook_secret').where('id', '=', accountId).executeTakeFirst();
  if (!acct) return undefined;
  const secret = newWebhookSecret();
  const previousExpiresAt = nowIso(now + SECRET_OVERLAP_MS);
  await db
    .updateTable('accounts')
    .set({ webhook_secret: secret, previous_webhook_secret: acct.webhook_secret, previous_webhook_secret_expires_at: previousExpiresAt })
    .where('id', '=', accountId)
    .execute();
  return { secret, previousExpiresAt };
}

/** Current secret first, then the previous one while its overlap lasts. */
export function liveSecrets(current: string, previous: string | null | undefined, previousExpiresAt: string | null | undefined, now = Date.now()): string[] {
  return previous && previousExpiresAt && Date.parse(previousExpiresAt) > now ? [current, previous] : [current];
}

export async function secretsFor(db: Db, d: Pick<WebhookDeliveryRow, 'endpoint_id' | 'account_id'>): Promise<{ secrets: string[]; endpoint?: WebhookEndpointRow } | undefined> {
  if (d.endpoint_id) {
    const ep = await getEndpoint(db, d.endpoint_id);
    return ep ? { secrets: liveSecrets(ep.secret, ep.previous_secret, ep.previous_secret_expires_at), endpoint: ep } : undefined;
  }
  const a = await db.selectFrom('accounts').selectAll().where('id', '=', d.account_id).executeTakeFirst();
  return a ? { secrets: liveSecrets(a.webhook_secret, a.previous_webhook_secret, a.previous_webhook_secret_expires_at) } : undefined;
}

export async function subscribedEndpoints(db: Db, accountId: string, eventType: string): Promise<WebhookEndpointRow[]> {
  const rows = await db.selectFrom('webhook_endpoints').selectAll().where('account_id', '=', accountId).where('enabled', '=', 1).execute();
  return rows.filter((r) => (JSON.parse(r.events) as string[]).includes(eventType));
}

export type NewDelivery = Pick<WebhookDeliveryRow, 'account_id' | 'endpoint_id' | 'target' | 'url' | 'event_id' | 'event_type' | 'job_id' | 'payload'>;

/** Inserts deliveries due now; an (event, target) pair that exists already is left alone. */
export async function insertDeliveries(db: Db, rows: NewDelivery[], now = Date.now()): Promise<void> {
  if (rows.length === 0) return;
  const at = nowIso(now);
  await db
    .insertInto('webhook_deliveries')
    .values(rows.map((r) => ({ ...r, id: uuidv7(now), status: 'pending' as const, attempts: 0, next_attempt_at: at, last_error: null, created_at: at, updated_at: at })))
    .onConflict((oc) => oc.columns(['event_id', 'target']).doNothing())
    .execute();
}

/**
 * Claims due deliveries: bumps `attempts` and pushes `next_attempt_at` out by the lease, so a
 * process that dies mid-send leaves the row due again after the lease (no separate recovery).
 */
export async function claimDueDeliveries(db: Kysely<Database>, dialect: DialectName, limit: number, leaseMs: number, now = Date.now()): Promise<WebhookDeliveryRow[]> {
  const at = nowIso(now);
  const due = db.selectFrom('webhook_deliveries').select('id').where('status', '=', 'pending').where('next_attempt_at', '<=', at).orderBy('next_attempt_at').limit(limit);
  const pick = dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
  return db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: nowIso(now + leaseMs), updated_at: at }))
    .where('id', 'in', (eb) => eb.selectFrom(pick.as('p')).select('p.id'))
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .returningAll()
    .execute();
}

/** The earliest pending next_attempt_at, to sleep exactly until then. */
export async function nextDueAt(db: Db): Promise<number | null> {
  const r = await db.selectFrom('webhook_deliveries').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending').executeTakeFirst();
  return r?.at ? Date.parse(String(r.at)) : null;
}

export type AttemptRecord = Pick<WebhookAttemptRow, 'status_code' | 'duration_ms' | 'response_excerpt' | 'error'> & { success: boolean };

export interface AttemptOutcome {
  delivery: WebhookDeliveryRow;
  attempt: AttemptRecord;
  /** When to retry after a failure; null = give up (or done, on success). */
  retryAt: number | null;
  now: number;
}

/**
 * Logs attempts and moves their deliveries on, all in one transaction (the dispatcher
 * group-commits: one fsync for many deliveries). Each is fenced by its attempt number, so a
 * stale sender cannot overwrite a newer attempt's outcome.
 */
export async function recordAttempts(db: Kysely<Database>, outcomes: AttemptOutcome[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const o of outcomes) await recordOne(trx, o);
  });
}

async function recordOne(trx: Transaction<Database>, { delivery: d, attempt: a, retryAt, now }: AttemptOutcome): Promise<void> {
  const at = nowIso(now);
  const moved = await trx
    .updateTable('webhook_deliveries')
    .set({
      status: a.success ? 'succeeded' : retryAt === null ? 'failed' : 'pending',
      next_attempt_at: retryAt === null ? at : nowIso(retryAt),
      last_error: a.success ? null : (a.error ?? `HTTP ${a.status_code}`),
      updated_at: at,
    })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', d.attempts)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) === 0) return;
  await trx
    .insertInto('webhook_attempts')
    .values({
      id: uuidv7(now),
      delivery_id: d.id,
      account_id: d.account_id,
      endpoint_id: d.endpoint_id,
      event_id: d.event_id,
      event_type: d.event_type,
      attempt: d.attempts,
      url: d.url,
      created_at: at,
      status_code: a.status_code,
      duration_ms: a.duration_ms,
      response_excerpt: a.response_excerpt,
      error: a.error,
      success: a.success ? 1 : 0,
      next_attempt_at: !a.success && retryAt !== null ? nowIso(retryAt) : null,
    })
    .execute();
  if (!d.endpoint_id) return;
  // Health: the start of the current failing streak, cleared by any success.
  await trx
    .updateTable('webhook_endpoints')
    .set(a.success ? { failing_since: null } : { failing_since: sql<string>`coalesce(failing_since, ${at})` })
    .where('id', '=', d.endpoint_id)
    .execute();
}

/** Ends a delivery without an HTTP attempt (its endpoint was disabled or deleted). */
export async function abandonDelivery(db: Db, d: WebhookDeliveryRow, reason: string): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ status: 'failed', last_error: reason, updated_at: nowIso() }).where('id', '=', d.id).where('attempts', '=', d.attempts).execute();
}

/** Gives a claimed delivery back untried (the service is stopping). */
export async function releaseDelivery(db: Db, d: WebhookDeliveryRow): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ attempts: eb('attempts', '-', 1), next_attempt_at: nowIso(), updated_at: nowIso() }))
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', d.attempts)
    .execute();
}

export async function listAttempts(db: Db, endpointId: string, opts: { before: string | null; limit: number }): Promise<WebhookAttemptRow[]> {
  let q = db.selectFrom('webhook_attempts').selectAll().where('endpoint_id', '=', endpointId);
  if (opts.before) q = q.where('id', '<', opts.before);
  return q.orderBy('id', 'desc').limit(opts.limit + 1).execute();
}

/** Finished deliveries (and their attempts) older than `olderThanMs` are dropped. */
export async function sweepDeliveries(db: Db, olderThanMs: number, now = Date.now()): Promise<void> {
  await db.deleteFrom('webhook_deliveries').where('status', 'in', ['succeeded', 'failed']).where('updated_at', '<', nowIso(now - olderThanMs)).execute();
}
