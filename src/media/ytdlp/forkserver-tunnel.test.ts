// yt-dlp's own plain-HTTP requests, run in the fork server with a proxy in their environment,
// open CONNECT tunnels (forkserver_tunnel.py), and the proxy's credential never reaches the site.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { proxyVariables } from '../process/env.js';
import { infoArgs } from './args.js';
import { YtdlpForkServer, ytdlpPaths } from './forkserver.js';

let server: YtdlpForkServer;
beforeAll(async () => {
  server = await YtdlpForkServer.start({ python: ytdlpPaths(loadConfig({})).python });
});
afterAll(async () => server?.close());

/** A stand-in proxy that records request heads: the proxy's own, then, inside a tunnel, the site's. */
async function recordingProxy(): Promise<{ port: number; heads: string[]; close(): void }> {
  const heads: string[] = [];
  const srv = net.createServer((sock) => {
    let buf = '';
    let tunneled = false;
    sock.on('data', (chunk) => {
      buf += chunk.toString('latin1');
      let end: number;
      while ((end = buf.indexOf('\r\n\r\n')) >= 0) {
        const head = buf.slice(0, end);
        buf = buf.slice(end + 4);
        heads.push(head);
        if (!tunneled && head.startsWith('CONNECT ')) {
          tunneled = true;
          sock.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        } else sock.write('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  return { port: (srv.address() as net.AddressInfo).port, heads, close: () => srv.close() };
}

describe('plain HTTP through the egress proxy from the fork server', () => {
  it('tunnels with CONNECT, the credential on the CONNECT only', async () => {
    const proxy = await recordingProxy();
    try {
      const url = 'http://203.0.113.7/media/video.mp4';
      const r = await server.run(infoArgs(url, { playlist: false }), { env: { ...proxyVariables(`http://vc:s3cret@127.0.0.1:${proxy.port}`), VC_EGRESS_TUNNEL_HTTP: '1' }, timeoutMs: 60_000 });
      expect(r.code).not.toBe(0); // the stand-in answers 404
      const [connect, inside] = proxy.heads;
      expect(connect).toMatch(/^CONNECT 203\.0\.113\.7:80 HTTP\/1\.[01]\r\n/);
      expect(connect).toMatch(/\r\nProxy-Authorization: Basic /i);
      expect(inside).toMatch(/^(GET|HEAD) \/media\/video\.mp4 HTTP\/1\.1\r\n/);
      expect(inside).toMatch(/\r\nHost: 203\.0\.113\.7\r\n/i);
      for (const head of proxy.heads.slice(1)) {
        expect(head).not.toMatch(/proxy-authorization/i);
        expect(head).not.toContain('s3cret');
      }
    } finally {
      proxy.close();
    }
  });

  it('forwards as before without the flag (an operator\'s own proxy may allow CONNECT to 443 only)', async () => {
    const proxy = await recordingProxy();
    try {
      await server.run(infoArgs('http://203.0.113.7/media/video.mp4', { playlist: false }), { env: proxyVariables(`http://vc:s3cret@127.0.0.1:${proxy.port}`), timeoutMs: 60_000 });
      expect(proxy.heads[0]).toMatch(/^(GET|HEAD) http:\/\/203\.0\.113\.7\/media\/video\.mp4 HTTP\/1\.1\r\n/);
    } finally {
      proxy.close();
    }
  });
});
