// Issue 10 item 9: GET /v1/info extracted before charging, so 10 parallel lookups with 1
// credit ran 10 extractions (9 of them unpaid). Now the credit is reserved first (refunded
// once, in the ledger, when the lookup fails) and concurrent lookups per account are capped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { STORES, startTestService, type TestService } from '../helpers/service.js';

describe.each(STORES)('GET /v1/info reserves its credit first (%s)', (kind) => {
  let svc: TestService;
  let site: MediaSite;
  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService(kind, { VC_INFO_CACHE_SECONDS: '0', VC_INFO_MAX_CONCURRENT_PER_ACCOUNT: '20' }, { startQueue: false });
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
  });

  const info = (auth: Record<string, string>, url: string) => svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(url)}`, headers: auth });
  const fetches = (p: string) => site.requests.filter((r) => r.path === p).length;
  const ledger = async (auth: Record<string, string>) =>
    (await svc.app.inject({ method: 'GET', url: '/v1/account/ledger', headers: auth })).json().data.map((e: { reason: string; delta: number; balance_after: number }) => [e.reason, e.delta, e.balance_after]);

  it('10 parallel lookups with 1 credit: one extraction, one 200, nine 402', async () => {
    const rich = await svc.account(100);
    const path = '/media/video.webm';
    const before = fetches(path);
    expect((await info(rich.auth, site.url(path))).statusCode).toBe(200);
    const perLookup = fetches(path) - before;
    expect(perLookup).toBeGreaterThan(0);

    const poor = await svc.account(1);
    const start = fetches(path);
    const results = await Promise.all(Array.from({ length: 10 }, () => info(poor.auth, site.url(path))));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, ...Array<number>(9).fill(402)]);
    expect(fetches(path) - start).toBe(perLookup); // exactly one extraction's worth of requests
    expect(await ledger(poor.auth)).toEqual([['info', -1, 0], ['grant', 1, 1]]);
  });

  it('a failed lookup is refunded exactly once, in the ledger', async () => {
    const a = await svc.account(3);
    const res = await info(a.auth, site.url('/missing'));
    expect(res.statusCode).toBe(502);
    expect(await ledger(a.auth)).toEqual([['refund', 1, 3], ['info', -1, 2], ['grant', 3, 3]]);
    const rows = await svc.store.db.selectFrom('ledger_entries').select(['reason', 'lookup_id']).where('account_id', '=', a.id).where('reason', '!=', 'grant').execute();
    expect(rows[0]?.lookup_id).toBeTruthy();
    expect(rows.map((r) => r.lookup_id)).toEqual([rows[0]?.lookup_id, rows[0]?.lookup_id]);
  });
});

describe('GET /v1/info concurrency cap per account', () => {
  let svc: TestService;
  let site: MediaSite;
  beforeAll(async () => {
    site = await startMediaSite();
    svc = await startTestService('sqlite', { VC_INFO_CACHE_SECONDS: '0', VC_INFO_MAX_CONCURRENT_PER_ACCOUNT: '2', VC_INFO_TIMEOUT_SECONDS: '3' }, { startQueue: false });
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
  });

  it('answers 429 with Retry-After beyond the cap, charges nothing for it, and leaves other accounts alone', async () => {
    const a = await svc.account(100);
    const b = await svc.account(100);
    const slow = site.url('/slow/video.mp4'); // dribbles at 1 KiB/s: the lookups overlap
    const lookup = (auth: Record<string, string>) => svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(slow)}`, headers: auth });
    const mine = Array.from({ length: 4 }, () => lookup(a.auth));
    await new Promise((r) => setTimeout(r, 300));
    const other = lookup(b.auth);
    const results = await Promise.all(mine);
    const limited = results.filter((r) => r.statusCode === 429);
    expect(limited).toHaveLength(2);
    expect(limited[0]?.json()).toMatchObject({ code: 'rate_limited', retry_after: expect.any(Number) });
    expect(limited[0]?.headers['retry-after']).toBeDefined();
    expect((await other).statusCode).not.toBe(429);
    // Only lookups that ran and succeeded are paid for: the refused ones never reserved.
    const paid = results.filter((r) => r.statusCode === 200).length;
    const balance = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth })).json().credits_balance;
    expect(balance).toBe(100 - paid);
  });
});
