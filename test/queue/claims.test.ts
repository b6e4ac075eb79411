// Which job a claim takes, on both databases: oldest first within an account, rotation across
// accounts (least recently served first), a 500-job backlog delaying another account by at
// most one slot per loop, SKIP LOCKED under concurrent claims, per-type caps, and the payload
// check at claim time. Handlers are injected (test/queue/helpers.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JOB_TYPES } from '../../src/jobs/registry.js';
import { STORES, startTestService, type TestService } from '../helpers/service.js';
import { DOWNLOAD, Gate, ledger, resetQueue, row, submit, TRANSCRIBE, until } from './helpers.js';

describe.each(STORES)('claims (%s)', (kind) => {
  let svc: TestService;
  const gate = new Gate();
  const claim = () => svc.lifecycle.claim({ types: JOB_TYPES, workerId: 'test-worker', leaseMs: 30_000 });

  beforeAll(async () => {
    svc = await startTestService(kind, { VC_JOB_CONCURRENCY: '3', VC_WHISPER_WORKERS: '1', VC_MAX_ACTIVE_JOBS_PER_ACCOUNT: '1000' }, { startQueue: false, registry: gate.registry() });
  });
  afterEach(() => resetQueue(svc, gate));
  afterAll(async () => svc?.stop());

  it('takes the oldest job of an account first', async () => {
    const a = await svc.account(100);
    const ids = [await submit(svc, a.id), await submit(svc, a.id), await submit(svc, a.id)];
    const got = [(await claim())?.id, (await claim())?.id, (await claim())?.id];
    expect(got).toEqual(ids);
    expect(await claim()).toBeUndefined();
    expect(await row(svc, ids[0])).toMatchObject({ status: 'processing', attempts: 1, worker_id: 'test-worker', stage: 'starting' });
  });

  it('rotates across accounts: the account served least recently goes next', async () => {
    const [a, b, c] = [await svc.account(100), await svc.account(100), await svc.account(100)];
    const jobs: Record<string, string> = {};
    for (let i = 1; i <= 5; i++) jobs[await submit(svc, a.id)] = `A${i}`;
    for (let i = 1; i <= 2; i++) jobs[await submit(svc, b.id)] = `B${i}`;
    jobs[await submit(svc, c.id)] = 'C1';
    const order: string[] = [];
    for (let i = 0; i < 8; i++) order.push(jobs[(await claim())!.id]);
    // A, B and C were never served: oldest job first (A1); then B and C, which waited longest.
    expect(order).toEqual(['A1', 'B1', 'C1', 'A2', 'B2', 'A3', 'A4', 'A5']);
  });

  it('a backlog of 500 jobs delays another account’s job by at most one slot per loop', async () => {
    const heavy = await svc.account(1000);
    const light = await svc.account(10);
    for (let i = 0; i < 500; i += 25) await Promise.all(Array.from({ length: 25 }, () => submit(svc, heavy.id)));
    gate.autoFinishMs = 30;
    svc.queue.start(); // 3 loops
    await until(() => gate.started.size >= 10, 20_000, 'the backlog to run');
    const lightJob = await submit(svc, light.id);
    await gate.waitStarted(lightJob);
    // Claims (started_at is written by the claim) between the light job's acceptance and its claim.
    const lightRow = await row(svc, lightJob);
    const between = await svc.store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', heavy.id)
      .where('started_at', '>', lightRow.created_at)
      .where('started_at', '<', lightRow.started_at!)
      .executeTakeFirstOrThrow();
    const heavyInBetween = Number(between.n);
    console.log(`[fairness ${kind}] heavy jobs claimed between the light job's submit and its claim: ${heavyInBetween} (3 loops busy)`);
    expect(heavyInBetween).toBeLessThanOrEqual(1);
  });

  it('concurrent claims never take the same job (SKIP LOCKED on PostgreSQL)', async () => {
    const a = await svc.account(100);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(await submit(svc, a.id));
    const got = (await Promise.all(Array.from({ length: 25 }, () => claim()))).filter((j) => j && ids.has(j.id)).map((j) => j!.id);
    expect(got.length).toBe(20);
    expect(new Set(got).size).toBe(20);
  });

  it('caps a type group per worker: one transcription at a time with VC_WHISPER_WORKERS=1', async () => {
    const a = await svc.account(100);
    const t1 = await submit(svc, a.id, 'transcribe', TRANSCRIBE, 3);
    const t2 = await submit(svc, a.id, 'transcribe', TRANSCRIBE, 3);
    const d1 = await submit(svc, a.id);
    svc.queue.start();
    await gate.waitStarted(t1);
    await gate.waitStarted(d1); // the download passes the waiting transcription
    await new Promise((r) => setTimeout(r, 300));
    expect(gate.started.has(t2)).toBe(false);
    expect((await row(svc, t2)).status).toBe('pending');
    gate.finish(t1);
    await gate.waitStarted(t2);
    gate.finish(t2);
    gate.finish(d1);
    await until(async () => (await row(svc, t2)).status === 'completed', 5000, 't2 to complete');
  });

  it('a stored request that fails its schema fails the job at claim time (server_error, refunded)', async () => {
    const a = await svc.account(10);
    const bad = await submit(svc, a.id, 'download', { ...DOWNLOAD, quality: 'enormous', audio_only: 'no' });
    svc.queue.start();
    await until(async () => (await row(svc, bad)).status === 'failed', 5000, 'the job to fail');
    const job = await row(svc, bad);
    expect(job).toMatchObject({ error_code: 'server_error', credits_refunded: 1 });
    expect(job.error_detail).toMatch(/stored request of this download job is not valid \(\/(quality|audio_only)/);
    expect(gate.started.has(bad)).toBe(false); // the handler never saw it
    expect(await ledger(svc, bad)).toEqual([
      { reason: 'charge', delta: -1 },
      { reason: 'refund', delta: 1 },
    ]);
  });
});
