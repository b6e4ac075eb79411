// kill -9 of `videoconduit serve`: mid-download the job is recovered after its lease and
// charged once; mid-submit every job has its charge and every charge its job.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isProcessAlive } from '../src/media/process/run.js';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { REPO, testEnv } from './helpers/service.js';

const BIN = path.join(REPO, 'bin', 'videoconduit');

function env(dataDir: string, port: number) {
  return { ...process.env, ...testEnv(dataDir, { VC_PORT: String(port), VC_JOB_LEASE_SECONDS: '2' }) };
}

async function startServe(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(BIN, ['serve'], { env: env(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/api/version`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('serve did not start');
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('crash safety (SQLite, real serve process)', () => {
  let site: MediaSite;
  let dataDir: string;
  let port: number;
  let key: string;
  let accountId: string;
  beforeAll(async () => {
    site = await startMediaSite({ throttleBytesPerSec: 150_000 });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-crash-'));
    port = 20_000 + Math.floor(Math.random() * 20_000);
    const out = execFileSync(BIN, ['accounts', 'create', '--name', 'crash', '--credits', '100', '--rate-limit', '100000', '--json'], { env: env(dataDir, port), encoding: 'utf8' });
    ({ api_key: key, account_id: accountId } = JSON.parse(out));
  });
  afterAll(async () => {
    await site?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('recovers a download interrupted by kill -9 and charges it once', async () => {
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const base = `http://127.0.0.1:${port}`;
    let serve = await startServe(dataDir, port);
    const res = await fetch(`${base}/v1/download`, { method: 'POST', headers: auth, body: JSON.stringify({ url: site.url('/media/video.mp4') }) });
    expect(res.status).toBe(202);
    const { job_id } = (await res.json()) as { job_id: string };
    let pid: number | null = null;
    for (let i = 0; i < 100 && !pid; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const db = new SQLite(path.join(dataDir, 'videoconduit.db'), { readonly: true });
      pid = (db.prepare('select process_pid from jobs where id = ?').get(job_id) as { process_pid: number | null }).process_pid;
      db.close();
    }
    expect(pid).toBeTruthy();
    await kill9(serve);
    serve = await startServe(dataDir, port);
    try {
      let job: { status: string; error: unknown } = { status: 'pending', error: null };
      for (let i = 0; i < 300 && !['completed', 'failed'].includes(job.status); i++) {
        await new Promise((r) => setTimeout(r, 200));
        job = (await (await fetch(`${base}/v1/jobs/${job_id}`, { headers: auth })).json()) as typeof job;
      }
      expect(job.status, JSON.stringify(job.error)).toBe('completed');
      // The first attempt's engine was killed by recovery, not left running.
      expect(isProcessAlive(pid!)).toBe(false);
      const db = new SQLite(path.join(dataDir, 'videoconduit.db'), { readonly: true });
      const entries = db.prepare('select reason, delta from ledger_entries where job_id = ?').all(job_id);
      expect(entries).toEqual([{ reason: 'charge', delta: -1 }]);
      const attempts = (db.prepare('select attempts from jobs where id = ?').get(job_id) as { attempts: number }).attempts;
      expect(attempts).toBe(2);
      db.close();
      // The attempt's scratch is removed after its terminal write, so a poll may see it a moment.
      await vi.waitFor(() => expect(fs.readdirSync(path.join(dataDir, 'work')).filter((d) => d.startsWith(job_id))).toEqual([]), { timeout: 10_000, interval: 50 });
    } finally {
      await kill9(serve);
    }
  }, 180_000);

  it('kill -9 during submits leaves every job with its charge and the ledger balanced', async () => {
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const serve = await startServe(dataDir, port);
    const body = JSON.stringify({ url: 'http://127.0.0.1:9/never.mp4' });
    const submits = Array.from({ length: 40 }, () =>
      fetch(`http://127.0.0.1:${port}/v1/download`, { method: 'POST', headers: auth, body }).then(
        (r) => r.status,
        () => 0,
      ),
    );
    await new Promise((r) => setTimeout(r, 60));
    await kill9(serve);
    const statuses = await Promise.all(submits);
    const db = new SQLite(path.join(dataDir, 'videoconduit.db'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const accepted = statuses.filter((s) => s === 202).length;
    const jobs = db.prepare("select id from jobs where request like '%never.mp4%'").all() as { id: string }[];
    expect(jobs.length).toBeGreaterThanOrEqual(accepted); // acknowledged jobs all survived
    for (const j of jobs) {
      const n = (db.prepare("select count(*) n from ledger_entries where job_id = ? and reason = 'charge'").get(j.id) as { n: number }).n;
      expect(n).toBe(1);
    }
    const { balance } = db.prepare('select credits_balance balance from accounts where id = ?').get(accountId) as { balance: number };
    const { sum } = db.prepare('select sum(delta) sum from ledger_entries where account_id = ?').get(accountId) as { sum: number };
    expect(balance).toBe(sum);
    db.close();
  });
});
