// Counters that every API process on PostgreSQL shares: per-key request counts per minute,
// and slots of long-lived work (metadata lookups per account, event streams per key) that
// expire unless their process renews them (a crashed API process frees its slots).
import { sql, type Kysely } from 'kysely';
import { nowIso } from './ids.js';
import type { Database } from './schema.js';

/** Counts one request of `keyId` in the database's current minute; the count includes this request. */
export async function countRequest(db: Kysely<Database>, keyId: string): Promise<{ count: number; minute: number }> {
  // The database's clock decides the minute, so API hosts with skewed clocks share windows.
  const r = await sql<{ count: number; minute: number }>`
    insert into rate_counters (key_id, minute, count)
    values (${keyId}, floor(extract(epoch from now()) / 60)::integer, 1)
    on conflict (key_id) do update set
      count = case when rate_counters.minute = excluded.minute then rate_counters.count + 1 else 1 end,
      minute = excluded.minute
    returning count, minute`.execute(db);
  const row = r.rows[0];
  return { count: Number(row.count), minute: Number(row.minute) };
}

/**
 * Takes a slot of `scope` for `key` unless `max` live ones exist; the check and the insert
 * hold a transaction-scoped advisory lock on (scope, key), so concurrent takers on any host
 * count one after another.
 */
export async function takeSlot(db: Kysely<Database>, slot: { id: string; scope: string; key: string; holder: string; ttlMs: number }, max: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`${slot.scope}:${slot.key}`}))`.execute(trx);
    const now = Date.now();
    await trx.deleteFrom('limit_slots').where('scope', '=', slot.scope).where('key', '=', slot.key).where('expires_at', '<', nowIso(now)).execute();
    const held = await trx.selectFrom('limit_slots').select((eb) => eb.fn.countAll().as('n')).where('scope', '=', slot.scope).where('key', '=', slot.key).executeTakeFirstOrThrow();
    if (Number(held.n) >= max) return false;
    await trx.insertInto('limit_slots').values({ id: slot.id, scope: slot.scope, key: slot.key, holder: slot.holder, expires_at: nowIso(now + slot.ttlMs) }).execute();
    return true;
  });
}

export async function renewSlots(db: Kysely<Database>, ids: string[], ttlMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('limit_slots').set({ expires_at: nowIso(Date.now() + ttlMs) }).where('id', 'in', ids).execute();
}

export async function releaseSlots(db: Kysely<Database>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('limit_slots').where('id', 'in', ids).execute();
}

/** Slots whose process stopped renewing them, and counters of keys idle for an hour. */
export async function sweepLimits(db: Kysely<Database>, now = Date.now()): Promise<void> {
  await db.deleteFrom('limit_slots').where('expires_at', '<', nowIso(now)).execute();
  await db.deleteFrom('rate_counters').where('minute', '<', Math.floor(now / 60_000) - 60).execute();
}
