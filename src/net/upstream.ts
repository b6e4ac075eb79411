// VC_UPSTREAM_PROXY: the egress proxy's way out when the service itself may not reach the
// platforms directly (a datacenter IP they block, a corporate gateway). The egress proxy still
// resolves and checks every address first; the upstream is then asked for a tunnel to that
// checked IP and port, never to a host name, so it cannot resolve the name to anything the
// URL policy has not seen (its own network's private addresses included).
//
//   http://[user:pass@]host:port    HTTP CONNECT
//   https://[user:pass@]host:port   HTTP CONNECT over TLS to the proxy
//   socks5://[user:pass@]host:port  SOCKS5 (RFC 1928, user/password RFC 1929); socks5h is
//                                   accepted as a synonym: names are never sent either way
import net from 'node:net';
import tls from 'node:tls';

export interface Upstream {
  kind: 'http' | 'https' | 'socks5';
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  /** For logs and `doctor`: the URL without its password. */
  display: string;
}

/** Parses VC_UPSTREAM_PROXY; throws with a message naming what is wrong (never the password). */
export function parseUpstream(value: string): Upstream {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new Error('expected a URL such as http://proxy.example:3128 or socks5://user:pass@proxy.example:1080');
  }
  const scheme = u.protocol.slice(0, -1);
  const kind = scheme === 'socks5h' ? 'socks5' : scheme;
  if (kind !== 'http' && kind !== 'https' && kind !== 'socks5') throw new Error(`scheme ${scheme}: expected http, https, socks5 or socks5h`);
  if (!u.hostname) throw new Error('no host');
  if (u.pathname !== '/' && u.pathname !== '' ) throw new Error('a proxy URL has no path');
  const port = u.port ? Number(u.port) : kind === 'socks5' ? 1080 : kind === 'https' ? 443 : 8080;
  const username = u.username ? decodeURIComponent(u.username) : null;
  const password = u.password ? decodeURIComponent(u.password) : null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { kind, host, port, username, password, display: `${scheme}://${username ? `${encodeURIComponent(username)}:***@` : ''}${u.host}` };
}

/** Opens a tunnel through `up` to `ip:port` (an address the URL policy approved). */
export async function dialThrough(up: Upstream, ip: string, port: number, timeoutMs: number): Promise<net.Socket> {
  const socket = await connect(up, timeoutMs);
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`upstream proxy ${up.display} did not answer within ${timeoutMs} ms`)));
  try {
    if (up.kind === 'socks5') await socksConnect(socket, up, ip, port);
    else await httpConnect(socket, up, ip, port);
  } catch (err) {
    socket.destroy();
    throw err;
  }
  socket.setTimeout(0);
  return socket;
}

function connect(up: Upstream, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = up.kind === 'https' ? tls.connect({ host: up.host, port: up.port, servername: net.isIP(up.host) ? undefined : up.host }) : net.connect({ host: up.host, port: up.port });
    s.setTimeout(timeoutMs, () => s.destroy(new Error(`connecting to the upstream proxy ${up.display} timed out`)));
    s.once(up.kind === 'https' ? 'secureConnect' : 'connect', () => resolve(s));
    s.once('error', (err) => reject(new Error(`upstream proxy ${up.display}: ${err.message}`)));
  });
}

/** Reads from `socket` until `done(buffer)` says how many bytes the answer had (or it ends). */
function readAnswer(socket: net.Socket, done: (b: Buffer) => number | null): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const n = done(buf);
      if (n === null) {
        if (buf.length > 16 * 1024) finish(new Error('upstream proxy answer too long'));
        return;
      }
      finish(null);
      const rest = buf.subarray(n);
      if (rest.length > 0) socket.unshift(rest);
      resolve(buf.subarray(0, n));
    };
    const onEnd = () => finish(new Error('upstream proxy closed the connection'));
    const finish = (err: Error | null) => {
      socket.off('data', onData).off('end', onEnd).off('error', finish);
      if (err) reject(err);
    };
    socket.on('data', onData).once('end', onEnd).once('error', finish);
  });
}

async function httpConnect(socket: net.Socket, up: Upstream, ip: string, port: number): Promise<void> {
  const target = net.isIPv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`;
  const auth = up.username !== null ? `Proxy-Authorization: Basic ${Buffer.from(`${up.username}:${up.password ?? ''}`).toString('base64')}\r\n` : '';
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
  const head = await readAnswer(socket, (b) => {
    const end = b.indexOf('\r\n\r\n');
    return end < 0 ? null : end + 4;
  });
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.toString('latin1'))?.[1];
  if (status !== '200') throw new Error(`upstream proxy ${up.display} refused the tunnel (HTTP ${status ?? '?'})`);
}

const SOCKS_ERRORS: Record<number, string> = { 1: 'general failure', 2: 'not allowed by its rules', 3: 'network unreachable', 4: 'host unreachable', 5: 'connection refused', 6: 'TTL expired', 7: 'command not supported', 8: 'address type not supported' };

async function socksConnect(socket: net.Socket, up: Upstream, ip: string, port: number): Promise<void> {
  const withAuth = up.username !== null;
  socket.write(Buffer.from(withAuth ? [5, 2, 0, 2] : [5, 1, 0]));
  const method = (await readAnswer(socket, (b) => (b.length >= 2 ? 2 : null)))[1];
  if (method === 2 && withAuth) {
    const user = Buffer.from(up.username ?? '');
    const pass = Buffer.from(up.password ?? '');
    if (user.length > 255 || pass.length > 255) throw new Error('SOCKS5 user name and password are limited to 255 bytes');
    socket.write(Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([pass.length]), pass]));
    const ok = await readAnswer(socket, (b) => (b.length >= 2 ? 2 : null));
    if (ok[1] !== 0) throw new Error(`upstream proxy ${up.display} refused the user name or password`);
  } else if (method !== 0) {
    throw new Error(`upstream proxy ${up.display} offers no authentication method we can use`);
  }
  const v6 = net.isIPv6(ip);
  const addr = v6 ? ipv6Bytes(ip) : Buffer.from(ip.split('.').map(Number));
  const req = Buffer.concat([Buffer.from([5, 1, 0, v6 ? 4 : 1]), addr, Buffer.from([port >> 8, port & 0xff])]);
  socket.write(req);
  const reply = await readAnswer(socket, (b) => {
    if (b.length < 5) return null;
    const len = b[3] === 1 ? 4 : b[3] === 4 ? 16 : 1 + b[4];
    return b.length >= 6 + len ? 6 + len : null;
  });
  if (reply[1] !== 0) throw new Error(`upstream proxy ${up.display} could not connect: ${SOCKS_ERRORS[reply[1]] ?? `code ${reply[1]}`}`);
}

function ipv6Bytes(ip: string): Buffer {
  const [head, tail = ''] = ip.split('::');
  const parts = (s: string) => (s ? s.split(':') : []);
  const h = parts(head);
  const t = parts(tail);
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const buf = Buffer.alloc(16);
  groups.forEach((g, i) => buf.writeUInt16BE(parseInt(g, 16), i * 2));
  return buf;
}
