// Every error code of the contract that the foundation can produce, with its exact shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers/service.js';

const VIDEO = 'http://127.0.0.1:9/video.mp4';

describe('error contract', () => {
  let svc: TestService;
  let auth: { authorization: string };
  let accountId: string;
  beforeAll(async () => {
    svc = await startTestService('sqlite', { VC_BODY_LIMIT_BYTES: '2048', VC_QUEUE_MAX_DEPTH: '3', VC_TRUSTED_PROXIES: '10.9.0.0/16' }, { startQueue: false });
    const a = await svc.account(100);
    auth = a.auth;
    accountId = a.id;
  });
  afterAll(async () => svc?.stop());

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    svc.app.inject({ method: 'POST', url: '/v1/download', headers: { ...auth, ...headers }, payload: payload as string });

  it('422 validation_error lists {loc,msg,type} for bad and unknown fields', async () => {
    const res = await post({ url: VIDEO, format: 'avi' });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('validation_error');
    expect(body.detail[0]).toMatchObject({ loc: ['body', 'format'] });
    expect(typeof body.detail[0].msg).toBe('string');
    const unknown = (await post({ url: VIDEO, colour: 'red' })).json();
    expect(unknown).toMatchObject({ code: 'validation_error', detail: [{ loc: ['body', 'colour'], type: 'extra_forbidden' }] });
    const missing = (await post({})).json();
    expect(missing.detail[0].loc).toEqual(['body', 'url']);
    const order = (await post({ url: VIDEO, start: '00:10', end: 5 })).json();
    expect(order).toMatchObject({ code: 'validation_error', detail: [{ loc: ['body', 'end'] }] });
    const badTime = await post({ url: VIDEO, start: '1:99' });
    expect(badTime.statusCode).toBe(422);
  });

  it('400 bad_request for malformed JSON and unsupported combinations', async () => {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"url": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('bad_request');
    const combo = await post({ url: VIDEO, format: 'mp3', subtitles: ['en'] });
    expect(combo.statusCode).toBe(400);
    expect(combo.json().code).toBe('bad_request');
  });

  it('413 payload_too_large', async () => {
    const res = await post({ url: VIDEO, metadata: { big: 'x'.repeat(5000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('400 url_not_allowed for private, metadata and non-http targets, at no cost', async () => {
    const before = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: auth })).json().credits_balance;
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/a.mp4', 'http://[::ffff:a9fe:a9fe]/', 'file:///etc/passwd', 'ftp://127.0.0.1/x', 'http://0x7f.1:9/v.mp4'.replace('0x7f.1', '0xa9.0xfe.0xa9.0xfe')]) {
      const res = await post({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('url_not_allowed');
    }
    const info = await svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent('http://192.168.1.1/')}`, headers: auth });
    expect(info.statusCode).toBe(400);
    expect(info.json().code).toBe('url_not_allowed');
    const webhook = await post({ url: VIDEO, webhook_url: 'http://100.100.100.200/hook' });
    expect(webhook.json().code).toBe('url_not_allowed');
    const after = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: auth })).json().credits_balance;
    expect(after).toBe(before);
  });

  it('403 https_required for plain HTTP from a non-loopback client unless a trusted proxy says https', async () => {
    const remote = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: auth, remoteAddress: '203.0.113.7' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().code).toBe('https_required');
    const spoofed = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: { ...auth, 'x-forwarded-proto': 'https' }, remoteAddress: '203.0.113.7' });
    expect(spoofed.statusCode).toBe(403);
    const proxied = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: { ...auth, 'x-forwarded-proto': 'https' }, remoteAddress: '10.9.1.1' });
    expect(proxied.statusCode).toBe(200);
    const proxiedPlain = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: { ...auth, 'x-forwarded-proto': 'http' }, remoteAddress: '10.9.1.1' });
    expect(proxiedPlain.statusCode).toBe(403);
  });

  it('404 not_found for unknown routes and ids; 422 for malformed ids', async () => {
    const route = await svc.app.inject({ method: 'GET', url: '/v1/nope', headers: auth });
    expect(route.statusCode).toBe(404);
    expect(route.json().code).toBe('not_found');
    const id = await svc.app.inject({ method: 'GET', url: '/v1/jobs/not-a-uuid', headers: auth });
    expect(id.statusCode).toBe(422);
  });

  it('503 service_unavailable with Retry-After when the queue is full', async () => {
    const other = await svc.account(100);
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: other.auth, payload: { url: VIDEO } });
      codes.push(last.statusCode);
    }
    expect(codes.filter((c) => c === 202).length).toBeLessThanOrEqual(3);
    expect(codes).toContain(503);
    const full = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: other.auth, payload: { url: VIDEO } });
    expect(full.json().code).toBe('service_unavailable');
    expect(full.headers['retry-after']).toBeDefined();
    // Full queue refusals are free.
    expect((await svc.app.inject({ method: 'GET', url: '/v1/account', headers: other.auth })).json().credits_balance).toBe(100 - codes.filter((c) => c === 202).length);
    await svc.store.db.updateTable('jobs').set({ status: 'cancelled' }).where('status', '=', 'pending').execute();
  });

  it('429 rate_limited with retry_after, Retry-After and X-RateLimit-* headers; other keys unaffected', async () => {
    const limited = await svc.account(10, { rateLimit: 3 });
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await svc.app.inject({ method: 'GET', url: '/v1/account', headers: limited.auth }));
    expect(seen.slice(0, 3).map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(seen[0].headers['x-ratelimit-limit']).toBe('3');
    expect(seen[0].headers['x-ratelimit-remaining']).toBe('2');
    expect(Number(seen[0].headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    const r = seen[3];
    expect(r.statusCode).toBe(429);
    expect(r.json().code).toBe('rate_limited');
    expect(r.json().retry_after).toBeGreaterThan(0);
    expect(Number(r.headers['retry-after'])).toBe(r.json().retry_after);
    const others = await svc.app.inject({ method: 'GET', url: '/v1/account', headers: auth });
    expect(others.statusCode).toBe(200);
    void accountId;
  });

  it('keeps the error shape for over-long path params and oversized headers', async () => {
    const long = await svc.app.inject({ method: 'GET', url: `/v1/files/00000000-0000-7000-8000-000000000000/${'a'.repeat(600)}` });
    expect(long.statusCode).toBe(422);
    expect(long.json().code).toBe('validation_error');
    const address = await svc.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(address);
    const net = await import('node:net');
    const raw = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(Number(port), '127.0.0.1', () => sock.write(`GET /api/version HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`));
      let out = '';
      sock.on('data', (c) => (out += c.toString()));
      sock.on('end', () => resolve(out));
      sock.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1.1 431 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ detail: 'Request headers are too large.', code: 'bad_request' });
  });

  it('500 server_error never leaks internals', async () => {
    const broken = await startTestService('sqlite', {}, { startQueue: false });
    const a = await broken.account(1);
    await broken.store.db.destroy(); // the database goes away under the app
    const res = await broken.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ detail: 'Internal server error.', code: 'server_error' });
    await broken.app.close();
    await broken.queue.stop();
    await broken.engines.close();
  });
});
