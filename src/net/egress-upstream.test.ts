// The egress proxy chained to an operator's upstream proxy (VC_UPSTREAM_PROXY), and the cookies
// it adds to a run's plain-HTTP requests, against real local upstream proxies that record what
// they were asked.
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectProxy, startSocks5, type RecordingProxy } from '../../test/fixtures/upstream-proxies.js';
import { startEgressProxy, type EgressProxy } from './egress-proxy.js';
import { parseUpstream } from './upstream.js';
import { createUrlPolicy } from './urlpolicy.js';

let site: http.Server;
let sitePort: number;
let canaryHits = 0;
let canary: http.Server;
let canaryPort: number;
const seen: { url: string; cookie: string | null }[] = [];

const listen = (s: http.Server, host: string): Promise<number> => new Promise((ok) => s.listen(0, host, () => ok((s.address() as net.AddressInfo).port)));

beforeAll(async () => {
  site = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', cookie: req.headers.cookie ?? null });
    res.end(`hello ${req.url}`);
  });
  canary = http.createServer((_q, res) => res.end('canary'));
  canary.on('connection', () => canaryHits++);
  sitePort = await listen(site, '127.0.0.1');
  canaryPort = await listen(canary, '127.0.0.2');
});
afterAll(async () => {
  for (const s of [site, canary]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function egressVia(upstream: RecordingProxy | null): Promise<EgressProxy> {
  return startEgressProxy({
    policy: createUrlPolicy({ allowlist: ['127.0.0.1'] }),
    resolve: async (h) => (h === 'media.test' ? ['127.0.0.1'] : h === 'inner.test' ? ['127.0.0.2'] : Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }))),
    upstream: upstream ? parseUpstream(upstream.url) : undefined,
  });
}

function get(proxy: EgressProxy, tag: string, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const u = new URL(proxy.urlFor(tag));
  const authorization = `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;
  return new Promise((ok, bad) => {
    const req = http.request({ host: '127.0.0.1', port: Number(u.port), path: target, agent: false, headers: { host: new URL(target).host, 'proxy-authorization': authorization, ...headers } });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', bad).end();
  });
}

function tunnelGet(proxy: EgressProxy, target: string, path: string): Promise<string> {
  const u = new URL(proxy.url);
  const authorization = `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;
  return new Promise((ok, bad) => {
    const req = http.request({ host: '127.0.0.1', port: Number(u.port), method: 'CONNECT', path: target, agent: false, headers: { 'proxy-authorization': authorization } });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) return ok(`status ${res.statusCode}`);
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString())).on('end', () => ok(text.split('\r\n\r\n')[1] ?? text));
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${target}\r\nConnection: close\r\n\r\n`);
    });
    req.on('response', (res) => ok(`status ${res.statusCode}`));
    req.on('error', bad).end();
  });
}

describe('VC_UPSTREAM_PROXY', () => {
  it.each([
    ['HTTP CONNECT', () => startConnectProxy('op', 'p@ss word')],
    ['SOCKS5', () => startSocks5('op', 'p@ss word')],
  ])('chains %s to the checked IP, for requests and tunnels, with its credentials', async (_name, start) => {
    const upstream = await start();
    const proxy = await egressVia(upstream);
    try {
      const r = await get(proxy, 'vc', `http://media.test:${sitePort}/a?b=1`);
      expect(r).toEqual({ status: 200, body: 'hello /a?b=1' });
      expect(await tunnelGet(proxy, `media.test:${sitePort}`, '/tunnel')).toBe('hello /tunnel');
      // The name was resolved and checked here; the upstream was only ever given the address.
      expect(upstream.targets).toEqual([`127.0.0.1:${sitePort}`, `127.0.0.1:${sitePort}`]);
      expect(upstream.credentials).toEqual(['op:p@ss word', 'op:p@ss word']);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('still refuses private targets: the upstream is never asked, the canary never reached', async () => {
    const upstream = await startConnectProxy();
    const proxy = await egressVia(upstream);
    try {
      expect((await get(proxy, 'vc', `http://127.0.0.2:${canaryPort}/`)).status).toBe(403);
      expect((await get(proxy, 'vc', `http://inner.test:${canaryPort}/`)).status).toBe(403);
      expect(await tunnelGet(proxy, `127.0.0.2:${canaryPort}`, '/')).toBe('status 403');
      expect(upstream.targets).toEqual([]);
      expect(canaryHits).toBe(0);
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('names the upstream without its password when it fails', async () => {
    const upstream = await startConnectProxy('op', 'right');
    const wrong = parseUpstream(upstream.url.replace('right', 'wrong'));
    expect(wrong.display).toMatch(/^http:\/\/op:\*\*\*@127\.0\.0\.1:\d+$/);
    const logs: string[] = [];
    const proxy = await startEgressProxy({ policy: createUrlPolicy({ allowlist: ['127.0.0.1'] }), upstream: wrong, log: (m, e) => logs.push(`${m} ${JSON.stringify(e)}`) });
    try {
      const r = await get(proxy, 'vc', `http://127.0.0.1:${sitePort}/`);
      expect(r.status).toBe(502);
      expect(r.body).toMatch(/refused the tunnel \(HTTP 407\)/);
      expect([r.body, ...logs].join('\n')).not.toContain('wrong');
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });

  it('rejects bad upstream URLs with a reason', () => {
    expect(() => parseUpstream('ftp://x:1')).toThrow(/expected http, https, socks5/);
    expect(() => parseUpstream('not a url')).toThrow(/expected a URL/);
    expect(parseUpstream('socks5h://h').port).toBe(1080);
  });
});

describe('cookies for a run', () => {
  it("adds a run's matching cookies to its plain-HTTP requests that carry none, until the run ends", async () => {
    const proxy = await egressVia(null);
    try {
      proxy.setCookies('f7', (u) => (u.hostname === 'media.test' ? 'session=abc' : null));
      seen.length = 0;
      await get(proxy, 'f7', `http://media.test:${sitePort}/one`);
      await get(proxy, 'f7', `http://127.0.0.1:${sitePort}/other-host`);
      await get(proxy, 'f7', `http://media.test:${sitePort}/own`, { cookie: 'mine=1' });
      await get(proxy, 'f8', `http://media.test:${sitePort}/other-run`);
      expect(proxy.takeRefusals('f7')).toEqual([]);
      await get(proxy, 'f7', `http://media.test:${sitePort}/after`);
      expect(seen).toEqual([
        { url: '/one', cookie: 'session=abc' },
        { url: '/other-host', cookie: null },
        { url: '/own', cookie: 'mine=1' },
        { url: '/other-run', cookie: null },
        { url: '/after', cookie: null },
      ]);
    } finally {
      await proxy.close();
    }
  });
});
