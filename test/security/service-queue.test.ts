// Issue 10 item 13 (queue half):
// - a job cancelled while its result was being published left files/<id> forever (nothing
//   serves or sweeps the outputs of a cancelled job);
// - lease recovery killed the process group of the stored pid even when that pid now belongs
//   to another process (reused after a reboot): the process start time is recorded and checked;
//   with several hosts (issue 11) the host name is part of it, and only the host that recorded
//   a pid kills it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/media/process/run.js';
import { Attempt, outputDirOf } from '../../src/queue/attempt.js';
import { processIdentity } from '../../src/queue/process-identity.js';
import { JOB_TYPES } from '../../src/jobs/registry.js';
import { STORES, startTestService, type TestService } from '../helpers/service.js';

describe.each(STORES)('settling an attempt (%s)', (kind) => {
  let svc: TestService;
  let auth: Record<string, string>;
  beforeAll(async () => {
    svc = await startTestService(kind, {}, { startQueue: false });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => svc?.stop());

  async function claimedJobWithOutput() {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: auth, payload: { url: 'http://127.0.0.1:9/v.mp4' } });
    const jobId = res.json().job_id as string;
    const claim = () => svc.lifecycle.claim({ types: JOB_TYPES, workerId: 'test', leaseMs: 30_000 });
    let job = await claim();
    while (job && job.id !== jobId) job = await claim();
    if (!job) throw new Error('job not claimed');
    // The attempt's scratch output folder, as a handler leaves it.
    const scratch = outputDirOf(svc.config, job);
    fs.mkdirSync(scratch, { recursive: true });
    fs.writeFileSync(path.join(scratch, 'out.mp4'), 'result');
    const attempt = new Attempt(job, { ...svc, log: () => {} });
    return { job, scratch, dir: path.join(svc.dataDir, 'files', job.id), attempt };
  }

  it('a job cancelled while its result is published keeps no files', async () => {
    const { job, scratch, dir, attempt } = await claimedJobWithOutput();
    const del = await svc.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}`, headers: auth });
    expect(del.json().status).toBe('cancelled');
    expect(await attempt.settle({ ok: true, result: { filename: 'out.mp4', mime_type: 'video/mp4' } })).toBe('cancelled');
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(scratch)).toBe(false);
    expect((await svc.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}`, headers: auth })).json()).toMatchObject({ status: 'cancelled', download_url: null });
  });

  it('a job recovered by another worker meanwhile keeps the new attempt’s files, and the stale attempt publishes nothing', async () => {
    const { job, dir, attempt } = await claimedJobWithOutput();
    await svc.lifecycle.retry({ id: job.id, attempt: job.attempts });
    const next = await svc.lifecycle.claim({ types: JOB_TYPES, workerId: 'test', leaseMs: 30_000 }); // the new attempt
    const newer = path.join(dir, String(next!.attempts));
    fs.mkdirSync(newer, { recursive: true });
    fs.writeFileSync(path.join(newer, 'out.mp4'), 'new result');
    expect(await attempt.settle({ ok: true, result: { filename: 'out.mp4' } })).toBe('lost');
    expect(fs.readdirSync(dir)).toEqual([String(next!.attempts)]);
    expect(fs.readFileSync(path.join(newer, 'out.mp4'), 'utf8')).toBe('new result');
  });
});

describe('lease recovery kills only the recorded process', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService('sqlite', { VC_JOB_MAX_ATTEMPTS: '3' }, { startQueue: false });
  });
  afterAll(async () => svc?.stop());

  async function orphan(identity: (pid: number) => string | null) {
    const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    child.unref();
    const pid = child.pid!;
    const a = await svc.account(10);
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: a.auth, payload: { url: 'http://127.0.0.1:9/v.mp4' } });
    const id = res.json().job_id as string;
    await svc.store.db
      .updateTable('jobs')
      .set({ status: 'processing', attempts: 1, process_pid: pid, process_start: identity(pid), lease_expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    return { pid, id };
  }

  it('leaves a pid alone whose start time differs (reused pid), and kills the same process', async () => {
    const host = svc.config.hostName;
    const reused = await orphan((pid) => processIdentity(pid, host)!.replace(/\/\d+$/, '/1')); // same boot, other start
    const rebooted = await orphan(() => `${host}/00000000-0000-0000-0000-000000000000/12345`);
    const elsewhere = await orphan((pid) => processIdentity(pid, 'another-host'));
    const same = await orphan((pid) => processIdentity(pid, host));
    try {
      await svc.queue.maintain();
      await new Promise((r) => setTimeout(r, 200));
      expect(isProcessAlive(reused.pid)).toBe(true);
      expect(isProcessAlive(rebooted.pid)).toBe(true);
      expect(isProcessAlive(elsewhere.pid)).toBe(true); // recorded by another host: not ours to kill
      expect(isProcessAlive(same.pid)).toBe(false);
      // All four jobs were recovered either way.
      for (const { id } of [reused, rebooted, elsewhere, same]) {
        const row = await svc.store.db.selectFrom('jobs').select(['status', 'process_pid']).where('id', '=', id).executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'pending', process_pid: null });
      }
    } finally {
      for (const { pid } of [reused, rebooted, elsewhere, same]) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  });
});
