// How the service serves the dashboard and /docs (no browser needed): client routes answer
// index.html with a CSP, hashed assets are immutable and compressed, the API's own 404s are
// untouched, an unbuilt dashboard falls back to /docs, and /docs needs nothing from a CDN.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { DASHBOARD_DIST, dashboardRoutes } from '../../src/http/routes/dashboard.js';
import { startTestService, type TestService } from '../helpers/service.js';

const built = fs.existsSync(path.join(DASHBOARD_DIST, 'index.html'));

describe('serving the dashboard', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService('sqlite', {}, { startQueue: false });
  });
  afterAll(async () => {
    await svc?.stop();
  });
  const get = (url: string, headers: Record<string, string> = {}) => svc.app.inject({ method: 'GET', url, headers });

  it.runIf(built)('answers every client route with index.html, a CSP and no-cache', async () => {
    for (const url of ['/', '/jobs', '/jobs/0190f5a4-0000-7000-8000-000000000000', '/new/preview', '/account', '/webhooks', '/webhooks/x']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(res.body).toContain('<div id="app">');
    }
  });

  it.runIf(built)('serves hashed assets immutable, compressed, with ETags', async () => {
    const html = (await get('/')).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const plain = await get(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const br = await get(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gz = await get(script, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const again = await get(script, { 'if-none-match': String(plain.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('leaves the API and unknown paths to the API', async () => {
    for (const url of ['/v1/nope', '/nope', '/jobs/a/b']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    expect((await get('/v1/jobs')).json().code).toBe('unauthorized');
    const doc = (await get('/openapi.json')).json() as { paths: Record<string, unknown> };
    // Only the API and the operations probes are documented: no dashboard page is a path there.
    const operations = ['/healthz', '/readyz', '/metrics', '/mcp'];
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/v1/') && !p.startsWith('/api/') && !operations.includes(p))).toEqual([]);
  });

  it('redirects / to /docs when the dashboard was not built', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-nodist-'));
    const app = Fastify();
    dashboardRoutes(app as unknown as App, empty);
    const res = await app.inject({ method: 'GET', url: '/jobs/abc' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/docs');
    await app.close();
    fs.rmSync(empty, { recursive: true });
  });

  it('renders /docs with Scalar from the package, nothing from a CDN', async () => {
    expect((await get('/docs')).headers.location).toBe('/docs/');
    const page = await get('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('"url": "/openapi.json"');
    expect(page.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const script = await get('/docs/js/scalar.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.body.length).toBeGreaterThan(1_000_000);
  });
});
