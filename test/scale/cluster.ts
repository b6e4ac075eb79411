// Real processes on this host sharing one PostgreSQL schema: `bin/videoconduit serve` (API
// only) and `bin/videoconduit worker`s, for the scale-out tests and bench/scale.ts. A worker
// can be given a TCP relay to the database (tcp-relay.ts) to cut its link.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAccount } from '../../src/store/accounts.js';
import { openStore, migrate, type Store } from '../../src/store/db.js';
import { createKey } from '../../src/store/keys.js';
import type { JobRow } from '../../src/store/schema.js';
import { createPgSchema, REPO, TEST_PG_URL, testEnv } from '../helpers/service.js';

const BIN = path.join(REPO, 'bin', 'videoconduit');

export interface Proc {
  name: string;
  child: ChildProcess;
  /** stdout and stderr so far. */
  out(): string;
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** workers.id once the process has registered. */
  workerId(): Promise<string>;
}

export interface Cluster {
  store: Store;
  dataDir: string;
  schema: string;
  /** VC_DATABASE_URL of the processes (the schema through search_path). */
  databaseUrl: string;
  api: Proc | null;
  apiBase: string;
  procs: Proc[];
  account(credits?: number): Promise<{ id: string; auth: Record<string, string> }>;
  startApi(env?: Record<string, string>): Promise<Proc>;
  startWorker(name: string, env?: Record<string, string>): Promise<Proc>;
  job(id: string): Promise<JobRow>;
  close(): Promise<void>;
}

export function urlWithSchema(base: string, schema: string): string {
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.href;
}

export async function startCluster(env: Record<string, string> = {}): Promise<Cluster> {
  const pg = await createPgSchema();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-scale-'));
  const store = openStore({ databaseUrl: TEST_PG_URL, dataDir, pgSchema: pg.schema });
  await migrate(store);
  const databaseUrl = urlWithSchema(TEST_PG_URL, pg.schema);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const procs: Proc[] = [];
  const base = (extra: Record<string, string>) => ({ ...process.env, ...testEnv(dataDir, { VC_DATABASE_URL: databaseUrl, VC_LOG_LEVEL: 'info', VC_JOB_LEASE_SECONDS: '2', ...env, ...extra }) });

  const spawnVc = (name: string, args: string[], extra: Record<string, string>): Proc => {
    const child = spawn(BIN, args, { env: base(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const proc: Proc = {
      name,
      child,
      out: () => out,
      exited,
      async workerId() {
        for (let i = 0; i < 600; i++) {
          const row = await store.db.selectFrom('workers').select('id').where('pid', '=', child.pid!).executeTakeFirst();
          if (row) return row.id;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`${name} never registered:\n${out}`);
      },
    };
    procs.push(proc);
    return proc;
  };

  const cluster: Cluster = {
    store,
    dataDir,
    schema: pg.schema,
    databaseUrl,
    api: null,
    apiBase: `http://127.0.0.1:${port}`,
    procs,
    async account(credits = 100) {
      const acct = await createAccount(store.db, { name: 'scale', credits, rateLimitPerMinute: 100_000 });
      const { key } = await createKey(store.db, acct.id, 'scale');
      return { id: acct.id, auth: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } };
    },
    async startApi(extra = {}) {
      const api = spawnVc('api', ['serve'], { VC_PORT: String(port), VC_JOB_CONCURRENCY: '0', ...extra });
      for (let i = 0; i < 600; i++) {
        try {
          if ((await fetch(`${cluster.apiBase}/api/version`)).ok) break;
        } catch {
          /* not up yet */
        }
        if (api.child.exitCode !== null) throw new Error(`serve exited:\n${api.out()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      cluster.api = api;
      return api;
    },
    async startWorker(name, extra = {}) {
      const w = spawnVc(name, ['worker'], { VC_JOB_CONCURRENCY: '1', ...extra });
      await w.workerId();
      return w;
    },
    job: (id) => store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    async close() {
      for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await Promise.all(procs.map((p) => p.exited));
      await store.close();
      await pg.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
