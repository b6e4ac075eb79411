// Stored whole-video fingerprints and their lookup index.
//
// Index: every visual sample hash is cut into four 16-bit bands, and every Chromaprint item
// contributes its top 16 bits; each distinct (kind, 16-bit value) becomes one key row per job.
// A transformed copy keeps many samples within a few bits of the original, so some band of
// some sample matches exactly (multi-index hashing). Lookup = one indexed `IN` query over the
// query's K keys, counted per job: O(K * P) for posting lists of length P, then the full
// alignment only for the top CANDIDATES jobs. With 10,000 stored fingerprints of random
// content P stays small; see bench/fingerprint.ts for the measurement.
import type { Kysely } from 'kysely';
import type { VideoPrint } from '../media/fingerprint/match.js';
import { nowIso } from './ids.js';
import type { Database, FingerprintRow } from './schema.js';

/** Jobs whose keys overlap most with the query get the full alignment. */
export const CANDIDATES = 20;
/** SQL parameters per IN list (well under SQLite's and Postgres's limits). */
const KEY_CHUNK = 4000;
const AUDIO_KIND = 4;

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

/** The distinct index keys of a fingerprint: kind (0-3 visual band, 4 audio) * 65536 + 16-bit value. */
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
  return [...keys];
}

export function rowToPrint(row: Pick<FingerprintRow, 'interval_ms' | 'visual' | 'audio'>): VideoPrint {
  return { interval: row.interval_ms / 1000, visual: decodeVisual(row.visual), audio: row.audio ? decodeAudio(row.audio) : null };
}

/** Stores a job's fingerprint and its keys; running it twice for one job is a no-op. */
export async function saveFingerprint(db: Kysely<Database>, input: { jobId: string; accountId: string; durationSeconds: number; print: VideoPrint }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('fingerprints').select('job_id').where('job_id', '=', input.jobId).executeTakeFirst();
    if (existing) return;
    await trx
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
      .execute();
    const keys = indexKeys(input.print);
    for (let i = 0; i < keys.length; i += 500) {
      await trx
        .insertInto('fingerprint_keys')
        .values(keys.slice(i, i + 500).map((key) => ({ account_id: input.accountId, key, job_id: input.jobId })))
        .execute();
    }
  });
}

export async function getFingerprint(db: Kysely<Database>, jobId: string, accountId: string): Promise<FingerprintRow | undefined> {
  return db.selectFrom('fingerprints').selectAll().where('job_id', '=', jobId).where('account_id', '=', accountId).executeTakeFirst();
}

/** The account's stored fingerprints sharing the most index keys with `print` (never `excludeJobId`). */
export async function candidateFingerprints(db: Kysely<Database>, accountId: string, print: VideoPrint, excludeJobId: string | null): Promise<FingerprintRow[]> {
  const keys = indexKeys(print);
  const hits = new Map<string, number>();
  for (let i = 0; i < keys.length; i += KEY_CHUNK) {
    let q = db
      .selectFrom('fingerprint_keys')
      .select(['job_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId)
      .where('key', 'in', keys.slice(i, i + KEY_CHUNK));
    if (excludeJobId) q = q.where('job_id', '!=', excludeJobId);
    for (const r of await q.groupBy('job_id').execute()) hits.set(r.job_id, (hits.get(r.job_id) ?? 0) + Number(r.n));
  }
  // One shared key is chance (a flat frame, a common audio prefix); real copies share many.
  const top = [...hits.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, CANDIDATES)
    .map(([id]) => id);
  if (top.length === 0) return [];
  return db.selectFrom('fingerprints').selectAll().where('account_id', '=', accountId).where('job_id', 'in', top).execute();
}
