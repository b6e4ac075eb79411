// Stored responses of Idempotency-Key requests (contract §4): replayed for 24 h for the same
// key and body, 409 for another body. Job POSTs claim their key inside the submit transaction
// (store/submit.ts: key, charge and job commit together); every other POST claims the key
// first (status_code 0 = in progress) and stores its 2xx response when it is sent
// (http/idempotency.ts).
import type { Kysely } from 'kysely';
import { ApiError } from '../errors.js';
import { isUniqueViolation } from './db.js';
import { nowIso } from './ids.js';
import type { Database } from './schema.js';

export interface Idempotency {
  key: string;
  /** Hash of method, route and canonical body: same key + other body is a conflict. */
  requestHash: string;
}

export interface StoredResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

/** How long a stored Idempotency-Key response is replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** status_code of a claimed key whose request is still running. */
const IN_PROGRESS = 0;
/** A claim older than this lost its request (the process died mid-request): it may be taken over. */
const ABANDONED_MS = 60_000;
/** How long a twin waits for the request that holds the key before answering 409. */
const TWIN_WAIT_MS = 5_000;

type Lookup = { kind: 'none' } | { kind: 'in_progress'; since: string } | { kind: 'stored'; response: StoredResponse };

async function lookup(db: Kysely<Database>, accountId: string, idem: Idempotency, now = Date.now()): Promise<Lookup> {
  const stored = await db.selectFrom('idempotency_keys').selectAll().where('account_id', '=', accountId).where('key', '=', idem.key).executeTakeFirst();
  if (!stored) return { kind: 'none' };
  const expired = stored.created_at < nowIso(now - IDEMPOTENCY_TTL_MS);
  const abandoned = stored.status_code === IN_PROGRESS && stored.created_at < nowIso(now - ABANDONED_MS);
  if (expired || abandoned) {
    await db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('key', '=', idem.key).where('created_at', '=', stored.created_at).execute();
    return { kind: 'none' };
  }
  if (stored.request_hash !== idem.requestHash) throw new ApiError('conflict', 'This Idempotency-Key was already used with a different request.');
  if (stored.status_code === IN_PROGRESS) return { kind: 'in_progress', since: stored.created_at };
  return { kind: 'stored', response: { statusCode: stored.status_code, body: JSON.parse(stored.response_body) as Record<string, unknown> } };
}

/** The stored response for this key and body, waiting briefly for a twin still running; null when there is none. */
export async function findIdempotent(db: Kysely<Database>, accountId: string, idem: Idempotency): Promise<StoredResponse | null> {
  const until = Date.now() + TWIN_WAIT_MS;
  for (;;) {
    const found = await lookup(db, accountId, idem);
    if (found.kind === 'none') return null;
    if (found.kind === 'stored') return found.response;
    if (Date.now() > until) throw new ApiError('conflict', 'A request with this Idempotency-Key is still in progress; retry shortly.');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Claims the key for a request about to run: null when claimed (run it, then complete or
 * release), else the response to replay (throws 409 for another body or a twin still running).
 */
export async function claimIdempotencyKey(db: Kysely<Database>, accountId: string, idem: Idempotency): Promise<StoredResponse | null> {
  for (let tries = 0; ; tries++) {
    const replay = await findIdempotent(db, accountId, idem);
    if (replay) return replay;
    try {
      await db
        .insertInto('idempotency_keys')
        .values({ account_id: accountId, key: idem.key, request_hash: idem.requestHash, status_code: IN_PROGRESS, response_body: 'null', created_at: nowIso() })
        .execute();
      return null;
    } catch (err) {
      // A twin claimed it between our look and our insert: wait for its response.
      if (!isUniqueViolation(err) || tries >= 3) throw err;
    }
  }
}

/** Stores the response of a claimed key (2xx only; see releaseIdempotencyKey for the rest). */
export async function completeIdempotencyKey(db: Kysely<Database>, accountId: string, key: string, statusCode: number, body: string): Promise<void> {
  await db.updateTable('idempotency_keys').set({ status_code: statusCode, response_body: body }).where('account_id', '=', accountId).where('key', '=', key).where('status_code', '=', IN_PROGRESS).execute();
}

/** Forgets a claimed key whose request failed, so a retry runs again. */
export async function releaseIdempotencyKey(db: Kysely<Database>, accountId: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('account_id', '=', accountId).where('key', '=', key).where('status_code', '=', IN_PROGRESS).execute();
}

/** Forgets keys older than the replay window so they can be reused. */
export async function sweepIdempotencyKeys(db: Kysely<Database>, now = Date.now()): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', nowIso(now - IDEMPOTENCY_TTL_MS)).executeTakeFirst();
  return Number(r.numDeletedRows);
}
