// Issue 10 item 4: an allow-list entry with a port (`127.0.0.1:<port>`) opens that port only.
// Before, entries were hosts/addresses only, and each opened every port of the host: a canary
// on another port of the same allow-listed address was reachable through a redirect.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { startTestService, type TestService } from '../helpers/service.js';

describe('VC_URL_ALLOWLIST host:port entries', () => {
  let site: MediaSite;
  let canary: http.Server;
  let canaryHits: string[] = [];
  let canaryPort: number;
  let svc: TestService;
  let auth: { authorization: string };

  beforeAll(async () => {
    site = await startMediaSite();
    canary = http.createServer((req, res) => { canaryHits.push(req.url ?? ''); res.end(); });
    canary.on('connection', () => canaryHits.push('(connection)'));
    await new Promise<void>((ok) => canary.listen(0, '127.0.0.1', ok));
    canaryPort = (canary.address() as AddressInfo).port;
    // The media site's port only: the canary listens on the same address, another port.
    svc = await startTestService('sqlite', { VC_URL_ALLOWLIST: `127.0.0.1:${new URL(site.baseUrl).port}` }, { startQueue: false });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await site?.close();
    canary?.closeAllConnections();
    await new Promise((ok) => canary?.close(ok));
  });

  const info = (url: string) => svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(url)}`, headers: auth });

  it('fetches from the allow-listed port', async () => {
    const res = await info(site.url('/media/video.mp4'));
    expect(res.statusCode, res.body).toBe(200);
  });

  it('refuses another port of the same address at submit, at no cost and with no connection', async () => {
    canaryHits = [];
    const res = await svc.app.inject({ method: 'POST', url: '/v1/download', headers: auth, payload: { url: `http://127.0.0.1:${canaryPort}/media/video.mp4` } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('url_not_allowed');
    expect((await info(`http://127.0.0.1:${canaryPort}/x.mp4`)).json().code).toBe('url_not_allowed');
    expect(canaryHits).toEqual([]);
    const acct = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: auth })).json();
    expect(acct.credits_balance).toBe(100 - 1); // only the successful lookup above was charged
  });

  it('the egress proxy refuses a redirect from the allowed port to another port of the same address', async () => {
    canaryHits = [];
    const res = await info(site.url(`/redirect?to=${encodeURIComponent(`http://127.0.0.1:${canaryPort}/media/video.mp4`)}`));
    expect(res.json().code, res.body).toBe('url_not_allowed');
    expect(canaryHits).toEqual([]);
  });
});
