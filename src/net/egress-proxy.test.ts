import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEgressProxy, type EgressProxy } from './egress-proxy.js';
import { createUrlPolicy } from './urlpolicy.js';

// Two upstreams: one on the allow-listed 127.0.0.1, a canary on the denied 127.0.0.2.
let allowed: http.Server;
let canary: http.Server;
let canaryHits = 0;
let proxy: EgressProxy;
let auth: string;
let proxyPort: number;

const listen = (s: http.Server, host: string): Promise<number> =>
  new Promise((ok) => s.listen(0, host, () => ok((s.address() as net.AddressInfo).port)));
let allowedPort: number;
let canaryPort: number;

beforeAll(async () => {
  allowed = http.createServer((req, res) => res.end(`hello ${req.headers.host} ${req.url}`));
  canary = http.createServer((_req, res) => { canaryHits++; res.end('canary'); });
  canary.on('connection', () => canaryHits++);
  allowedPort = await listen(allowed, '127.0.0.1');
  canaryPort = await listen(canary, '127.0.0.2');
  const policy = createUrlPolicy({ allowlist: ['127.0.0.1'] });
  const names: Record<string, string[]> = { 'media.test': ['127.0.0.1'], 'rebind.test': ['127.0.0.1', '127.0.0.2'] };
  proxy = await startEgressProxy({
    policy,
    resolve: async (h) => { if (names[h]) return names[h]; throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' }); },
  });
  const u = new URL(proxy.url);
  auth = `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;
  proxyPort = Number(u.port);
});

afterAll(async () => {
  await proxy.close();
  allowed.closeAllConnections();
  canary.closeAllConnections();
  await Promise.all([new Promise((ok) => allowed.close(ok)), new Promise((ok) => canary.close(ok))]);
});

function get(target: string, authorization: string | null = auth): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((ok, bad) => {
    const host = new URL(target).host;
    const req = http.request({ host: '127.0.0.1', port: proxyPort, path: target, agent: false, headers: { host, ...(authorization ? { 'proxy-authorization': authorization } : {}) } });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => ok({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', bad).end();
  });
}

function connect(target: string, authorization: string | null = auth): Promise<{ status: number; socket: net.Socket }> {
  return new Promise((ok, bad) => {
    const req = http.request({ host: '127.0.0.1', port: proxyPort, method: 'CONNECT', path: target, agent: false, headers: authorization ? { 'proxy-authorization': authorization } : {} });
    req.on('connect', (res, socket) => ok({ status: res.statusCode ?? 0, socket }));
    req.on('response', (res) => { res.resume(); ok({ status: res.statusCode ?? 0, socket: res.socket }); });
    req.on('error', bad).end();
  });
}

describe('egress proxy', () => {
  it('listens on loopback only, with a credential in its URL', () => {
    expect(proxy.url).toMatch(/^http:\/\/vc:[0-9a-f]{48}@127\.0\.0\.1:\d+$/);
  });

  it('forwards an absolute-form GET to an allowed address, keeping the Host header', async () => {
    const r = await get(`http://127.0.0.1:${allowedPort}/a?b=1`);
    expect(r.status).toBe(200);
    expect(r.body).toBe(`hello 127.0.0.1:${allowedPort} /a?b=1`);
  });

  it('connects to the address it checked, not to a second lookup', async () => {
    // media.test exists only in the injected resolver: a second (system) lookup would fail.
    const r = await get(`http://media.test:${allowedPort}/x`);
    expect(r.status).toBe(200);
    expect(r.body).toBe(`hello media.test:${allowedPort} /x`);
  });

  it('refuses an absolute-form GET to a denied address with 403', async () => {
    const before = canaryHits;
    const r = await get(`http://127.0.0.2:${canaryPort}/secret`);
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/URL not allowed: address 127\.0\.0\.2 is in the loopback range/);
    expect(canaryHits).toBe(before);
  });

  it('refuses a host when any of its addresses is denied', async () => {
    const r = await get(`http://rebind.test:${allowedPort}/`);
    expect(r.status).toBe(403);
  });

  it('answers 502 for a host that does not resolve', async () => {
    expect((await get('http://nowhere.test/')).status).toBe(502);
  });

  it('refuses CONNECT to a denied address', async () => {
    const before = canaryHits;
    const r = await connect(`127.0.0.2:${canaryPort}`);
    expect(r.status).toBe(403);
    r.socket.destroy();
    expect(canaryHits).toBe(before);
  });

  it('tunnels CONNECT to an allowed address', async () => {
    const r = await connect(`127.0.0.1:${allowedPort}`);
    expect(r.status).toBe(200);
    const body = await new Promise<string>((ok) => {
      let got = '';
      r.socket.on('data', (c: Buffer) => (got += c.toString()));
      r.socket.on('end', () => ok(got));
      r.socket.write('GET /tunnel HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
    });
    expect(body).toMatch(/^HTTP\/1\.1 200/);
    expect(body).toContain('hello t /tunnel');
  });

  it('demands the credential: none or a wrong one is 407 with a Basic challenge', async () => {
    const none = await get(`http://127.0.0.1:${allowedPort}/`, null);
    expect(none.status).toBe(407);
    expect(none.headers['proxy-authenticate']).toMatch(/^Basic /);
    const wrong = await get(`http://127.0.0.1:${allowedPort}/`, `Basic ${Buffer.from('vc:guess').toString('base64')}`);
    expect(wrong.status).toBe(407);
    const c = await connect(`127.0.0.1:${allowedPort}`, null);
    expect(c.status).toBe(407);
    c.socket.destroy();
  });

  it('records refusals per user name (run tag) until taken; the shared "vc" user records none', async () => {
    const tagged = new URL(proxy.urlFor('r42'));
    const tagAuth = `Basic ${Buffer.from(`${tagged.username}:${tagged.password}`).toString('base64')}`;
    expect((await get(`http://127.0.0.2:${canaryPort}/`, tagAuth)).status).toBe(403);
    expect((await get(`http://127.0.0.1:${allowedPort}/`, tagAuth)).status).toBe(200);
    expect(proxy.takeRefusals('r42')).toEqual([expect.stringMatching(/127\.0\.0\.2 is in the loopback range/)]);
    expect(proxy.takeRefusals('r42')).toEqual([]);
    await get(`http://127.0.0.2:${canaryPort}/`);
    expect(proxy.takeRefusals('vc')).toEqual([]);
    expect(() => proxy.urlFor('a:b')).toThrow();
  });

  it('refuses non-standard ports outside the allow-list', async () => {
    const open = await startEgressProxy({ policy: { addressProblem: () => null, allowlisted: () => false } });
    try {
      const u = new URL(open.url);
      const authz = `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;
      const status = await new Promise<number>((ok, bad) => {
        http.request({ host: '127.0.0.1', port: Number(u.port), path: `http://127.0.0.1:${allowedPort}/`, agent: false, headers: { 'proxy-authorization': authz } })
          .on('response', (res) => { res.resume(); ok(res.statusCode ?? 0); })
          .on('error', bad)
          .end();
      });
      expect(status).toBe(403);
    } finally {
      await open.close();
    }
  });

  it('opens only the port of a port entry in the allow-list (issue 10 item 4)', async () => {
    const narrow = await startEgressProxy({ policy: createUrlPolicy({ allowlist: [`127.0.0.1:${allowedPort}`] }) });
    try {
      const u = new URL(narrow.url);
      const authz = `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;
      const status = (target: string) =>
        new Promise<number>((ok, bad) => {
          http.request({ host: '127.0.0.1', port: Number(u.port), path: target, agent: false, headers: { 'proxy-authorization': authz } })
            .on('response', (res) => { res.resume(); ok(res.statusCode ?? 0); })
            .on('error', bad)
            .end();
        });
      expect(await status(`http://127.0.0.1:${allowedPort}/`)).toBe(200);
      expect(await status(`http://127.0.0.1:${proxyPort}/`)).toBe(403); // same address, another port
      expect(await status('http://127.0.0.1/')).toBe(403); // not even port 80
    } finally {
      await narrow.close();
    }
  });

  it('refuses origin-form requests (it is not a web server)', async () => {
    const direct = await new Promise<number>((ok, bad) => {
      http.request({ host: '127.0.0.1', port: proxyPort, path: '/', agent: false, headers: { 'proxy-authorization': auth } })
        .on('response', (res) => { res.resume(); ok(res.statusCode ?? 0); })
        .on('error', bad)
        .end();
    });
    expect(direct).toBe(400);
  });
});
