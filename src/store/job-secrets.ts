// A job's secrets (its `cookies`) between submit and the end of the job: sealed with
// AES-256-GCM under a key derived from the install's signing secret (HKDF, its own label), the
// job id as associated data (a row copied to another job does not open), in their own table
// (migration 006). Inserted with the job, read by each attempt, deleted in the transaction
// that ends the job (complete, fail, cancel), so a finished job has none. docs/security.md
// "Cookies" is the privacy model.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { nowIso } from './ids.js';
import type { Database } from './schema.js';

export interface JobSecrets {
  /** Netscape cookies.txt, as the caller sent it (validated). */
  cookies?: string;
}

const VERSION = 'v1';
const KEY_LABEL = 'videoconduit job secrets v1';

/** The sealing key for an install's signing secret. */
export function secretsKey(signingSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', signingSecret, Buffer.alloc(0), KEY_LABEL, 32));
}

export function sealSecrets(key: Buffer, jobId: string, secrets: JobSecrets): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(jobId));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** null when the blob does not open with this key for this job (another install's secret). */
export function openSecrets(key: Buffer, jobId: string, sealed: string): JobSecrets | null {
  const [version, data] = sealed.split('.');
  if (version !== VERSION || !data) return null;
  const raw = Buffer.from(data, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(Buffer.from(jobId));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as JobSecrets;
  } catch {
    return null;
  }
}

export async function insertJobSecrets(trx: Transaction<Database>, jobId: string, sealed: string): Promise<void> {
  await trx.insertInto('job_secrets').values({ job_id: jobId, sealed, created_at: nowIso() }).execute();
}

/** The sealed secrets of a job, or null when it has none (or they were already deleted). */
export async function readJobSecrets(db: Kysely<Database>, jobId: string): Promise<string | null> {
  const row = await db.selectFrom('job_secrets').select('sealed').where('job_id', '=', jobId).executeTakeFirst();
  return row?.sealed ?? null;
}

/** Deletes a job's secrets; called in the transaction of every terminal transition. */
export async function dropJobSecrets(db: Kysely<Database> | Transaction<Database>, jobId: string): Promise<void> {
  await db.deleteFrom('job_secrets').where('job_id', '=', jobId).execute();
}

/** Secrets whose job has ended by a path that did not drop them (belt and braces; maintenance). */
export async function sweepJobSecrets(db: Kysely<Database>): Promise<number> {
  const r = await db
    .deleteFrom('job_secrets')
    .where('job_id', 'in', (eb) => eb.selectFrom('jobs').select('id').where('status', 'in', ['completed', 'failed', 'cancelled']))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
