// API keys: `vc_` + 192 random bits, shown once, stored only as a SHA-256 hash.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { compiledOnce } from './compiled-once.js';
import type { Store } from './db.js';
import type { AccountRow, ApiKeyRow, Database } from './schema.js';
import { nowIso, uuidv7 } from './ids.js';

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  last4: string;
  active: boolean;
  created_at: string;
  last_used_at: string | null;
}

export function keyView(k: ApiKeyRow): KeyView {
  return { id: k.id, name: k.name, prefix: k.prefix, last4: k.last4, active: k.active === 1, created_at: k.created_at, last_used_at: k.last_used_at };
}

export async function createKey(
  db: Kysely<Database>,
  accountId: string,
  name: string,
): Promise<{ key: string; row: ApiKeyRow }> {
  const key = `vc_${randomBytes(24).toString('base64url')}`;
  const row: ApiKeyRow = {
    id: uuidv7(),
    account_id: accountId,
    name,
    prefix: key.slice(0, 7),
    last4: key.slice(-4),
    key_hash: hashKey(key),
    active: 1,
    created_at: nowIso(),
    last_used_at: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { key, row };
}

/** What a request's authentication carries of its key and account (never the balance: read it fresh). */
export type AuthKey = Pick<ApiKeyRow, 'id' | 'account_id' | 'active' | 'last_used_at'>;
export type AuthAccount = Pick<AccountRow, 'id' | 'rate_limit_per_minute'>;

/**
 * The per-request lookup: the key and what authentication needs of its account, in one query
 * compiled once, only the columns used (each column read costs). On SQLite it is served from
 * the exact read cache (store/read-cache.ts), which any commit by any process empties, so a key
 * deactivated or deleted by any process, the CLI included, is refused on its next request. The
 * two full-row queries it replaced were a third of the CPU of GET /v1/jobs/{id} (bench/load.ts,
 * node --cpu-prof).
 */
const authQuery = compiledOnce((db, hash: string) =>
  db
    .selectFrom('api_keys')
    .innerJoin('accounts', 'accounts.id', 'api_keys.account_id')
    .select(['api_keys.id', 'api_keys.account_id', 'api_keys.active', 'api_keys.last_used_at', 'accounts.rate_limit_per_minute'])
    .where('api_keys.key_hash', '=', hash),
);

const loadAuthRow = async ({ db, hash }: { db: Kysely<Database>; hash: string }) => (await authQuery(db, hash))[0];

/** `version`: the database version the request reads at (store/read-cache.ts); now if not given. */
export async function findKeyForAuth(store: Pick<Store, 'db' | 'reads'>, presented: string, version?: string): Promise<{ key: AuthKey; account: AuthAccount } | undefined> {
  const at = { db: store.db, hash: hashKey(presented) };
  const row = store.reads ? await store.reads.get(`key:${at.hash}`, loadAuthRow, at, version) : await loadAuthRow(at);
  if (!row) return undefined;
  return { key: { id: row.id, account_id: row.account_id, active: row.active, last_used_at: row.last_used_at }, account: { id: row.account_id, rate_limit_per_minute: row.rate_limit_per_minute } };
}

/** An account's keys, newest first; with `page`, one page of them (limit + 1 rows, to learn whether more exist). */
export async function listKeys(db: Kysely<Database>, accountId: string, page?: { limit: number; before: string | null }): Promise<ApiKeyRow[]> {
  let q = db.selectFrom('api_keys').selectAll().where('account_id', '=', accountId);
  if (page?.before) q = q.where('id', '<', page.before);
  if (page) q = q.limit(page.limit + 1);
  return q.orderBy('id', 'desc').execute();
}

/** How fresh last_used_at is kept: a write on every request would add one to every read. */
export const KEY_USE_RESOLUTION_MS = 60_000;

// The cutoff as an ISO string, made once per second rather than per request (formatting a
// date was ~2% of a poll's CPU). Rounded up, so a stamp is due after 59–60 s, never later.
let cutoffSecond = Number.NaN;
let cutoffIso = '';
function useCutoff(now: number): string {
  const second = Math.ceil(now / 1000);
  if (second !== cutoffSecond) {
    cutoffSecond = second;
    cutoffIso = nowIso(second * 1000 - KEY_USE_RESOLUTION_MS);
  }
  return cutoffIso;
}

/** Whether the key's last_used_at is due a new stamp (noteKeyUsed); a cheap check for every request. */
export function keyUseDue(key: Pick<ApiKeyRow, 'last_used_at'>, now: number = Date.now()): boolean {
  return key.last_used_at === null || key.last_used_at <= useCutoff(now);
}

/** Stamps the key's last_used_at if it is due (keyUseDue): once per 59–60 s (KEY_USE_RESOLUTION_MS) at most. */
export async function noteKeyUsed(db: Kysely<Database>, key: Pick<ApiKeyRow, 'id' | 'last_used_at'>, now: number = Date.now()): Promise<void> {
  if (!keyUseDue(key, now)) return;
  const cutoff = useCutoff(now);
  // The condition again in SQL: of concurrent first requests (or processes), one writes.
  await db
    .updateTable('api_keys')
    .set({ last_used_at: nowIso(now) })
    .where('id', '=', key.id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', cutoff)]))
    .execute();
}

export async function setKeyActive(db: Kysely<Database>, keyId: string, active: boolean): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ active: active ? 1 : 0 }).where('id', '=', keyId).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteKey(db: Kysely<Database>, keyId: string): Promise<boolean> {
  const r = await db.deleteFrom('api_keys').where('id', '=', keyId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
