// Limits that hold across API processes on PostgreSQL: two services on one schema share the
// per-key rate limit, the per-account active-job limit (exact under concurrent submits to
// both), the per-key cap on event streams, and slots whose process died expire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createService, type Service } from '../../src/service.js';
import { nowIso } from '../../src/store/ids.js';
import { startTestService, testEnv, type TestService } from '../helpers/service.js';
import { DOWNLOAD } from './helpers.js';

const ENV = { VC_SSE_MAX_STREAMS_PER_KEY: '2', VC_MAX_ACTIVE_JOBS_PER_ACCOUNT: '5' };

describe('limits shared by API processes (postgres)', () => {
  let a: TestService;
  let b: Service;
  let baseA: string;
  let baseB: string;
  beforeAll(async () => {
    a = await startTestService('postgres', { ...ENV, VC_PORT: '0' }, { startQueue: false });
    b = await createService(loadConfig(testEnv(a.dataDir, { ...ENV, VC_PORT: '0', VC_DATABASE_URL: a.config.databaseUrl! })), { pgSchema: a.pgSchema!, startQueue: false });
    baseA = await a.app.listen({ host: '127.0.0.1', port: 0 });
    baseB = await b.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await b?.close();
    await a?.stop();
  });

  it('a key’s per-minute limit counts requests to every API process', async () => {
    // Twelve requests within one minute of the database's clock (a loop that straddles a minute is run again).
    for (;;) {
      const acct = await a.account(10, { rateLimit: 10 });
      const minute = Math.floor(Date.now() / 60_000);
      const seen: [number, string][] = [];
      for (let i = 0; i < 12; i++) {
        const res = await (i % 2 ? b : a).app.inject({ method: 'GET', url: '/v1/account', headers: acct.auth });
        seen.push([res.statusCode, String(res.headers['x-ratelimit-remaining'])]);
      }
      if (Math.floor(Date.now() / 60_000) !== minute) continue;
      expect(seen).toEqual([...['9', '8', '7', '6', '5', '4', '3', '2', '1', '0'].map((r) => [200, r]), [429, '0'], [429, '0']]);
      return;
    }
  });

  it('the active-job limit is exact under concurrent submits to both processes', async () => {
    const acct = await a.account(100);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a).app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: DOWNLOAD.url } }).then((r) => r.statusCode)),
    );
    expect(results.filter((s) => s === 202).length).toBe(5);
    expect(results.filter((s) => s === 429).length).toBe(25);
    const jobs = await a.store.db.selectFrom('jobs').select('id').where('account_id', '=', acct.id).execute();
    expect(jobs.length).toBe(5);
    const bal = await a.store.db.selectFrom('accounts').select('credits_balance').where('id', '=', acct.id).executeTakeFirstOrThrow();
    expect(bal.credits_balance).toBe(95); // refused submits were rolled back with their charge
  });

  it('a key holds at most VC_SSE_MAX_STREAMS_PER_KEY event streams across processes', async () => {
    const acct = await a.account(10);
    const job = (await a.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: DOWNLOAD.url } })).json().job_id as string;
    const open = (base: string, signal: AbortSignal) => fetch(`${base}/v1/jobs/${job}/events`, { headers: acct.auth, signal });
    const c1 = new AbortController();
    const c2 = new AbortController();
    expect((await open(baseA, c1.signal)).status).toBe(200);
    expect((await open(baseB, c2.signal)).status).toBe(200);
    const third = await open(baseA, new AbortController().signal);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('5');
    c1.abort();
    // The slot is given back when the stream closes (a delete, shortly after).
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const c = new AbortController();
      const res = await open(baseB, c.signal);
      status = res.status;
      c.abort();
    }
    expect(status).toBe(200);
    c2.abort();
  });

  it('slots of a process that stopped renewing them expire', async () => {
    const key = 'acct-of-a-dead-process';
    await a.store.db
      .insertInto('limit_slots')
      .values([1, 2].map((n) => ({ id: `dead-${n}`, scope: 'info', key, holder: 'dead-process', expires_at: nowIso(Date.now() - 1000) })))
      .execute();
    const release = await a.limits.take('info', key, 2);
    expect(release).not.toBeNull();
    expect(await b.limits.take('info', key, 2)).not.toBeNull();
    expect(await b.limits.take('info', key, 2)).toBeNull();
    release!();
  });
});
