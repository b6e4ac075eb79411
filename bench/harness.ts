// Shared bench plumbing: a real service over real HTTP, the local media site, timing helpers.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createService, type Service } from '../src/service.js';
import { createAccount } from '../src/store/accounts.js';
import { createKey } from '../src/store/keys.js';
import { startMediaSite, type MediaSite } from '../test/fixtures/site.js';
import { createPgSchema, REPO, testEnv } from '../test/helpers/service.js';

export const run = promisify(execFile);
export const YTDLP = path.join(REPO, '.venv', 'bin', 'yt-dlp');

export interface Bench {
  base: string;
  auth: Record<string, string>;
  site: MediaSite;
  service: Service;
  tmp: string;
  close(): Promise<void>;
}

export async function startBench(env: Record<string, string> = {}): Promise<Bench> {
  // VC_EGRESS_PROXY=false in the environment measures the engines without the egress proxy.
  const egress: Record<string, string> = process.env.VC_EGRESS_PROXY ? { VC_EGRESS_PROXY: process.env.VC_EGRESS_PROXY } : {};
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-bench-'));
  const site = await startMediaSite();
  // VC_BENCH_DATABASE_URL=postgres://… runs the service on PostgreSQL (a private schema, dropped after).
  const pgUrl = process.env.VC_BENCH_DATABASE_URL;
  const pg = pgUrl ? await createPgSchema(pgUrl) : null;
  const database: Record<string, string> = pgUrl ? { VC_DATABASE_URL: pgUrl } : {};
  const service = await createService(loadConfig(testEnv(path.join(tmp, 'data'), { VC_INFO_CACHE_SECONDS: '0', ...egress, ...database, ...env })), { pgSchema: pg?.schema });
  const base = await service.app.listen({ host: '127.0.0.1', port: 0 });
  const acct = await createAccount(service.store.db, { name: 'bench', credits: 1_000_000, rateLimitPerMinute: 1_000_000 });
  const { key } = await createKey(service.store.db, acct.id, 'bench');
  return {
    base,
    auth: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    site,
    service,
    tmp,
    async close() {
      await service.close();
      await site.close();
      await pg?.drop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function timeit(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Medians of both sides after a warm-up; alternates them so load drift hits both equally. */
export async function measure(rounds: number, ours: () => Promise<unknown>, raw: () => Promise<unknown>): Promise<{ api: number; raw: number }> {
  await ours();
  await raw(); // warm both (page cache, fork server, fixture generation)
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await timeit(ours));
    b.push(await timeit(raw));
  }
  return { api: median(a), raw: median(b) };
}

export async function compare(name: string, rounds: number, ours: () => Promise<unknown>, raw: () => Promise<unknown>): Promise<number> {
  const m = await measure(rounds, ours, raw);
  const ratio = m.api / m.raw;
  console.log(`${name.padEnd(34)} api ${m.api.toFixed(0).padStart(6)} ms   raw yt-dlp ${m.raw.toFixed(0).padStart(6)} ms   ratio ${ratio.toFixed(2)}x  (median of ${rounds})`);
  return ratio;
}
