// Issue 10 item 14 (in process): a shutdown lets running jobs finish within the grace period
// and hands the rest back (pending, attempt not counted, no refund, no webhook, engine
// killed) instead of failing them as "cancelled" and keeping the credit. Item 15: the queue
// starts only once the port is bound.
// test/security/service-serve.test.ts does the same with real `serve` processes and signals.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/media/process/run.js';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('queue shutdown', () => {
  let site: MediaSite;
  beforeAll(async () => {
    site = await startMediaSite({ throttleBytesPerSec: 100_000 }); // video.mp4 ≈ 3 s, long.mp4 ≈ 6 s
  });
  afterAll(async () => site?.close());

  async function running(svc: TestService, media: string) {
    const a = await svc.account(10);
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: a.auth, payload: { url: site.url(media), webhook_url: 'http://127.0.0.1:9/hook' } });
    const id = res.json().job_id as string;
    for (let i = 0; i < 200; i++) {
      const row = await svc.store.db.selectFrom('jobs').select(['process_pid']).where('id', '=', id).executeTakeFirstOrThrow();
      if (row.process_pid) return { id, pid: row.process_pid, auth: a.auth };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the download never started');
  }
  const row = (svc: TestService, id: string) => svc.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const ledger = (svc: TestService, id: string) => svc.store.db.selectFrom('ledger_entries').select(['reason', 'delta']).where('job_id', '=', id).execute();
  const deliveries = (svc: TestService, id: string) => svc.store.db.selectFrom('webhook_deliveries').select('id').where('job_id', '=', id).execute();

  it('a job that finishes within the grace period completes', async () => {
    const svc = await startTestService('sqlite');
    try {
      const { id } = await running(svc, '/media/video.mp4');
      await svc.queue.shutdown(60_000);
      expect((await row(svc, id)).status).toBe('completed');
    } finally {
      await svc.stop();
    }
  });

  it('one still running when the grace ends goes back to pending: not counted, not refunded, no webhook, engine killed', async () => {
    const svc = await startTestService('sqlite', { VC_JOB_MAX_ATTEMPTS: '1' });
    try {
      const { id, pid } = await running(svc, '/media/long.mp4');
      const t = Date.now();
      await svc.queue.shutdown(1000);
      expect(Date.now() - t).toBeLessThan(8000);
      expect(await row(svc, id)).toMatchObject({ status: 'pending', stage: 'queued', attempts: 1, released_attempts: 1, process_pid: null, error_code: null, credits_refunded: 0 });
      expect(await ledger(svc, id)).toEqual([{ reason: 'charge', delta: -1 }]);
      expect(await deliveries(svc, id)).toEqual([]);
      expect(isProcessAlive(pid)).toBe(false);
      // With one attempt allowed, the handed-back attempt must not use it up.
      svc.queue.start();
      for (let i = 0; i < 300 && !['completed', 'failed'].includes((await row(svc, id)).status); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await row(svc, id)).toMatchObject({ status: 'completed', attempts: 2, released_attempts: 1 });
      expect(await ledger(svc, id)).toEqual([{ reason: 'charge', delta: -1 }]);
    } finally {
      await svc.stop();
    }
  });
});

describe('listen before the queue', () => {
  it('a port that cannot be bound rejects listen() and no job is claimed', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    const svc = await startTestService('sqlite', { VC_PORT: String(port) }, { startQueue: false });
    try {
      const a = await svc.account(10);
      const id = (await svc.app.inject({ method: 'POST', url: '/v1/download', headers: a.auth, payload: { url: 'http://127.0.0.1:9/v.mp4' } })).json().job_id as string;
      await expect(svc.listen()).rejects.toMatchObject({ code: 'EADDRINUSE' });
      await new Promise((r) => setTimeout(r, 1500)); // a started queue would claim within its 1 s poll
      expect(await svc.store.db.selectFrom('jobs').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'pending', attempts: 0 });
    } finally {
      await svc.stop();
      blocker.close();
    }
  });
});
