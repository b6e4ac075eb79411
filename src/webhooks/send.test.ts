import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUrlPolicy } from '../net/urlpolicy.js';
import { EXCERPT_BYTES, sendWebhook } from './send.js';

describe('sendWebhook', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/ok' }).end();
      if (req.url === '/big') return void res.writeHead(500).end('y'.repeat(100_000));
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const allowed = createUrlPolicy({ allowlist: ['127.0.0.1', 'localhost'], resolve: async () => ['127.0.0.1'] });

  it('posts and reports status, duration and excerpt', async () => {
    const r = await sendWebhook({ url: `${base}/ok`, body: '{}', headers: {}, policy: allowed });
    expect(r).toMatchObject({ statusCode: 200, excerpt: 'ok', error: null });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('does not follow redirects and keeps at most 1 KiB of the response', async () => {
    expect((await sendWebhook({ url: `${base}/redirect`, body: '{}', headers: {}, policy: allowed })).statusCode).toBe(302);
    const big = await sendWebhook({ url: `${base}/big`, body: '{}', headers: {}, policy: allowed });
    expect(big.statusCode).toBe(500);
    expect(Buffer.byteLength(big.excerpt ?? '')).toBe(EXCERPT_BYTES);
  });

  it('times out', async () => {
    const r = await sendWebhook({ url: `${base}/slow`, body: '{}', headers: {}, policy: allowed, timeoutMs: 200 });
    expect(r.statusCode).toBeNull();
    expect(r.error).toMatch(/timed out/);
  });

  it('refuses a name that resolves to a private address at send time', async () => {
    const port = new URL(base).port;
    const strict = createUrlPolicy({ allowlist: [], resolve: async () => ['10.1.2.3'] });
    const r = await sendWebhook({ url: `http://hooks.example:${port}/ok`, body: '{}', headers: {}, policy: strict });
    expect(r.statusCode).toBeNull();
    expect(r.error).toMatch(/^url_not_allowed: .*private/);
  });

  it('connects only to the address the policy approved (no second DNS lookup)', async () => {
    const port = new URL(base).port;
    // The name resolves to the allowed loopback once; node never resolves it itself
    // (hooks.invalid would fail if it did).
    const r = await sendWebhook({ url: `http://hooks.invalid:${port}/ok`, body: '{}', headers: {}, policy: createUrlPolicy({ allowlist: ['127.0.0.1'], resolve: async () => ['127.0.0.1'] }) });
    expect(r.statusCode).toBe(200);
  });
});
