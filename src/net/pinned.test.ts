// Pinned documents, served by a real egress proxy to the callers that hold its credential.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEgressProxy, type EgressProxy } from './egress-proxy.js';
import { PINNED_HOST, PinnedDocuments } from './pinned.js';
import { createUrlPolicy } from './urlpolicy.js';

let proxy: EgressProxy;
let docs: PinnedDocuments;
let resolved: string[] = [];

beforeAll(async () => {
  docs = new PinnedDocuments();
  proxy = await startEgressProxy({
    policy: createUrlPolicy({ allowlist: [] }),
    documents: docs,
    resolve: async (h) => {
      resolved.push(h);
      return ['127.0.0.1'];
    },
  });
});
afterAll(() => proxy.close());

function get(target: string, credential = true): Promise<{ status: number; body: string; type?: string }> {
  const u = new URL(proxy.url);
  const auth = `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;
  return new Promise((ok, bad) => {
    const req = http.request({ host: '127.0.0.1', port: Number(u.port), path: target, agent: false, headers: credential ? { 'proxy-authorization': auth } : {} });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => ok({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', bad).end();
  });
}

describe('pinned documents', () => {
  it('are answered by the proxy itself, from memory, never resolved or forwarded', async () => {
    resolved = [];
    const pin = docs.pin('#EXTM3U\n', 'application/vnd.apple.mpegurl', 'index.m3u8', 60_000);
    expect(pin.url).toMatch(new RegExp(`^http://${PINNED_HOST.replace(/\./g, '\\.')}/[\\w-]{24}/index\\.m3u8$`));
    expect(await get(pin.url)).toEqual({ status: 200, body: '#EXTM3U\n', type: 'application/vnd.apple.mpegurl' });
    expect((await get(`http://${PINNED_HOST}/nope/index.m3u8`)).status).toBe(404);
    expect(resolved).toEqual([]);
  });

  it('need the proxy credential', async () => {
    const pin = docs.pin('x', 'text/plain', 'a', 60_000);
    expect((await get(pin.url, false)).status).toBe(407);
  });

  it('are gone once released or expired', async () => {
    const pin = docs.pin('x', 'text/plain', 'a', 60_000);
    pin.release();
    expect((await get(pin.url)).status).toBe(404);
    const short = docs.pin('x', 'text/plain', 'a', 1);
    await new Promise((r) => setTimeout(r, 5));
    expect((await get(short.url)).status).toBe(404);
  });
});
