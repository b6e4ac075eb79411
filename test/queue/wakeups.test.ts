// Notifications instead of polling: idle loops poll only every 60 s here, so every wake-up
// below came through a notification. SQLite: in-process. PostgreSQL: across runtimes (an API
// process and workers, each with its own LISTEN connection), including a reconnect after the
// database dropped the connection. Latencies are printed, and bounded generously.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Runtime } from '../../src/service.js';
import { STORES, startTestService, type TestService } from '../helpers/service.js';
import { Gate, otherRuntime, row, submit, until } from './helpers.js';

const NO_POLL = 60_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe.each(STORES)('wake-ups in one process (%s)', (kind) => {
  let svc: TestService;
  const gate = new Gate();
  beforeAll(async () => {
    svc = await startTestService(kind, { VC_JOB_CONCURRENCY: '2' }, { startQueue: false, registry: gate.registry(), pollMs: NO_POLL });
    svc.queue.start();
    await new Promise((r) => setTimeout(r, 100)); // loops idle
  });
  afterAll(async () => svc?.stop());

  it('a submitted job is claimed at once, not at the next poll', async () => {
    const a = await svc.account(100);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t = Date.now();
      const id = await submit(svc, a.id);
      waits.push((await gate.waitStarted(id, 5000)) - t);
      gate.finish(id);
      await until(async () => (await row(svc, id)).status === 'completed', 5000, 'completion');
    }
    console.log(`[wake-up ${kind}] submit -> handler started p50 ${median(waits)} ms (max ${Math.max(...waits)})`);
    expect(median(waits)).toBeLessThan(200);
  });
});

describe('wake-ups across processes (postgres)', () => {
  let api: TestService;
  let w1: Runtime;
  let w2: Runtime | null = null;
  const gate = new Gate();
  beforeAll(async () => {
    api = await startTestService('postgres', { VC_JOB_CONCURRENCY: '0' }, { startQueue: false, registry: gate.registry(), pollMs: NO_POLL });
    api.start();
    w1 = await otherRuntime(api, { VC_JOB_CONCURRENCY: '2' }, { registry: gate.registry(), pollMs: NO_POLL });
    w1.start();
    await until(() => w1.listener?.connected() === true && api.listener?.connected() === true, 10_000, 'LISTEN connections');
  });
  afterAll(async () => {
    await w2?.close();
    await w1?.close();
    await api?.stop();
  });

  it('a job accepted by the API process wakes a worker at once', async () => {
    const a = await api.account(100);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t = Date.now();
      const id = await submit(api, a.id);
      waits.push((await gate.waitStarted(id, 5000)) - t);
      gate.finish(id);
    }
    console.log(`[wake-up postgres] submit on the API -> worker handler started p50 ${median(waits)} ms (max ${Math.max(...waits)})`);
    expect(median(waits)).toBeLessThan(200);
  });

  it("the API process hears a worker's progress, and a cancel reaches the worker's handler within a second", async () => {
    const a = await api.account(100);
    const id = await submit(api, a.id);
    await gate.waitStarted(id);
    let heard = 0;
    const off = api.events.onJob(id, () => (heard = Date.now()));
    await new Promise((r) => setTimeout(r, 50));
    heard = 0;
    const t = Date.now();
    gate.started.get(id)!.ctx.progress(42, 'downloading');
    await until(() => heard > 0, 2000, 'the progress notification');
    off();
    console.log(`[events postgres] worker progress -> API process notified in ${heard - t} ms`);
    expect(heard - t).toBeLessThan(500);
    const c = Date.now();
    expect((await api.lifecycle.cancel(id, a.id)).outcome).toBe('cancelled');
    await until(() => gate.aborted.has(id), 2000, 'the abort');
    console.log(`[cancel postgres] cancel on the API -> worker handler aborted in ${gate.aborted.get(id)! - c} ms`);
    expect(gate.aborted.get(id)! - c).toBeLessThan(1000);
    await until(async () => !w1.queue.runningJobs().includes(id), 5000, 'the attempt to end');
    expect(await row(api, id)).toMatchObject({ status: 'cancelled', progress: 42, credits_refunded: 0 });
  });

  it("a worker's shutdown hands its job to another worker at once", async () => {
    const a = await api.account(100);
    w2 = await otherRuntime(api, { VC_JOB_CONCURRENCY: '1' }, { registry: gate.registry(), pollMs: NO_POLL });
    await until(() => w2!.listener?.connected() === true, 10_000, 'the second LISTEN connection');
    const id = await submit(api, a.id);
    await gate.waitStarted(id); // on w1: w2 is not started yet
    w2.start();
    gate.started.delete(id);
    const t = Date.now();
    await w1.queue.shutdown(0);
    const started = await gate.waitStarted(id, 5000);
    console.log(`[release postgres] worker shutdown -> job started on the other worker in ${started - t} ms`);
    expect(started - t).toBeLessThan(1500);
    expect(await row(api, id)).toMatchObject({ status: 'processing', attempts: 2, released_attempts: 1, worker_id: w2.presence.id });
    gate.finish(id);
    await until(async () => (await row(api, id)).status === 'completed', 5000, 'completion');
  });

  it('the LISTEN connection comes back after the database dropped it', async () => {
    const worker = w2!;
    // Only this test's connections: other test files listen on their own channels.
    const name = `videoconduit listen ${api.events.channel!}`.slice(0, 63);
    const dropped = await sql<{ ok: boolean }>`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = ${name}`.execute(api.store.db);
    expect(dropped.rows.length).toBeGreaterThanOrEqual(2); // the API's and the worker's
    await until(() => worker.listener?.connected() === false, 5000, 'the worker to notice').catch(() => undefined);
    await until(() => worker.listener?.connected() === true, 10_000, 'the worker to reconnect');
    const a = await api.account(100);
    const t = Date.now();
    const id = await submit(api, a.id);
    const started = await gate.waitStarted(id, 5000);
    expect(started - t).toBeLessThan(1000);
    gate.finish(id);
  });
});
