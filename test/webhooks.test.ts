// Webhooks end to end: a real receiver on 127.0.0.1 verifies every delivery with the
// Standard Webhooks library and the X-VideoConduit-Signature scheme. SQLite and Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createService } from '../src/service.js';
import { signDelivery, verifyVideoConduitSignature } from '../src/webhooks/signing.js';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { startReceiver, verifyStandard, type Receiver } from './fixtures/receiver.js';
import { STORES, TEST_PG_URL, createPgSchema, startTestService, testEnv, waitForJob, type TestService } from './helpers/service.js';

const FAST = { VC_WEBHOOK_RETRY_SCHEDULE: '100ms,200ms' };

describe.each(STORES)('webhooks on %s', (kind) => {
  let svc: TestService;
  let rx: Receiver;
  let a: Awaited<ReturnType<TestService['account']>>;
  let b: Awaited<ReturnType<TestService['account']>>;
  let n = 0;
  beforeAll(async () => {
    rx = await startReceiver();
    // Jobs are left pending (no job loop) so tests can cancel them; deliveries do run.
    svc = await startTestService(kind, FAST, { startQueue: false });
    svc.webhooks.start();
    a = await svc.account(10);
    b = await svc.account(10);
  });
  afterAll(async () => {
    await svc?.stop();
    await rx?.close();
  });

  const api = (method: string, url: string, auth = a.auth, payload?: unknown) => svc.app.inject({ method: method as 'GET', url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
  /** A fresh endpoint on its own receiver path. */
  async function endpoint(events = ['job.completed', 'job.failed', 'job.cancelled'], path = `/hook${++n}`) {
    const res = await api('POST', '/v1/webhooks', a.auth, { url: rx.url(path), events, description: 'test' });
    expect(res.statusCode, res.body).toBe(201);
    rx.secret(path, res.json().secret);
    return { ...res.json(), path } as { id: string; secret: string; path: string };
  }
  const attempts = async (id: string) => (await api('GET', `/v1/webhooks/${id}/deliveries`)).json().data as Record<string, any>[];
  async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await f();
      if (ok(v) || Date.now() > end) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('creates, lists, patches and deletes endpoints; validates URL and events', async () => {
    const ep = await endpoint(['job.completed']);
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(ep.secret.slice(6), 'base64')).toHaveLength(32);
    const got = (await api('GET', `/v1/webhooks/${ep.id}`)).json();
    expect(got).toMatchObject({ id: ep.id, url: rx.url(ep.path), events: ['job.completed'], enabled: true, disabled_reason: null, description: 'test' });
    expect(got.secret).toBeUndefined();
    expect(got.secret_hint).toBe(`whsec_…${ep.secret.slice(-4)}`);
    const patched = (await api('PATCH', `/v1/webhooks/${ep.id}`, a.auth, { events: ['job.failed', 'job.cancelled'], description: null })).json();
    expect(patched).toMatchObject({ events: ['job.failed', 'job.cancelled'], description: null });
    await endpoint();
    const list = (await api('GET', '/v1/webhooks?limit=1')).json();
    expect(list.data).toHaveLength(1);
    expect(list.has_more).toBe(true);
    const next = (await api('GET', `/v1/webhooks?limit=100&cursor=${list.next_cursor}`)).json();
    expect(next.data.map((e: { id: string }) => e.id)).not.toContain(list.data[0].id);

    for (const url of ['http://10.0.0.1/hook', 'http://169.254.169.254/latest', 'file:///etc/passwd', 'http://[::1]:1/x', 'http://0x7f.0.0.2/x']) {
      const r = await api('POST', '/v1/webhooks', a.auth, { url, events: ['job.completed'] });
      expect(r.statusCode, url).toBe(400);
      expect(r.json().code).toBe('url_not_allowed');
    }
    expect((await api('PATCH', `/v1/webhooks/${ep.id}`, a.auth, { url: 'http://192.168.1.1/' })).json().code).toBe('url_not_allowed');
    expect((await api('POST', '/v1/webhooks', a.auth, { url: rx.url(), events: ['job.exploded'] })).statusCode).toBe(422);
    expect((await api('POST', '/v1/webhooks', a.auth, { url: rx.url(), events: [] })).statusCode).toBe(422);
    expect((await api('POST', '/v1/webhooks', a.auth, { url: rx.url(), events: ['job.failed'], secret: 'mine' })).statusCode).toBe(422);

    expect((await api('DELETE', `/v1/webhooks/${ep.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/v1/webhooks/${ep.id}`)).statusCode).toBe(404);
  });

  it("answers 404 for another account's endpoint, exactly like a missing one", async () => {
    const ep = await endpoint();
    const missing = '01900000-0000-7000-8000-000000000000';
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { description: 'mine now' }],
      ['DELETE', '', undefined],
      ['GET', '/deliveries', undefined],
      ['POST', '/test', undefined],
      ['POST', '/rotate-secret', undefined],
    ] as const) {
      const foreign = await api(method, `/v1/webhooks/${ep.id}${suffix}`, b.auth, body);
      const none = await api(method, `/v1/webhooks/${missing}${suffix}`, b.auth, body);
      expect(foreign.statusCode, `${method} ${suffix}`).toBe(404);
      expect(foreign.json()).toEqual(none.json());
    }
    expect((await api('GET', '/v1/webhooks', b.auth)).json().data).toEqual([]);
    expect((await api('GET', `/v1/webhooks/${ep.id}`)).json().description).toBe('test');
  });

  it('delivers a test event that both verifiers accept, and logs the attempt', async () => {
    const ep = await endpoint();
    const sent = await api('POST', `/v1/webhooks/${ep.id}/test`);
    expect(sent.statusCode, sent.body).toBe(202);
    const [got] = await rx.waitFor(ep.path, 1);
    expect(got.standardOk).toBe(true);
    expect(got.customOk).toBe(true);
    expect(got.headers['webhook-id']).toBe(sent.json().event_id);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.json).toMatchObject({ id: sent.json().event_id, type: 'webhook.test', data: { webhook_id: ep.id } });
    expect(Date.parse(got.json.created_at)).toBeGreaterThan(0);
    // Tampering, a wrong secret and a stale timestamp all fail both schemes.
    const tampered = got.body.replace('webhook.test', 'job.completed');
    expect(verifyStandard(ep.secret, tampered, got.headers)).toBe(false);
    expect(verifyVideoConduitSignature(String(got.headers['x-videoconduit-signature']), tampered, ep.secret)).toBe(false);
    const other = (await endpoint()).secret;
    expect(verifyStandard(other, got.body, got.headers)).toBe(false);
    expect(verifyVideoConduitSignature(String(got.headers['x-videoconduit-signature']), got.body, other)).toBe(false);
    const stale = signDelivery(got.json.id, got.body, [ep.secret], Math.floor(Date.now() / 1000) - 3600);
    expect(verifyStandard(ep.secret, got.body, { ...stale })).toBe(false);
    expect(verifyVideoConduitSignature(stale['x-videoconduit-signature'], got.body, ep.secret)).toBe(false);

    const log = await until(() => attempts(ep.id), (l) => l.length === 1);
    expect(log[0]).toMatchObject({ event_id: got.json.id, event_type: 'webhook.test', attempt: 1, success: true, status_code: 200, response_excerpt: 'ok', error: null, next_attempt_at: null, url: rx.url(ep.path) });
    expect(log[0].duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('retries 500s and redirects (not followed) with a stable event id, then gives up', async () => {
    const ep = await endpoint();
    rx.script(ep.path, [500, 307]);
    const { event_id } = (await api('POST', `/v1/webhooks/${ep.id}/test`)).json();
    const got = await rx.waitFor(ep.path, 3);
    expect(got.map((g) => g.headers['webhook-id'])).toEqual([event_id, event_id, event_id]);
    expect(got.every((g) => g.standardOk && g.customOk)).toBe(true);
    expect(new Set(got.map((g) => g.body)).size).toBe(1);
    expect(got[1].at - got[0].at).toBeGreaterThanOrEqual(70); // 100 ms -20% jitter
    expect(got[2].at - got[1].at).toBeGreaterThanOrEqual(150);
    const log = (await until(() => attempts(ep.id), (l) => l.length === 3)).reverse();
    expect(log.map((l) => [l.attempt, l.status_code, l.success])).toEqual([
      [1, 500, false],
      [2, 307, false],
      [3, 200, true],
    ]);
    expect(Buffer.byteLength(log[0].response_excerpt)).toBeLessThanOrEqual(1024);
    expect(log[0].error).toBe('HTTP 500');
    expect(log[0].next_attempt_at).not.toBeNull();
    expect(rx.received.some((r) => r.path === '/elsewhere')).toBe(false);

    // Every attempt fails: 1 + 2 retries (a 10 s timeout is retried the same way; see send.test.ts), then the delivery is marked failed.
    const dead = await endpoint();
    rx.script(dead.path, [503, 503, 503, 503]);
    await api('POST', `/v1/webhooks/${dead.id}/test`);
    await rx.waitFor(dead.path, 3);
    await new Promise((r) => setTimeout(r, 600));
    expect(rx.received.filter((r) => r.path === dead.path)).toHaveLength(3);
    const row = await svc.store.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', dead.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'HTTP 503' });
    expect((await api('GET', `/v1/webhooks/${dead.id}`)).json().enabled).toBe(true);
  });

  it('disables an endpoint that answers 410, and one failing for 5 days', async () => {
    const ep = await endpoint();
    rx.script(ep.path, [410]);
    await api('POST', `/v1/webhooks/${ep.id}/test`);
    await rx.waitFor(ep.path, 1);
    const off = await until(async () => (await api('GET', `/v1/webhooks/${ep.id}`)).json(), (e) => !e.enabled);
    expect(off).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/410/) });
    await new Promise((r) => setTimeout(r, 400));
    expect(rx.received.filter((r) => r.path === ep.path)).toHaveLength(1); // 410 is not retried
    expect((await api('POST', `/v1/webhooks/${ep.id}/test`)).statusCode).toBe(409);
    const on = (await api('PATCH', `/v1/webhooks/${ep.id}`, a.auth, { enabled: true })).json();
    expect(on).toMatchObject({ enabled: true, disabled_reason: null });

    const sick = await endpoint();
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000).toISOString();
    await svc.store.db.updateTable('webhook_endpoints').set({ failing_since: sixDaysAgo }).where('id', '=', sick.id).execute();
    rx.script(sick.path, [500]);
    await api('POST', `/v1/webhooks/${sick.id}/test`);
    const dead = await until(async () => (await api('GET', `/v1/webhooks/${sick.id}`)).json(), (e) => !e.enabled);
    expect(dead.disabled_reason).toMatch(/failed for 5 days/);
    // A success in between resets the streak.
    const healthy = await endpoint();
    await svc.store.db.updateTable('webhook_endpoints').set({ failing_since: sixDaysAgo }).where('id', '=', healthy.id).execute();
    await api('POST', `/v1/webhooks/${healthy.id}/test`);
    await until(() => attempts(healthy.id), (l) => l.length === 1);
    const row = await svc.store.db.selectFrom('webhook_endpoints').select(['failing_since', 'enabled']).where('id', '=', healthy.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ failing_since: null, enabled: 1 });
  });

  it('refuses at send time a target that now resolves to a private address, and logs it', async () => {
    const ep = await endpoint();
    // The target changed after it was accepted (here: to a loopback address off the
    // allow-list, which has only 127.0.0.1). Names that re-resolve are covered in send.test.ts.
    const port = new URL(rx.url()).port;
    await svc.store.db.updateTable('webhook_endpoints').set({ url: `http://127.0.0.2:${port}${ep.path}` }).where('id', '=', ep.id).execute();
    await api('POST', `/v1/webhooks/${ep.id}/test`);
    const log = await until(() => attempts(ep.id), (l) => l.length >= 1);
    expect(log[0]).toMatchObject({ success: false, status_code: null, error: expect.stringMatching(/^url_not_allowed: .*loopback/) });
    expect(rx.received.filter((r) => r.path === ep.path)).toHaveLength(0);
  });

  it('sends job events to subscribed endpoints and to the job webhook_url, signed with the account secret', async () => {
    const cancelledOnly = await endpoint(['job.cancelled']);
    const completedOnly = await endpoint(['job.completed']);
    const rot = (await api('POST', '/v1/account/webhook-secret/rotate')).json();
    expect(rot.webhook_secret).toMatch(/^whsec_/);
    expect((await api('GET', '/v1/account')).json().webhook_secret_hint).toBe(rot.webhook_secret_hint);
    rx.secret('/job', rot.webhook_secret);
    const accepted = await api('POST', '/v1/download', a.auth, { url: 'http://127.0.0.1:9/v.mp4', webhook_url: rx.url('/job'), metadata: { order: 7 } });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const jobId = accepted.json().job_id;
    expect((await api('DELETE', `/v1/jobs/${jobId}`)).statusCode).toBe(200);
    const [toJob] = await rx.waitFor('/job', 1);
    const [toEp] = await rx.waitFor(cancelledOnly.path, 1);
    for (const got of [toJob, toEp]) {
      expect(got.standardOk && got.customOk).toBe(true);
      expect(got.json).toMatchObject({ type: 'job.cancelled', data: { job_id: jobId, status: 'cancelled', credits_refunded: 1, metadata: { order: 7 }, error: { code: 'cancelled' } } });
    }
    expect(toJob.json.id).toBe(toEp.json.id); // one event, two targets
    expect(toJob.json.data).toEqual((await api('GET', `/v1/jobs/${jobId}`)).json());
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.received.filter((r) => r.path === completedOnly.path)).toHaveLength(0);
    // Delivery bookkeeping never shows up as jobs.
    expect((await api('GET', '/v1/jobs')).json().data.map((j: { job_id: string }) => j.job_id)).toEqual([jobId]);
  });

  it('signs with both secrets during a rotation overlap (endpoint and account)', async () => {
    const ep = await endpoint();
    const rotated = (await api('POST', `/v1/webhooks/${ep.id}/rotate-secret`)).json();
    expect(rotated.secret).not.toBe(ep.secret);
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23.9 * 3600 * 1000);
    await api('POST', `/v1/webhooks/${ep.id}/test`);
    const [got] = await rx.waitFor(ep.path, 1);
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const s of [ep.secret, rotated.secret]) {
      expect(verifyStandard(s, got.body, got.headers)).toBe(true);
      expect(verifyVideoConduitSignature(String(got.headers['x-videoconduit-signature']), got.body, s)).toBe(true);
    }
    // After the overlap only the new secret signs.
    await svc.store.db.updateTable('webhook_endpoints').set({ previous_secret_expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', ep.id).execute();
    await api('POST', `/v1/webhooks/${ep.id}/test`);
    const [, later] = await rx.waitFor(ep.path, 2);
    expect(verifyStandard(rotated.secret, later.body, later.headers)).toBe(true);
    expect(verifyStandard(ep.secret, later.body, later.headers)).toBe(false);

    const first = (await api('POST', '/v1/account/webhook-secret/rotate')).json().webhook_secret;
    const second = (await api('POST', '/v1/account/webhook-secret/rotate')).json().webhook_secret;
    const job = (await api('POST', '/v1/download', a.auth, { url: 'http://127.0.0.1:9/v.mp4', webhook_url: rx.url('/job-rot') })).json();
    await api('DELETE', `/v1/jobs/${job.job_id}`);
    const [toJob] = await rx.waitFor('/job-rot', 1);
    expect(verifyStandard(first, toJob.body, toJob.headers)).toBe(true);
    expect(verifyStandard(second, toJob.body, toJob.headers)).toBe(true);
  });

  it('delivers an event created before a restart', async () => {
    const pgSchema = kind === 'postgres' ? await createPgSchema() : null;
    const dir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/vc-wh-`);
    const config = loadConfig(testEnv(dir, { ...FAST, ...(pgSchema ? { VC_DATABASE_URL: TEST_PG_URL } : {}) }));
    const first = await createService(config, { pgSchema: pgSchema?.schema, startQueue: false });
    let second: Awaited<ReturnType<typeof createService>> | null = null;
    try {
      const { createAccount } = await import('../src/store/accounts.js');
      const { createKey } = await import('../src/store/keys.js');
      const acct = await createAccount(first.store.db, { name: 'r', credits: 0, rateLimitPerMinute: 1000 });
      const auth = { authorization: `Bearer ${(await createKey(first.store.db, acct.id, 'k')).key}` };
      const created = (await first.app.inject({ method: 'POST', url: '/v1/webhooks', headers: auth, payload: { url: rx.url('/restart'), events: ['job.completed'] } })).json();
      rx.secret('/restart', created.secret);
      const sent = (await first.app.inject({ method: 'POST', url: `/v1/webhooks/${created.id}/test`, headers: auth })).json();
      await first.close(); // nothing was sent: the dispatcher never ran
      expect(rx.received.filter((r) => r.path === '/restart')).toHaveLength(0);
      second = await createService(config, { pgSchema: pgSchema?.schema });
      const [got] = await rx.waitFor('/restart', 1);
      expect(got.headers['webhook-id']).toBe(sent.event_id);
      expect(got.standardOk && got.customOk).toBe(true);
    } finally {
      await second?.close();
      await first.close();
      await pgSchema?.drop();
      (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('webhooks for jobs run by the queue (real engines)', () => {
  let svc: TestService;
  let rx: Receiver;
  let site: MediaSite;
  beforeAll(async () => {
    [rx, site] = await Promise.all([startReceiver(), startMediaSite()]);
    svc = await startTestService('sqlite', FAST);
  });
  afterAll(async () => {
    await svc?.stop();
    await Promise.all([rx?.close(), site?.close()]);
  });

  it('sends job.completed with a signed download_url and job.failed with the error', async () => {
    const a = await svc.account(10);
    const ep = (await svc.app.inject({ method: 'POST', url: '/v1/webhooks', headers: a.auth, payload: { url: rx.url('/jobs'), events: ['job.completed', 'job.failed'] } })).json();
    rx.secret('/jobs', ep.secret);
    const submit = async (url: string) => (await svc.app.inject({ method: 'POST', url: '/v1/download', headers: a.auth, payload: { url } })).json().job_id as string;
    const ok = await submit(site.url('/media/audio.m4a'));
    const done = await waitForJob(svc, a.auth, ok, 90_000);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    const bad = await submit(site.url('/missing'));
    await waitForJob(svc, a.auth, bad, 90_000);
    const got = await rx.waitFor('/jobs', 2, 30_000);
    expect(got.every((g) => g.standardOk && g.customOk)).toBe(true);
    const byJob = Object.fromEntries(got.map((g) => [g.json.data.job_id, g.json]));
    expect(byJob[ok]).toMatchObject({ type: 'job.completed', data: { status: 'completed', progress: 100, download_url: expect.stringMatching(/^\/v1\/files\//) } });
    expect(byJob[ok].data).toEqual((await svc.app.inject({ method: 'GET', url: `/v1/jobs/${ok}`, headers: a.auth })).json());
    expect(byJob[bad]).toMatchObject({ type: 'job.failed', data: { status: 'failed', credits_refunded: 1, error: { code: 'upstream_error' } } });
  });
});
