// Accounts, keys, credits, idempotency, pagination, tenancy and the HTTP conventions,
// against both stores, through inject(). Jobs stay pending (queue not started).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db.js';
import { STORES, startTestService, type TestService } from './helpers/service.js';

const VIDEO = 'http://127.0.0.1:9/video.mp4';

describe.each(STORES)('API on %s', (kind) => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService(kind, {}, { startQueue: false });
  });
  afterAll(async () => svc?.stop());

  const post = (auth: Record<string, string>, body: unknown, headers: Record<string, string> = {}) =>
    svc.app.inject({ method: 'POST', url: '/v1/download', headers: { ...auth, ...headers }, payload: body as object });

  it('serves /api/version with the contract headers', async () => {
    const res = await svc.app.inject({ method: 'GET', url: '/api/version', headers: { 'x-request-id': 'abc-123' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ current_version: '1.0.0', versions: { v1: { status: 'active', deprecated: false, sunset: null } } });
    expect(res.headers['x-api-version']).toBe('1.0.0');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const other = await svc.app.inject({ method: 'GET', url: '/api/version' });
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects missing, unknown and deactivated keys', async () => {
    const none = await svc.app.inject({ method: 'GET', url: '/v1/account' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('unauthorized');
    const bad = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: { authorization: 'Bearer vc_nope' } });
    expect(bad.statusCode).toBe(401);
    const a = await svc.account(5);
    const ok = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ id: a.id, credits_balance: 5, plan: 'default' });
    expect(ok.json().webhook_secret_hint).toMatch(/^whsec_…/);
    const keyRow = await svc.store.db.selectFrom('api_keys').selectAll().where('account_id', '=', a.id).executeTakeFirstOrThrow();
    expect(keyRow.key_hash).not.toContain(a.key.slice(3));
    await svc.store.db.updateTable('api_keys').set({ active: 0 }).where('id', '=', keyRow.id).execute();
    const revoked = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth });
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json().code).toBe('forbidden');
  });

  it('refuses a key on the very next poll once another process deactivates or deletes it', async () => {
    // As the CLI does it: its own connection to the database, no call into this process.
    // Polling is served from a cache on SQLite; it must not outlive a revocation by one request.
    const cli = openStore({ databaseUrl: svc.config.databaseUrl, dataDir: svc.dataDir, pgSchema: svc.pgSchema ?? undefined });
    try {
      const a = await svc.account(5);
      const { job_id } = (await post(a.auth, { url: VIDEO })).json();
      const poll = () => svc.app.inject({ method: 'GET', url: `/v1/jobs/${job_id}`, headers: a.auth });
      for (let i = 0; i < 3; i++) expect((await poll()).statusCode).toBe(200);
      const keyId = (await cli.db.selectFrom('api_keys').select('id').where('account_id', '=', a.id).executeTakeFirstOrThrow()).id;
      await cli.db.updateTable('api_keys').set({ active: 0 }).where('id', '=', keyId).execute();
      expect((await poll()).json()).toMatchObject({ code: 'forbidden' });
      await cli.db.updateTable('api_keys').set({ active: 1 }).where('id', '=', keyId).execute();
      expect((await poll()).statusCode).toBe(200);
      await cli.db.updateTable('jobs').set({ status: 'cancelled' }).where('id', '=', job_id).execute();
      expect((await poll()).json()).toMatchObject({ status: 'cancelled' });
      await cli.db.deleteFrom('api_keys').where('id', '=', keyId).execute();
      expect((await poll()).json()).toMatchObject({ code: 'unauthorized' });
    } finally {
      await cli.close();
    }
  });

  it('charges on accept, refunds a cancelled pending job once, and keeps balance = sum of ledger', async () => {
    const a = await svc.account(3);
    const res = await post(a.auth, { url: VIDEO, quality: 'best', metadata: { order: 7 } });
    expect(res.statusCode).toBe(202);
    const accepted = res.json();
    expect(accepted).toMatchObject({ status: 'pending', credits_charged: 2, job_type: 'download' });
    const job = (await svc.app.inject({ method: 'GET', url: `/v1/jobs/${accepted.job_id}`, headers: a.auth })).json();
    expect(job).toMatchObject({ job_id: accepted.job_id, status: 'pending', progress: 0, metadata: { order: 7 }, result: null, download_url: null, error: null });
    expect(job.request).toMatchObject({ url: VIDEO, format: 'mp4', quality: 'best', audio_only: false, embed_metadata: true });
    const del = await svc.app.inject({ method: 'DELETE', url: `/v1/jobs/${accepted.job_id}`, headers: a.auth });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ status: 'cancelled', credits_refunded: 2, error: { code: 'cancelled' } });
    const again = await svc.app.inject({ method: 'DELETE', url: `/v1/jobs/${accepted.job_id}`, headers: a.auth });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('conflict');
    const ledger = (await svc.app.inject({ method: 'GET', url: '/v1/account/ledger', headers: a.auth })).json();
    expect(ledger.data.map((e: { reason: string; delta: number }) => [e.reason, e.delta])).toEqual([
      ['refund', 2],
      ['charge', -2],
      ['grant', 3],
    ]);
    const balance = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth })).json().credits_balance;
    expect(balance).toBe(3);
    expect(ledger.data.reduce((s: number, e: { delta: number }) => s + e.delta, 0)).toBe(balance);
  });

  it('answers 402 with required and available when the balance is short', async () => {
    const a = await svc.account(1);
    const res = await post(a.auth, { url: VIDEO, quality: '2160p' });
    expect(res.statusCode).toBe(402);
    expect(res.json()).toMatchObject({ code: 'insufficient_credits', required: 2, available: 1 });
  });

  it('accepts exactly as many jobs as the balance covers under 20 concurrent submits', async () => {
    const a = await svc.account(5);
    const results = await Promise.all(Array.from({ length: 20 }, () => post(a.auth, { url: VIDEO })));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 202)).toHaveLength(5);
    expect(codes.filter((c) => c === 402)).toHaveLength(15);
    const acct = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth })).json();
    expect(acct.credits_balance).toBe(0);
    const jobs = (await svc.app.inject({ method: 'GET', url: '/v1/jobs?limit=100', headers: a.auth })).json();
    expect(jobs.data).toHaveLength(5);
  });

  it('replays an Idempotency-Key, also under 20 parallel identical requests, and 409s on another body', async () => {
    const a = await svc.account(10);
    const body = { url: VIDEO, format: 'mkv' };
    const results = await Promise.all(Array.from({ length: 20 }, () => post(a.auth, body, { 'idempotency-key': 'k-1' })));
    expect(results.every((r) => r.statusCode === 202)).toBe(true);
    expect(new Set(results.map((r) => r.json().job_id)).size).toBe(1);
    const jobs = (await svc.app.inject({ method: 'GET', url: '/v1/jobs', headers: a.auth })).json();
    expect(jobs.data).toHaveLength(1);
    expect((await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth })).json().credits_balance).toBe(9);
    // Same body with keys in another order is the same request.
    const reordered = await post(a.auth, { format: 'mkv', url: VIDEO }, { 'idempotency-key': 'k-1' });
    expect(reordered.statusCode).toBe(202);
    expect(reordered.headers['idempotent-replayed']).toBe('true');
    const conflict = await post(a.auth, { url: VIDEO, format: 'webm' }, { 'idempotency-key': 'k-1' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('conflict');
    // Keys are scoped per account: B's identical key makes B's own job.
    const b = await svc.account(10);
    const other = await post(b.auth, body, { 'idempotency-key': 'k-1' });
    expect(other.statusCode).toBe(202);
    expect(other.json().job_id).not.toBe(results[0].json().job_id);
  });

  it("answers 404 for another account's job, exactly like a missing one", async () => {
    const a = await svc.account(5);
    const b = await svc.account(5);
    const job = (await post(a.auth, { url: VIDEO })).json();
    const foreign = await svc.app.inject({ method: 'GET', url: `/v1/jobs/${job.job_id}`, headers: b.auth });
    const missing = await svc.app.inject({ method: 'GET', url: '/v1/jobs/00000000-0000-7000-8000-000000000000', headers: b.auth });
    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(foreign.json()).toEqual(missing.json());
    for (const [method, url] of [
      ['DELETE', `/v1/jobs/${job.job_id}`],
      ['GET', `/v1/jobs/${job.job_id}/events`],
    ] as const) {
      const r = await svc.app.inject({ method, url, headers: b.auth });
      expect(r.statusCode).toBe(404);
    }
    const list = (await svc.app.inject({ method: 'GET', url: '/v1/jobs', headers: b.auth })).json();
    expect(list.data).toHaveLength(0);
    const ledger = (await svc.app.inject({ method: 'GET', url: '/v1/account/ledger', headers: b.auth })).json();
    expect(ledger.data.every((e: { job_id: string | null }) => e.job_id !== job.job_id)).toBe(true);
  });

  it('paginates newest first with cursors and filters', async () => {
    const a = await svc.account(10);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(a.auth, { url: VIDEO, format: i % 2 ? 'mp3' : 'mp4' })).json().job_id);
    const p1 = (await svc.app.inject({ method: 'GET', url: '/v1/jobs?limit=2', headers: a.auth })).json();
    expect(p1.data.map((j: { job_id: string }) => j.job_id)).toEqual([ids[4], ids[3]]);
    expect(p1.has_more).toBe(true);
    const p2 = (await svc.app.inject({ method: 'GET', url: `/v1/jobs?limit=2&cursor=${p1.next_cursor}`, headers: a.auth })).json();
    expect(p2.data.map((j: { job_id: string }) => j.job_id)).toEqual([ids[2], ids[1]]);
    const p3 = (await svc.app.inject({ method: 'GET', url: `/v1/jobs?limit=2&cursor=${p2.next_cursor}`, headers: a.auth })).json();
    expect(p3).toMatchObject({ has_more: false, next_cursor: null });
    expect(p3.data).toHaveLength(1);
    const pending = (await svc.app.inject({ method: 'GET', url: '/v1/jobs?status=pending&job_type=download&limit=100', headers: a.auth })).json();
    expect(pending.data).toHaveLength(5);
    const none = (await svc.app.inject({ method: 'GET', url: '/v1/jobs?created_after=2999-01-01T00:00:00Z', headers: a.auth })).json();
    expect(none.data).toHaveLength(0);
    const bad = await svc.app.inject({ method: 'GET', url: '/v1/jobs?limit=500', headers: a.auth });
    expect(bad.statusCode).toBe(422);
    const badCursor = await svc.app.inject({ method: 'GET', url: '/v1/jobs?cursor=zzz', headers: a.auth });
    expect(badCursor.statusCode).toBe(422);
  });
});
