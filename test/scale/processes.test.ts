// Scale-out with real processes on this host (PostgreSQL): one API-only `serve` and
// `worker` processes sharing one schema and data dir, downloading from a throttled local
// source. kill -9 of a worker mid-download, SIGTERM of a worker, a cancel from the API, event
// streams on the API for a job a worker runs, and a worker whose database link is cut for
// longer than the lease (a TCP relay holds its bytes, as a partition does).
// test/scale/netns.test.ts runs the same scenarios across network namespaces (root).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/media/process/run.js';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { TEST_PG_URL } from '../helpers/service.js';
import { startCluster, urlWithSchema, waitFor, type Cluster, type Proc } from './cluster.js';
import { startRelay } from './tcp-relay.js';

const LONG = '/media/long.mp4'; // 560 kB: about 6 s at 100 kB/s

describe('scale-out with real processes (PostgreSQL)', () => {
  let site: MediaSite;
  let c: Cluster;
  let acct: { id: string; auth: Record<string, string> };

  beforeAll(async () => {
    site = await startMediaSite({ throttleBytesPerSec: 100_000 });
    c = await startCluster({ VC_SHUTDOWN_GRACE_SECONDS: '1' });
    await c.startApi();
    acct = await c.account(100);
  }, 120_000);
  afterEach(async () => {
    // Workers belong to one test each.
    const workers = c.procs.filter((p) => p !== c.api && p.child.exitCode === null && p.child.signalCode === null);
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
  });
  afterAll(async () => {
    await c?.close();
    await site?.close();
  });

  const submit = async (media = LONG): Promise<string> => {
    const res = await fetch(`${c.apiBase}/v1/download`, { method: 'POST', headers: acct.auth, body: JSON.stringify({ url: site.url(media) }) });
    expect(res.status).toBe(202);
    return ((await res.json()) as { job_id: string }).job_id;
  };
  /** Waits until the job's engine runs, and says on which worker. */
  const running = async (id: string, workers: Proc[]) => {
    const job = await waitFor('the engine to start', async () => {
      const j = await c.job(id);
      return j.status === 'processing' && j.process_pid ? j : null;
    });
    const ids = await Promise.all(workers.map((w) => w.workerId()));
    const holder = workers[ids.indexOf(job.worker_id!)];
    if (!holder) throw new Error(`job ${id} runs on an unknown worker ${job.worker_id}`);
    return { job, holder, other: workers.find((w) => w !== holder) ?? null };
  };
  const ended = (id: string, timeoutMs = 90_000) => waitFor('the job to end', async () => ((await c.job(id)).completed_at ? c.job(id) : null), timeoutMs, 200);
  const charges = (id: string) => c.store.db.selectFrom('ledger_entries').select(['reason', 'delta']).where('job_id', '=', id).execute();

  it('kill -9 of a worker mid-download: the other worker completes the job, charged once', async () => {
    const workers = await Promise.all([c.startWorker('w1'), c.startWorker('w2')]);
    const id = await submit();
    const { job, holder, other } = await running(id, workers);
    holder.child.kill('SIGKILL');
    await holder.exited;
    const done = await ended(id);
    expect(done, JSON.stringify({ error: done.error_detail })).toMatchObject({ status: 'completed', attempts: 2, worker_id: await other!.workerId() });
    expect(await charges(id)).toEqual([{ reason: 'charge', delta: -1 }]);
    // The dead worker's engine was killed by the recovery on this host, not left downloading.
    expect(isProcessAlive(job.process_pid!)).toBe(false);
    const view = (await (await fetch(`${c.apiBase}/v1/jobs/${id}`, { headers: acct.auth })).json()) as { download_url: string; result: { size_bytes: number } };
    const file = await fetch(view.download_url.startsWith('http') ? view.download_url : `${c.apiBase}${view.download_url}`);
    expect(file.status).toBe(200);
    expect((await file.arrayBuffer()).byteLength).toBe(view.result.size_bytes);
  });

  it('SIGTERM of a worker hands its job back; another worker completes it at once; nothing fails', async () => {
    const workers = await Promise.all([c.startWorker('w3'), c.startWorker('w4')]);
    const id = await submit();
    const { holder, other } = await running(id, workers);
    const t = Date.now();
    holder.child.kill('SIGTERM');
    expect(await holder.exited).toEqual({ code: 0, signal: null });
    const exitMs = Date.now() - t;
    const reclaimed = await waitFor('the other worker to claim it', async () => {
      const j = await c.job(id);
      return j.attempts === 2 ? Date.now() : null;
    });
    console.log(`[sigterm] worker exited ${exitMs} ms after SIGTERM (grace 1 s); job running on the other worker ${reclaimed - t} ms after SIGTERM`);
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'completed', attempts: 2, released_attempts: 1, credits_refunded: 0, error_code: null, worker_id: await other!.workerId() });
    expect(await charges(id)).toEqual([{ reason: 'charge', delta: -1 }]);
    expect(holder.out()).toContain('handing back unfinished jobs');
  });

  it("the API process streams a worker's progress (SSE), and a cancel stops the worker's engine within a second", async () => {
    const worker = await c.startWorker('w5');
    const id = await submit();
    const res = await fetch(`${c.apiBase}/v1/jobs/${id}/events`, { headers: acct.auth });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const progress: number[] = [];
    let text = '';
    const decoder = new TextDecoder();
    while (progress.filter((p) => p > 0).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      for (const block of text.split('\n\n').slice(0, -1)) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data && block.startsWith('event: progress')) progress.push((JSON.parse(data) as { progress: number }).progress);
      }
      text = text.slice(text.lastIndexOf('\n\n') + 2);
    }
    expect(new Set(progress.filter((p) => p > 0)).size).toBeGreaterThanOrEqual(2); // distinct steps from the worker
    const { job } = await running(id, [worker]);
    const t = Date.now();
    const del = await fetch(`${c.apiBase}/v1/jobs/${id}`, { method: 'DELETE', headers: { authorization: acct.auth.authorization } });
    expect(del.status).toBe(200);
    await waitFor('the engine to stop', async () => !isProcessAlive(job.process_pid!), 5000, 10);
    const stopMs = Date.now() - t;
    console.log(`[cancel] DELETE on the API -> engine process gone on the worker in ${stopMs} ms`);
    expect(stopMs).toBeLessThan(1000);
    // The stream ends with the cancellation.
    let rest = text;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += decoder.decode(value, { stream: true });
    }
    expect(rest).toContain('event: cancelled');
  });

  it('a worker cut off from the database for longer than the lease stops its engine; the other completes the job; when the link returns the first publishes nothing', async () => {
    const relay = await startRelay('127.0.0.1', Number(new URL(TEST_PG_URL).port || 5432));
    try {
      const viaRelay = new URL(TEST_PG_URL);
      viaRelay.port = String(relay.port);
      // Another host as far as recovery can tell: the other worker must not kill its engine for it.
      const cut = await c.startWorker('cut', { VC_DATABASE_URL: urlWithSchema(viaRelay.href, c.schema), VC_HOSTNAME: 'cut-off-host' });
      const id = await submit();
      const { job } = await running(id, [cut]);
      // Cut at once: the other worker starts after the cut (starting it first took long enough
      // on a loaded machine for the whole download to finish) and recovers the expired lease.
      const t = Date.now();
      relay.cut();
      const fenced = waitFor('the cut-off worker to stop its engine', async () => !isProcessAlive(job.process_pid!), 15_000, 50).then(() => Date.now() - t);
      const other = await c.startWorker('healthy');
      const fencedMs = await fenced;
      const done = await ended(id);
      console.log(`[partition] link cut: engine stopped by its own worker after ${fencedMs} ms (lease 2 s); completed elsewhere after ${Date.now() - t} ms`);
      expect(done).toMatchObject({ status: 'completed', attempts: 2, worker_id: await other.workerId() });
      relay.heal();
      await waitFor('the cut-off worker to log its fenced attempt', async () => cut.out().includes('"event":"job.lost"'), 20_000, 100);
      await new Promise((r) => setTimeout(r, 1000));
      const after = await c.job(id);
      expect(after).toMatchObject({ status: 'completed', attempts: 2, completed_at: done.completed_at, result: done.result, worker_id: done.worker_id });
      expect(await charges(id)).toEqual([{ reason: 'charge', delta: -1 }]);
      expect(cut.out()).toMatch(/job attempt fenced: stopping without a result.*database unreachable|database unreachable.*job attempt fenced/);
    } finally {
      await relay.close();
    }
  });
});
