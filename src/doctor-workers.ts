// `videoconduit doctor`: the serve and worker processes registered in the database (the
// workers table), so an operator sees at once whether anything runs jobs, on which hosts,
// and with which versions (a rolling deploy shows both).
import fs from 'node:fs';
import type { Config } from './config.js';
import type { DoctorCheck } from './doctor.js';
import { openStore, sqlitePath } from './store/db.js';
import { listWorkers, type WorkerView } from './store/workers.js';

const base = { name: 'workers', version: null, path: null };

export async function checkWorkers(config: Readonly<Config>): Promise<{ check: DoctorCheck; workers: WorkerView[] }> {
  if (!config.databaseUrl && !fs.existsSync(sqlitePath(config.dataDir))) {
    return { check: { ...base, ok: true, detail: 'no database yet (`videoconduit migrate` or `serve` creates it)' }, workers: [] };
  }
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const workers = await listWorkers(store.db);
    const alive = workers.filter((w) => w.alive);
    const slots = alive.reduce((n, w) => n + w.concurrency, 0);
    const stale = workers.length - alive.length;
    const summary = `${alive.length} alive (${slots} job slots)${stale ? `, ${stale} not seen for 30 s` : ''}`;
    if (slots === 0) return { check: { ...base, ok: true, detail: `warning: ${summary}: nothing runs jobs; start \`videoconduit serve\` or \`videoconduit worker\`` }, workers };
    const versions = new Set(alive.map((w) => w.versions.videoconduit ?? '?'));
    const mixed = versions.size > 1 ? `; versions ${[...versions].join(', ')} side by side (a deploy in progress?)` : '';
    return { check: { ...base, ok: true, detail: `${summary}${mixed}` }, workers };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const hint = /workers/.test(why) ? '; run `videoconduit migrate`' : '';
    return { check: { ...base, ok: false, detail: `cannot read the workers table: ${why}${hint}` }, workers: [] };
  } finally {
    await store.close();
  }
}

/** The processes as a table (empty string when there are none). */
export function formatWorkers(workers: WorkerView[], now = Date.now()): string {
  if (workers.length === 0) return '';
  const rows = [
    ['HOST', 'PID', 'ROLE', 'SLOTS', 'RUNNING', 'STATE', 'LAST SEEN', 'VERSIONS'],
    ...workers.map((w) => [
      w.host,
      String(w.pid),
      w.role,
      String(w.concurrency),
      String(w.running_jobs),
      !w.alive ? 'gone?' : w.draining ? 'draining' : 'alive',
      `${Math.max(0, Math.round((now - Date.parse(w.last_seen_at)) / 1000))} s ago`,
      Object.entries(w.versions)
        .map(([k, v]) => `${k} ${v ?? '?'}`)
        .join(', '),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}
