// The lifecycle's fences on both databases: a stale attempt's writes are refused (and emit
// nothing), an expired lease is retried then failed and refunded, a renewed lease keeps its
// job, a shutdown hands jobs back, a recovered job's old attempt publishes nothing even when
// its handler ignores the abort, and a completion refunds part of the charge exactly once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobFailure } from '../../src/errors.js';
import { JOB_TYPES } from '../../src/jobs/registry.js';
import type { JobEvent } from '../../src/queue/events.js';
import { STORES, startTestService, type TestService } from '../helpers/service.js';
import { DOWNLOAD, Gate, ledger, resetQueue, row, submit, until } from './helpers.js';

describe.each(STORES)('fencing and recovery (%s)', (kind) => {
  let svc: TestService;
  const gate = new Gate();
  const claim = (leaseMs = 30_000) => svc.lifecycle.claim({ types: JOB_TYPES, workerId: 'test-worker', leaseMs });
  const claimed = async (accountId: string, leaseMs = 30_000) => {
    const id = await submit(svc, accountId);
    const job = await claim(leaseMs);
    if (job?.id !== id) throw new Error('claimed another job');
    return { id, attempt: job.attempts };
  };

  beforeAll(async () => {
    svc = await startTestService(kind, { VC_JOB_CONCURRENCY: '1', VC_JOB_MAX_ATTEMPTS: '2' }, { startQueue: false, registry: gate.registry() });
  });
  afterEach(() => resetQueue(svc, gate));
  afterAll(async () => svc?.stop());

  it("refuses every write of a stale attempt and emits nothing for it", async () => {
    const a = await svc.account(10);
    const first = await claimed(a.id);
    expect(await svc.lifecycle.retry(first)).toBe(true);
    const second = await claim();
    expect(second).toMatchObject({ id: first.id, attempts: 2 });
    const seen: JobEvent[] = [];
    const off = svc.events.on((e) => seen.push(e));
    try {
      expect(await svc.lifecycle.heartbeat(first, 30_000)).toBe(false);
      expect(await svc.lifecycle.progress(first, 50, 'stale')).toBe(false);
      expect(await svc.lifecycle.complete(first, { stale: true })).toBe(false);
      expect(await svc.lifecycle.fail(first, jobFailure('media_error', 'stale'))).toBe(false);
      expect(await svc.lifecycle.release(first)).toBe(false);
      expect(await svc.lifecycle.retry(first)).toBe(false);
    } finally {
      off();
    }
    expect(seen).toEqual([]);
    expect(await row(svc, first.id)).toMatchObject({ status: 'processing', attempts: 2, progress: 0, result: null, released_attempts: 0 });
    expect(await ledger(svc, first.id)).toEqual([{ reason: 'charge', delta: -1 }]);
    // The current attempt still writes.
    expect(await svc.lifecycle.complete({ id: first.id, attempt: 2 }, { ok: true })).toBe(true);
  });

  it('retries a job whose lease expired, then fails it (server_error, refunded) when attempts run out', async () => {
    const a = await svc.account(10);
    const { id } = await claimed(a.id, 1);
    await new Promise((r) => setTimeout(r, 20));
    await svc.queue.maintain();
    expect(await row(svc, id)).toMatchObject({ status: 'pending', attempts: 1, worker_id: null, lease_expires_at: null });
    expect((await claim(1))?.id).toBe(id);
    await new Promise((r) => setTimeout(r, 20));
    await svc.queue.maintain();
    expect(await row(svc, id)).toMatchObject({ status: 'failed', attempts: 2, error_code: 'server_error', credits_refunded: 1 });
    expect(await ledger(svc, id)).toEqual([
      { reason: 'charge', delta: -1 },
      { reason: 'refund', delta: 1 },
    ]);
  });

  it('keeps a job whose lease was renewed after recovery read it (slow, not dead)', async () => {
    const a = await svc.account(10);
    const c = await claimed(a.id, 1);
    await new Promise((r) => setTimeout(r, 20));
    const stale = await row(svc, c.id); // what recovery read: lease expired
    expect(await svc.lifecycle.heartbeat(c, 30_000)).toBe(true); // the worker was only slow
    expect(await svc.lifecycle.recover(stale, 2)).toBeNull();
    expect(await row(svc, c.id)).toMatchObject({ status: 'processing', attempts: 1 });
  });

  it('a shutdown hands running jobs back: pending, not counted, not refunded, claimable at once', async () => {
    const a = await svc.account(10);
    const id = await submit(svc, a.id);
    svc.queue.start();
    await gate.waitStarted(id);
    await svc.queue.shutdown(0);
    expect(gate.aborted.has(id)).toBe(true);
    expect(await row(svc, id)).toMatchObject({ status: 'pending', attempts: 1, released_attempts: 1, credits_refunded: 0, process_pid: null, worker_id: null });
    expect(await ledger(svc, id)).toEqual([{ reason: 'charge', delta: -1 }]);
    gate.started.delete(id);
    svc.queue.start();
    await gate.waitStarted(id);
    gate.finish(id);
    await until(async () => (await row(svc, id)).status === 'completed', 5000, 'completion');
    expect(await row(svc, id)).toMatchObject({ attempts: 2, released_attempts: 1 });
  });

  it('an attempt whose job was recovered elsewhere stops and publishes nothing, even if its handler returns a result', async () => {
    gate.stubborn = true;
    const a = await svc.account(10);
    const id = await submit(svc, a.id);
    svc.queue.start();
    await gate.waitStarted(id);
    // Another worker's maintenance found the lease expired and put the job back.
    await svc.store.db.updateTable('jobs').set({ lease_expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
    expect(await svc.lifecycle.recover(await row(svc, id), 2)).toBe('requeued');
    await until(() => gate.aborted.has(id), 2000, 'the old attempt to be aborted');
    // The loop is free again once the old attempt has settled; it then claims the job anew.
    await until(async () => (await row(svc, id)).attempts === 2, 5000, 'the job to be claimed again');
    const after = await row(svc, id);
    expect(after).toMatchObject({ status: 'processing', attempts: 2, result: null }); // the aborted attempt's "result" was not published
    await svc.queue.shutdown(0);
  });

  it('a completion refunds part of the charge, once, and never more than the charge', async () => {
    const a = await svc.account(10);
    const first = await submit(svc, a.id, 'download', { ...DOWNLOAD, quality: 'best' }, 2);
    const c1 = await claim();
    expect(await svc.lifecycle.complete({ id: first, attempt: c1!.attempts }, { files: 1 }, { refund: 1 })).toBe(true);
    expect(await svc.lifecycle.complete({ id: first, attempt: c1!.attempts }, { files: 1 }, { refund: 1 })).toBe(false);
    expect(await row(svc, first)).toMatchObject({ status: 'completed', credits_charged: 2, credits_refunded: 1 });
    expect(await ledger(svc, first)).toEqual([
      { reason: 'charge', delta: -2 },
      { reason: 'refund_unused', delta: 1 },
    ]);
    const second = await submit(svc, a.id, 'download', DOWNLOAD, 1);
    const c2 = await claim();
    expect(await svc.lifecycle.complete({ id: second, attempt: c2!.attempts }, {}, { refund: 99 })).toBe(true);
    expect(await ledger(svc, second)).toEqual([
      { reason: 'charge', delta: -1 },
      { reason: 'refund_unused', delta: 1 },
    ]);
    const acct = await svc.store.db.selectFrom('accounts').select('credits_balance').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(acct.credits_balance).toBe(10 - 2 + 1 - 1 + 1);
  });
});
