// Test harness: a real service (real SQLite file or a private Postgres schema) on a temp data dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { createService, type Service, type ServiceOptions } from '../../src/service.js';
import { createAccount } from '../../src/store/accounts.js';
import { createKey } from '../../src/store/keys.js';

export type StoreKind = 'sqlite' | 'postgres';
export const STORES: StoreKind[] = ['sqlite', 'postgres'];
export const TEST_PG_URL = process.env.VC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REPO = path.resolve(import.meta.dirname, '../..');

export interface TestService extends Service {
  config: Readonly<Config>;
  dataDir: string;
  /** The private PostgreSQL schema (null on SQLite): other runtimes of the test join it. */
  pgSchema: string | null;
  /** Creates an account with `credits` and returns its id and a bearer header. */
  account(credits: number, opts?: { rateLimit?: number; name?: string }): Promise<{ id: string; key: string; auth: { authorization: string } }>;
  stop(): Promise<void>;
}

export function testEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    VC_DATA_DIR: dataDir,
    VC_URL_ALLOWLIST: '127.0.0.1',
    VC_LOG_LEVEL: 'silent',
    VC_VENV_DIR: path.join(REPO, '.venv'),
    ...extra,
  };
}

export async function createPgSchema(url = TEST_PG_URL): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export async function startTestService(kind: StoreKind, env: Record<string, string> = {}, opts: Omit<ServiceOptions, 'pgSchema'> = {}): Promise<TestService> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-test-'));
  const pgSchema = kind === 'postgres' ? await createPgSchema() : null;
  const config = loadConfig(testEnv(dataDir, { ...(pgSchema ? { VC_DATABASE_URL: TEST_PG_URL } : {}), ...env }));
  const service = await createService(config, { ...opts, pgSchema: pgSchema?.schema });
  return {
    ...service,
    config,
    dataDir,
    pgSchema: pgSchema?.schema ?? null,
    async account(credits, o = {}) {
      const acct = await createAccount(service.store.db, { name: o.name ?? 'test', credits, rateLimitPerMinute: o.rateLimit ?? 10_000 });
      const { key } = await createKey(service.store.db, acct.id, 'test');
      return { id: acct.id, key, auth: { authorization: `Bearer ${key}` } };
    },
    async stop() {
      await service.close();
      await pgSchema?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A log destination that keeps every line (pino JSON) for assertions. */
export function logCapture(): { stream: NodeJS.WritableStream; lines(): Record<string, any>[]; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return {
    stream,
    text: () => text,
    lines: () => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>),
  };
}

/** Polls a job until it reaches a terminal status. */
export async function waitForJob(svc: TestService, auth: Record<string, string>, jobId: string, timeoutMs = 60_000): Promise<Record<string, any>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await svc.app.inject({ method: 'GET', url: `/v1/jobs/${jobId}`, headers: auth });
    const job = res.json();
    if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
