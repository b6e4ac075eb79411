// Issue 10 item 13 (SSE half): event streams per API key were unbounded; each holds a socket
// and a database poll. Now VC_SSE_MAX_STREAMS_PER_KEY bounds them (429 in the error shape),
// and closing the service ends open streams instead of waiting for their jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../src/store/keys.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('event streams per API key', () => {
  let svc: TestService;
  let base: string;
  let acct: { id: string; auth: Record<string, string> };
  let jobId: string;
  beforeAll(async () => {
    svc = await startTestService('sqlite', { VC_SSE_MAX_STREAMS_PER_KEY: '2' }, { startQueue: false });
    base = await svc.app.listen({ host: '127.0.0.1', port: 0 });
    acct = await svc.account(10);
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: 'http://127.0.0.1:9/v.mp4' } });
    jobId = res.json().job_id; // stays pending: the queue is not running
  });
  afterAll(async () => svc?.stop());

  const open = async (auth: Record<string, string>) => {
    const ctl = new AbortController();
    const res = await fetch(`${base}/v1/jobs/${jobId}/events`, { headers: auth, signal: ctl.signal });
    return { res, close: () => ctl.abort() };
  };

  it('answers 429 beyond the limit, counts per key, and frees a slot when a stream closes', async () => {
    const a = await open(acct.auth);
    const b = await open(acct.auth);
    expect([a.res.status, b.res.status]).toEqual([200, 200]);
    const c = await open(acct.auth);
    expect(c.res.status).toBe(429);
    expect(c.res.headers.get('retry-after')).toBeTruthy();
    expect(await c.res.json()).toMatchObject({ code: 'rate_limited', retry_after: expect.any(Number) });
    // Another key of the same account has its own allowance.
    const { key } = await createKey(svc.store.db, acct.id, 'second');
    const other = await open({ authorization: `Bearer ${key}` });
    expect(other.res.status).toBe(200);
    a.close();
    await new Promise((r) => setTimeout(r, 200));
    const d = await open(acct.auth);
    expect(d.res.status).toBe(200);
    for (const s of [b, other, d]) s.close();
  });

  it('closing the service ends open streams (it does not wait for their jobs)', async () => {
    const { key } = await createKey(svc.store.db, acct.id, 'third');
    const s = await open({ authorization: `Bearer ${key}` });
    expect(s.res.status).toBe(200);
    const reader = s.res.body!.getReader();
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return true;
    })();
    const t = Date.now();
    await svc.close();
    expect(await ended).toBe(true);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
