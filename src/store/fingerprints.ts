// Stored whole-video fingerprints and their lookup index.
//
// Index: every visual sample hash is cut into four 16-bit bands, and every Chromaprint item
// contributes its top 16 bits; each distinct (kind, 16-bit value) is a key. A transformed copy
// keeps many samples within a few bits of the original, so some band of some sample matches
// exactly (multi-index hashing). Only keys whose hash falls in 1 of KEY_SAMPLING buckets are
// indexed: the choice depends on the key alone, so a key a copy shares with its original is
// indexed on both sides or on neither (on the bench corpus the fewest keys a copy shares with
// its original drops from 21 to 5; unrelated videos share at most 2 either way).
// Each key row is (acct, key, fp_id), integer surrogates for the account and the fingerprint,
// and that primary key is the lookup index. Lookup = one grouped query over the query's K
// sampled keys returning the CANDIDATES fingerprints sharing the most: O(K * (log R + P)) for
// R key rows and posting lists of length P, then the full alignment for those candidates only.
import type { Kysely, Selectable } from 'kysely';
import type { VideoPrint } from '../media/fingerprint/match.js';
import { isUniqueViolation } from './db.js';
import { nowIso } from './ids.js';
import type { Database, FingerprintRow } from './schema.js';

/** Jobs whose keys overlap most with the query get the full alignment. */
export const CANDIDATES = 20;
/** SQL parameters per IN list (under SQLite's 32766 and Postgres's 65535): about an hour of video. */
const KEY_CHUNK = 30_000;
/** Key rows per INSERT (3 parameters each). */
const INSERT_CHUNK = 2000;
const AUDIO_KIND = 4;
/** One key in KEY_SAMPLING is indexed (see above; 4 loses copies on the bench corpus, 2 does not). */
export const KEY_SAMPLING = 2;
/** Fewer shared keys than this is chance (a flat frame, a common audio prefix). */
const MIN_SHARED_KEYS = 2;

export function encodeVisual(hashes: Uint32Array): string {
  const buf = Buffer.alloc(hashes.length * 4);
  for (let i = 0; i < hashes.length; i++) buf.writeUInt32BE(hashes[i], i * 4);
  return buf.toString('base64');
}

export function decodeVisual(b64: string): Uint32Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Uint32Array(Math.floor(buf.length / 8) * 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32BE(i * 4);
  return out;
}

export function encodeAudio(items: Uint32Array): string {
  const buf = Buffer.alloc(items.length * 4);
  for (let i = 0; i < items.length; i++) buf.writeUInt32LE(items[i], i * 4);
  return buf.toString('base64');
}

export function decodeAudio(b64: string): Uint32Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Uint32Array(Math.floor(buf.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}

/** Whether a key is one of the indexed ones: a multiplicative hash of the key itself, so both sides agree. */
const sampled = (key: number): boolean => (Math.imul(key, 0x9e3779b1) >>> 0) % KEY_SAMPLING === 0;

/** The distinct indexed keys of a fingerprint: kind (0-3 visual band, 4 audio) * 65536 + 16-bit value. */
export function indexKeys(fp: Pick<VideoPrint, 'visual' | 'audio'>): number[] {
  const keys = new Set<number>();
  for (let i = 0; i < fp.visual.length; i += 2) {
    const hi = fp.visual[i], lo = fp.visual[i + 1];
    keys.add(0 * 65536 + (hi >>> 16));
    keys.add(1 * 65536 + (hi & 0xffff));
    keys.add(2 * 65536 + (lo >>> 16));
    keys.add(3 * 65536 + (lo & 0xffff));
  }
  if (fp.audio) for (const item of fp.audio) keys.add(AUDIO_KIND * 65536 + (item >>> 16));
  return [...keys].filter(sampled);
}

export function rowToPrint(row: Pick<FingerprintRow, 'interval_ms' | 'visual' | 'audio'>): VideoPrint {
  return { interval: row.interval_ms / 1000, visual: decodeVisual(row.visual), audio: row.audio ? decodeAudio(row.audio) : null };
}

/** The account's integer id in the key index, created on first use. */
async function accountKeyId(db: Kysely<Database>, accountId: string): Promise<number> {
  const find = () => db.selectFrom('fingerprint_accounts').select('id').where('account_id', '=', accountId).executeTakeFirst();
  const found = await find();
  if (found) return found.id;
  try {
    return (await db.insertInto('fingerprint_accounts').values({ account_id: accountId }).returning('id').executeTakeFirstOrThrow()).id;
  } catch (err) {
    // Another worker created it first (Postgres); on SQLite writers are serialised anyway.
    if (!isUniqueViolation(err)) throw err;
    return (await find())!.id;
  }
}

/** Stores a job's fingerprint and its keys in one transaction; running it twice for one job is a no-op. */
export async function saveFingerprint(db: Kysely<Database>, input: { jobId: string; accountId: string; durationSeconds: number; print: VideoPrint }): Promise<void> {
  const acct = await accountKeyId(db, input.accountId);
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('fingerprints').select('job_id').where('job_id', '=', input.jobId).executeTakeFirst();
    if (existing) return;
    const { id } = await trx
      .insertInto('fingerprints')
      .values({
        job_id: input.jobId,
        account_id: input.accountId,
        duration_ms: Math.round(input.durationSeconds * 1000),
        interval_ms: Math.round(input.print.interval * 1000),
        visual: encodeVisual(input.print.visual),
        audio: input.print.audio ? encodeAudio(input.print.audio) : null,
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const keys = indexKeys(input.print);
    for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('fingerprint_keys')
        .values(keys.slice(i, i + INSERT_CHUNK).map((key) => ({ acct, key, fp_id: id })))
        .execute();
    }
  });
}

export async function getFingerprint(db: Kysely<Database>, jobId: string, accountId: string): Promise<Selectable<FingerprintRow> | undefined> {
  return db.selectFrom('fingerprints').selectAll().where('job_id', '=', jobId).where('account_id', '=', accountId).executeTakeFirst();
}

/** The account's stored fingerprints sharing the most index keys with `print` (never `excludeJobId`). */
export async function candidateFingerprints(db: Kysely<Database>, accountId: string, print: VideoPrint, excludeJobId: string | null): Promise<Selectable<FingerprintRow>[]> {
  const keys = indexKeys(print);
  const grouped = (chunk: number[]) => {
    let q = db
      .selectFrom('fingerprint_keys')
      .select(['fp_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('acct', '=', (eb) => eb.selectFrom('fingerprint_accounts').select('id').where('account_id', '=', accountId))
      .where('key', 'in', chunk);
    // NOT IN, not !=: without a stored row for the job the subquery is empty and excludes nothing.
    if (excludeJobId) q = q.where('fp_id', 'not in', db.selectFrom('fingerprints').select('id').where('job_id', '=', excludeJobId));
    return q.groupBy('fp_id');
  };
  if (keys.length === 0) return [];
  let top: number[];
  if (keys.length <= KEY_CHUNK) {
    // The usual case: the database ranks and cuts, only CANDIDATES rows come back.
    const rows = await grouped(keys)
      .having((eb) => eb.fn.countAll(), '>=', MIN_SHARED_KEYS)
      .orderBy('n', 'desc')
      .orderBy('fp_id')
      .limit(CANDIDATES)
      .execute();
    top = rows.map((r) => r.fp_id);
  } else {
    const hits = new Map<number, number>();
    for (let i = 0; i < keys.length; i += KEY_CHUNK)
      for (const r of await grouped(keys.slice(i, i + KEY_CHUNK)).execute()) hits.set(r.fp_id, (hits.get(r.fp_id) ?? 0) + Number(r.n));
    top = [...hits.entries()]
      .filter(([, n]) => n >= MIN_SHARED_KEYS)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, CANDIDATES)
      .map(([id]) => id);
  }
  if (top.length === 0) return [];
  // The account filter again: the key rows already carry it, this keeps isolation explicit.
  return db.selectFrom('fingerprints').selectAll().where('account_id', '=', accountId).where('id', 'in', top).execute();
}
