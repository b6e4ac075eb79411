// The workers table: one row per serve/worker process, refreshed while it runs (queue/presence.ts).
import type { Kysely } from 'kysely';
import { nowIso } from './ids.js';
import type { Database, WorkerRow } from './schema.js';

/** A process is alive while it was seen this recently (it reports every 10 s). */
export const ALIVE_WITHIN_MS = 30_000;
/** Rows of processes not seen for this long are deleted (crashed or gone without saying so). */
export const EXPIRE_AFTER_MS = 10 * 60_000;

export interface WorkerView {
  id: string;
  host: string;
  pid: number;
  role: string;
  concurrency: number;
  running_jobs: number;
  draining: boolean;
  alive: boolean;
  started_at: string;
  last_seen_at: string;
  versions: Record<string, string | null>;
}

export async function registerWorker(db: Kysely<Database>, row: WorkerRow): Promise<void> {
  await db
    .insertInto('workers')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen_at: row.last_seen_at, draining: row.draining }))
    .execute();
}

/** Refreshes a process's row; false when the row is gone (expired while the process was cut off). */
export async function touchWorker(db: Kysely<Database>, id: string, draining: boolean, now = Date.now()): Promise<boolean> {
  const r = await db.updateTable('workers').set({ last_seen_at: nowIso(now), draining: draining ? 1 : 0 }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function removeWorker(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('workers').where('id', '=', id).execute();
}

export async function expireWorkers(db: Kysely<Database>, now = Date.now()): Promise<number> {
  const r = await db.deleteFrom('workers').where('last_seen_at', '<', nowIso(now - EXPIRE_AFTER_MS)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Every registered process, newest first, with the jobs it holds now. */
export async function listWorkers(db: Kysely<Database>, now = Date.now()): Promise<WorkerView[]> {
  const rows = await db.selectFrom('workers').selectAll().orderBy('started_at', 'desc').execute();
  const held = await db
    .selectFrom('jobs')
    .select(['worker_id', (eb) => eb.fn.countAll().as('n')])
    .where('status', '=', 'processing')
    .where('worker_id', 'is not', null)
    .groupBy('worker_id')
    .execute();
  const running = new Map(held.map((h) => [h.worker_id, Number(h.n)]));
  return rows.map((r) => ({
    id: r.id,
    host: r.host,
    pid: r.pid,
    role: r.role,
    concurrency: r.concurrency,
    running_jobs: running.get(r.id) ?? 0,
    draining: r.draining === 1,
    alive: Date.parse(r.last_seen_at) >= now - ALIVE_WITHIN_MS,
    started_at: r.started_at,
    last_seen_at: r.last_seen_at,
    versions: parseVersions(r.versions),
  }));
}

function parseVersions(text: string): Record<string, string | null> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string | null>) : {};
  } catch {
    return {};
  }
}
