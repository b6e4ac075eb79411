// Issue 10 items 14, 15 and 16 with real `bin/videoconduit serve` processes:
// - SIGTERM mid-download used to fail the job as cancelled, keep the credit and send
//   job.failed. Now the job is handed back and the next process completes it: charged once,
//   no refund, only job.completed (delivered to a real receiver). A second SIGTERM skips the
//   grace period.
// - A busy port used to print a stack trace and keep running the job queue. Now `serve` exits
//   non-zero with one line before claiming anything.
// - Commands that write say which database they use.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/media/process/run.js';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { startReceiver, type Receiver } from '../fixtures/receiver.js';
import { REPO, testEnv } from '../helpers/service.js';

const BIN = path.join(REPO, 'bin', 'videoconduit');
const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);

interface Serve {
  child: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: string | null; at: number }>;
}

function startServe(dataDir: string, port: number, extra: Record<string, string> = {}): Serve {
  const child = spawn(BIN, ['serve'], { env: { ...process.env, ...testEnv(dataDir, { VC_PORT: String(port), VC_LOG_LEVEL: 'info', ...extra }) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  return { child, out: () => out, exited };
}

async function up(port: number, serve: Serve): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (serve.child.exitCode !== null) throw new Error(`serve exited: ${serve.out()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/version`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('serve did not start');
}

describe('serve process lifecycle', () => {
  let site: MediaSite;
  let receiver: Receiver;
  let dataDir: string;
  let key: string;
  let accountId: string;
  const db = () => new SQLite(path.join(dataDir, 'videoconduit.db'), { readonly: true });
  beforeAll(async () => {
    site = await startMediaSite({ throttleBytesPerSec: 100_000 }); // long.mp4 ≈ 6 s
    receiver = await startReceiver();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-serve-'));
    const made = spawnSync(BIN, ['accounts', 'create', '--name', 'serve', '--credits', '10', '--rate-limit', '100000', '--json'], { env: { ...process.env, ...testEnv(dataDir) }, encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    ({ api_key: key, account_id: accountId } = JSON.parse(made.stdout));
    // Item 16: the command said which database it wrote to.
    expect(made.stderr).toContain(`database: SQLite ${path.join(dataDir, 'videoconduit.db')}`);
  });
  afterAll(async () => {
    await site?.close();
    await receiver?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGTERM mid-download, then restart: the job completes, charged once, no refund, no job.failed', async () => {
    const port = freePort();
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const first = startServe(dataDir, port, { VC_SHUTDOWN_GRACE_SECONDS: '60' });
    await up(port, first);
    const res = await fetch(`http://127.0.0.1:${port}/v1/download`, { method: 'POST', headers: auth, body: JSON.stringify({ url: site.url('/media/long.mp4'), webhook_url: receiver.url('/hook') }) });
    expect(res.status).toBe(202);
    const { job_id } = (await res.json()) as { job_id: string };
    let pid: number | null = null;
    for (let i = 0; i < 200 && !pid; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const d = db();
      pid = (d.prepare('select process_pid from jobs where id = ?').get(job_id) as { process_pid: number | null }).process_pid;
      d.close();
    }
    expect(pid, first.out()).toBeTruthy();
    // First SIGTERM starts a 60 s grace period; the second one ends it.
    first.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    const second = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code, first.out()).toBe(0);
    expect(exit.at - second).toBeLessThan(10_000);
    expect(isProcessAlive(pid!)).toBe(false); // its engine was killed with it
    let d = db();
    expect(d.prepare('select status, attempts, released_attempts, error_code from jobs where id = ?').get(job_id)).toEqual({ status: 'pending', attempts: 1, released_attempts: 1, error_code: null });
    d.close();
    expect(first.out()).toMatch(/"event":"job.released"/);

    const next = startServe(dataDir, port);
    try {
      await up(port, next);
      let job: { status: string; credits_refunded: number; error: unknown } = { status: 'pending', credits_refunded: 0, error: null };
      // Polled every 100 ms for up to 90 s (a loaded machine); the key's rate limit is raised above.
      for (const until = Date.now() + 90_000; Date.now() < until && !['completed', 'failed', 'cancelled'].includes(job.status); ) {
        await new Promise((r) => setTimeout(r, 100));
        job = (await (await fetch(`http://127.0.0.1:${port}/v1/jobs/${job_id}`, { headers: auth })).json()) as typeof job;
      }
      expect(job.status, JSON.stringify(job.error)).toBe('completed');
      expect(job.credits_refunded).toBe(0);
      const events = (await receiver.waitFor('/hook', 1)).map((r) => r.json.type);
      await new Promise((r) => setTimeout(r, 500)); // nothing else may follow
      expect(receiver.received.filter((r) => r.path === '/hook').map((r) => r.json.type)).toEqual(['job.completed']);
      expect(events).toEqual(['job.completed']);
      d = db();
      expect(d.prepare('select reason, delta from ledger_entries where job_id = ?').all(job_id)).toEqual([{ reason: 'charge', delta: -1 }]);
      const { balance } = d.prepare('select credits_balance balance from accounts where id = ?').get(accountId) as { balance: number };
      expect(balance).toBe(9);
      d.close();
    } finally {
      next.child.kill('SIGTERM');
      const done = await next.exited;
      expect(done.code).toBe(0); // idle: exits at once
    }
  }, 180_000);

  it('run from another directory, the command uses the checkout\'s data dir, not ./data of the cwd', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-cwd-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.VC_DATA_DIR;
      const res = spawnSync(BIN, ['doctor', '--json'], { cwd, env, encoding: 'utf8' });
      const checks = (JSON.parse(res.stdout) as { checks: { name: string; path: string | null }[] }).checks;
      expect(checks.find((c) => c.name === 'data dir')?.path).toBe(path.join(REPO, 'data'));
      expect(fs.existsSync(path.join(cwd, 'data'))).toBe(false);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('a second serve on a busy port exits non-zero within 5 s with one line, and claims no job', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const res = spawnSync(BIN, ['keys', 'list', '--account', accountId], { env: { ...process.env, ...testEnv(dataDir) } }); // warm the tsx cache
      expect(res.status).toBe(0);
      // A pending job the second process must not touch.
      const w = new SQLite(path.join(dataDir, 'videoconduit.db'));
      const id = '01900000-0000-7000-8000-000000000001';
      const now = new Date().toISOString();
      w.prepare(
        `insert into jobs (id, account_id, job_type, status, progress, stage, request, credits_charged, credits_refunded, attempts, created_at, updated_at)
         values (?, ?, 'download', 'pending', 0, 'queued', ?, 0, 0, 0, ?, ?)`,
      ).run(id, accountId, JSON.stringify({ url: 'http://127.0.0.1:9/x.mp4' }), now, now);
      w.close();
      const t = Date.now();
      const busy = startServe(dataDir, port);
      const exit = await Promise.race([busy.exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
      if (!exit) busy.child.kill('SIGKILL');
      expect(exit, busy.out()).not.toBeNull();
      expect(exit!.code).not.toBe(0);
      expect(exit!.at - t).toBeLessThan(5000);
      expect(busy.out()).toContain(`port ${port} is in use; set VC_PORT`);
      expect(busy.out()).not.toMatch(/\n\s+at /); // no stack trace
      const d = db();
      expect(d.prepare('select status, attempts from jobs where id = ?').get(id)).toEqual({ status: 'pending', attempts: 0 });
      d.close();
    } finally {
      blocker.close();
    }
  });
});
