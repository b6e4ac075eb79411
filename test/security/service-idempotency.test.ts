// Issue 10 item 12: Idempotency-Key was honoured on job POSTs only; the contract (§4) says any
// POST. A retried webhook create made a second endpoint, a retried rotate-secret rotated twice
// (the first new secret, never seen by the caller, kept signing). Now every authenticated POST
// replays its first 2xx response for the same key and body, and answers 409 for another body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES, startTestService, type TestService } from '../helpers/service.js';

describe.each(STORES)('Idempotency-Key on every POST (%s)', (kind) => {
  let svc: TestService;
  let auth: Record<string, string>;
  let accountId: string;
  beforeAll(async () => {
    svc = await startTestService(kind, {}, { startQueue: false });
    const a = await svc.account(10);
    auth = a.auth;
    accountId = a.id;
  });
  afterAll(async () => svc?.stop());

  const post = (url: string, key: string, payload?: object) =>
    svc.app.inject({ method: 'POST', url, headers: { ...auth, 'idempotency-key': key }, ...(payload ? { payload } : {}) });
  const hook = { url: 'http://127.0.0.1:9/hook', events: ['job.completed'] };
  const endpoints = async () => (await svc.store.db.selectFrom('webhook_endpoints').select('id').where('account_id', '=', accountId).execute()).length;

  it('POST /v1/webhooks: a retry replays the endpoint (and its secret); another body is 409', async () => {
    const before = await endpoints();
    const first = await post('/v1/webhooks', 'create-1', hook);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post('/v1/webhooks', 'create-1', hook);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await endpoints()).toBe(before + 1);
    const other = await post('/v1/webhooks', 'create-1', { ...hook, description: 'different' });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('conflict');
  });

  it('parallel identical creates make one endpoint and all get its response', async () => {
    const before = await endpoints();
    const results = await Promise.all(Array.from({ length: 8 }, () => post('/v1/webhooks', 'create-par', hook)));
    expect(results.map((r) => r.statusCode)).toEqual(Array<number>(8).fill(201));
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await endpoints()).toBe(before + 1);
  });

  it('rotate-secret, test and the account secret rotation run once per key', async () => {
    const ep = (await post('/v1/webhooks', 'create-2', hook)).json();
    const r1 = await post(`/v1/webhooks/${ep.id}/rotate-secret`, 'rot-1');
    const r2 = await post(`/v1/webhooks/${ep.id}/rotate-secret`, 'rot-1');
    expect(r1.statusCode).toBe(200);
    expect(r2.json().secret).toBe(r1.json().secret);
    const row = await svc.store.db.selectFrom('webhook_endpoints').select(['secret', 'previous_secret']).where('id', '=', ep.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ secret: r1.json().secret, previous_secret: ep.secret }); // rotated once

    const t1 = await post(`/v1/webhooks/${ep.id}/test`, 'test-1');
    const t2 = await post(`/v1/webhooks/${ep.id}/test`, 'test-1');
    expect(t2.json().event_id).toBe(t1.json().event_id);
    const deliveries = await svc.store.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', ep.id).execute();
    expect(deliveries).toHaveLength(1);

    const a1 = await post('/v1/account/webhook-secret/rotate', 'acct-1');
    const a2 = await post('/v1/account/webhook-secret/rotate', 'acct-1');
    expect(a2.json().webhook_secret).toBe(a1.json().webhook_secret);
    // The same key on another route is another request: 409, not a replay of the wrong thing.
    expect((await post('/v1/webhooks', 'acct-1', hook)).statusCode).toBe(409);
  });

  it('errors are not stored: a retry after a 4xx runs again', async () => {
    const bad = await post('/v1/webhooks', 'bad-1', { url: 'http://10.0.0.1/x', events: ['job.completed'] });
    expect(bad.statusCode).toBe(400);
    const fixed = await post('/v1/webhooks', 'bad-1', { url: 'http://10.0.0.1/x', events: ['job.completed'] });
    expect(fixed.statusCode).toBe(400);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });
});
