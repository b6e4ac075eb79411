// Issue 15 on the lifecycle, on both databases: a job's secrets (its cookies) live exactly as
// long as the job — kept by every hand-back (shutdown release, retry, recovery's requeue) for
// the next attempt, deleted in the transaction of every end (complete, fail, recovery's fail,
// cancel) — and a playlist's per-item charge comes back once: the undelivered share with the
// completion (`refund_unused`), or the whole charge when every entry failed (`refund`), never both.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobFailure } from '../../src/errors.js';
import { unusedShare } from '../../src/jobs/download-playlist.js';
import { JOB_TYPES, priceOf, registry } from '../../src/jobs/registry.js';
import { refundJob } from '../../src/store/accounts.js';
import { sealSecrets, secretsKey } from '../../src/store/job-secrets.js';
import { COOKIES_TXT, MEMBER_COOKIE } from '../helpers/downloads.js';
import { STORES, startTestService, type TestService } from '../helpers/service.js';
import { DOWNLOAD, Gate, ledger, resetQueue, row, until } from './helpers.js';

describe.each(STORES)('job secrets and playlist refunds on the lifecycle (%s)', (kind) => {
  let svc: TestService;
  const gate = new Gate();
  const claim = (leaseMs = 30_000) => svc.lifecycle.claim({ types: JOB_TYPES, workerId: 'test-worker', leaseMs });
  const secretOf = async (id: string) => (await svc.store.db.selectFrom('job_secrets').select('job_id').where('job_id', '=', id).executeTakeFirst()) ?? null;
  /** A download accepted with cookies, as POST /v1/download does (request without them). */
  const submitWithCookies = async (accountId: string, request: Record<string, unknown> = DOWNLOAD, cost = 1) => {
    const key = secretsKey(svc.signingSecret);
    const accepted = await svc.lifecycle.submit({ accountId, jobType: 'download', request, metadata: null, webhookUrl: null, cost, sealSecrets: (id) => sealSecrets(key, id, { cookies: COOKIES_TXT }) }, null);
    const id = accepted.body.job_id as string;
    expect(await secretOf(id)).not.toBeNull();
    expect((await row(svc, id)).request).not.toContain(MEMBER_COOKIE.value);
    return id;
  };

  beforeAll(async () => {
    svc = await startTestService(kind, { VC_JOB_CONCURRENCY: '1', VC_JOB_MAX_ATTEMPTS: '2' }, { startQueue: false, registry: gate.registry() });
  });
  afterEach(() => resetQueue(svc, gate));
  afterAll(async () => svc?.stop());

  it('deletes them with a completion, a failure and a cancel (pending or processing)', async () => {
    const a = await svc.account(10);
    const done = await submitWithCookies(a.id);
    const c1 = await claim();
    expect(await svc.lifecycle.complete({ id: done, attempt: c1!.attempts }, { ok: 1 })).toBe(true);
    expect(await secretOf(done)).toBeNull();

    const failed = await submitWithCookies(a.id);
    const c2 = await claim();
    expect(await svc.lifecycle.fail({ id: failed, attempt: c2!.attempts }, jobFailure('upstream_error', 'members only'))).toBe(true);
    expect(await secretOf(failed)).toBeNull();

    const pending = await submitWithCookies(a.id);
    expect((await svc.lifecycle.cancel(pending, a.id)).outcome).toBe('cancelled');
    expect(await secretOf(pending)).toBeNull();

    const running = await submitWithCookies(a.id);
    await claim();
    expect(await svc.lifecycle.cancel(running, a.id)).toMatchObject({ outcome: 'cancelled', wasProcessing: true });
    expect(await secretOf(running)).toBeNull();
  });

  it('keeps them through a retry and an expired lease, and deletes them when recovery fails the job', async () => {
    const a = await svc.account(10);
    const id = await submitWithCookies(a.id);
    const first = await claim();
    expect(await svc.lifecycle.retry({ id, attempt: first!.attempts })).toBe(true);
    expect(await secretOf(id)).not.toBeNull();
    await claim(1);
    await new Promise((r) => setTimeout(r, 20));
    // Attempt 2 of 2 ran out of lease: recovery fails it (server_error, refunded).
    expect(await svc.lifecycle.recover(await row(svc, id), 2)).toBe('failed');
    expect(await row(svc, id)).toMatchObject({ status: 'failed', error_code: 'server_error' });
    expect(await secretOf(id)).toBeNull();

    const requeued = await submitWithCookies(a.id);
    await claim(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await svc.lifecycle.recover(await row(svc, requeued), 2)).toBe('requeued');
    expect(await secretOf(requeued)).not.toBeNull();
  });

  it('a shutdown hands the job back with its cookies: the next attempt gets them in a 0600 file', async () => {
    const a = await svc.account(10);
    const id = await submitWithCookies(a.id);
    svc.queue.start();
    await gate.waitStarted(id);
    const firstFile = gate.started.get(id)!.ctx.cookies?.file;
    expect(firstFile && fs.readFileSync(firstFile, 'utf8')).toContain(MEMBER_COOKIE.value);
    await svc.queue.shutdown(0);
    expect(await row(svc, id)).toMatchObject({ status: 'pending', released_attempts: 1 });
    expect(await secretOf(id)).not.toBeNull();
    expect(fs.existsSync(firstFile!)).toBe(false); // the attempt's scratch went with it

    gate.started.delete(id);
    svc.queue.start();
    await gate.waitStarted(id);
    const again = gate.started.get(id)!.ctx.cookies!.file;
    expect(fs.statSync(again).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(again, 'utf8')).toContain(MEMBER_COOKIE.value);
    gate.finish(id);
    await until(async () => (await row(svc, id)).status === 'completed', 5000, 'completion');
    expect(await secretOf(id)).toBeNull();
  });

  it('a playlist is charged per item for max_items and gets the undelivered share back once, with the completion', async () => {
    const a = await svc.account(20);
    const request = { ...DOWNLOAD, playlist: true, max_items: 5, subtitles_source: 'whisper', subtitles_mode: 'files' };
    const price = priceOf(registry, 'download', request);
    expect(price).toBe((1 + 3) * 5); // a download and a transcription per item
    const id = await submitWithCookies(a.id, request, price);
    svc.queue.start();
    await gate.waitStarted(id);
    const ctx = gate.started.get(id)!.ctx;
    expect(ctx.creditsCharged).toBe(20);
    // 2 of 5 delivered (a shorter playlist and a failed entry count alike): 3 items back.
    gate.finish(id, { ok: true, result: { files: [] }, refund: unusedShare(ctx.creditsCharged, 3, 5) });
    await until(async () => (await row(svc, id)).status === 'completed', 5000, 'completion');
    expect(await row(svc, id)).toMatchObject({ credits_charged: 20, credits_refunded: 12 });
    // Neither a second refund of the same reason nor one of the other reason gives more.
    expect(await refundJob(svc.store.db, a.id, id, 12, 'refund_unused')).toBe(0);
    expect(await refundJob(svc.store.db, a.id, id, 20, 'refund')).toBe(0);
    expect(await ledger(svc, id)).toEqual([
      { reason: 'charge', delta: -20 },
      { reason: 'refund_unused', delta: 12 },
    ]);
    expect(await secretOf(id)).toBeNull();
  });

  it('a playlist whose entries all failed fails, refunded in full once, with no unused-part refund', async () => {
    const a = await svc.account(10);
    const request = { ...DOWNLOAD, playlist: true, max_items: 4 };
    const id = await submitWithCookies(a.id, request, priceOf(registry, 'download', request));
    svc.queue.start();
    await gate.waitStarted(id);
    gate.finish(id, { ok: false, failure: jobFailure('upstream_error', 'entry 1: HTTP Error 404') });
    await until(async () => (await row(svc, id)).status === 'failed', 5000, 'failure');
    expect(await refundJob(svc.store.db, a.id, id, 4, 'refund_unused')).toBe(0);
    expect(await ledger(svc, id)).toEqual([
      { reason: 'charge', delta: -4 },
      { reason: 'refund', delta: 4 },
    ]);
    expect(await row(svc, id)).toMatchObject({ credits_refunded: 4 });
    expect(await secretOf(id)).toBeNull();
    const acct = await svc.store.db.selectFrom('accounts').select('credits_balance').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(acct.credits_balance).toBe(10);
  });

  it('a stored playlist request with a wrong v1.1 field fails at claim (server_error, refunded) before its handler', async () => {
    const a = await svc.account(10);
    const id = await submitWithCookies(a.id, { ...DOWNLOAD, playlist: true, max_items: 0 });
    svc.queue.start();
    await until(async () => (await row(svc, id)).status === 'failed', 5000, 'failure');
    expect(gate.started.has(id)).toBe(false);
    expect(await row(svc, id)).toMatchObject({ error_code: 'server_error', error_detail: expect.stringContaining('max_items') });
    expect(await secretOf(id)).toBeNull();
  });
});
