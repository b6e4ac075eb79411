// The filtering egress proxy (RELIABILITY.md "Hostile URLs"): every connection yt-dlp and
// ffmpeg open for a user goes through here, so the URL policy is enforced on the address
// actually connected to, after redirects, DNS changes and manifest segment URIs.
//
// - Absolute-form plain HTTP (`GET http://host/path`) is forwarded with node:http to the
//   checked IP, keeping the original Host header. `CONNECT host:port` (https) is a byte pipe
//   to the checked IP; TLS stays end to end between the engine and the site.
// - Each request resolves its host once; if ANY address is denied the request is refused
//   (403), as UrlPolicy.check does, and the socket goes to one of the checked addresses, never
//   to a second lookup's answer, so rebinding between check and connect has nothing to win.
// - Ports: 80 and 443, plus the ports VC_URL_ALLOWLIST opens: every port of a bare entry
//   (`10.0.0.5`), only the named one of a port entry (`10.0.0.5:8080`). Other ports on public
//   hosts are refused: they are where internal services of other networks listen, and media
//   sites serve from the standard ports.
// - Bound to 127.0.0.1 and guarded by a random per-process credential (Basic, in the proxy
//   URL), so other local users cannot use it as an open relay into the network.
// - The environment's *_proxy variables are not consulted. VC_UPSTREAM_PROXY (upstream.ts)
//   chains every connection through the operator's proxy, after the check and to the checked
//   IP, never to a name the upstream would resolve again.
// - Cookies (a job's `cookies`): a run may hand the proxy a cookie source; its plain-HTTP
//   requests that carry no Cookie header get the cookies that match their URL. This is how
//   ffmpeg gets them: its only other ways (-cookies, -headers) are command-line options, which
//   every local user can read.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { pipeline } from 'node:stream';
import type { Duplex } from 'node:stream';
import { cleanIp } from './ip.js';
import type { PinnedDocuments } from './pinned.js';
import { dialThrough, type Upstream } from './upstream.js';
import { systemResolver, type Resolver, type UrlPolicy } from './urlpolicy.js';

export interface EgressProxyOptions {
  policy: Pick<UrlPolicy, 'addressProblem' | 'allowlisted'>;
  /** Injected for tests; defaults to getaddrinfo, like the policy's own check. */
  resolve?: Resolver;
  resolveTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** A connection with no traffic either way for this long is closed. */
  idleTimeoutMs?: number;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /** Documents served by the proxy itself (pinned playlists, see pinned.ts); never forwarded. */
  documents?: PinnedDocuments;
  /** VC_UPSTREAM_PROXY: every connection goes through it, to the address this proxy checked. */
  upstream?: Upstream;
}

/** The Cookie header a run's request to `url` should carry, or null. */
export type CookieSource = (url: URL) => string | null;

export interface EgressProxy {
  /** `http://vc:<token>@127.0.0.1:<port>`; engines get per-run variants of it, in their environment only. */
  url: string;
  port: number;
  /**
   * The proxy URL with user name `tag` (letters/digits): refusals of requests made with it are
   * kept for takeRefusals, so a run's failure can be attributed to the policy even when the
   * engine's own message does not say why (yt-dlp hides fragment errors behind "empty file").
   */
  urlFor(tag: string): string;
  /** The refusal reasons recorded for `tag` (at most a few), forgetting them and its cookies. */
  takeRefusals(tag: string): string[];
  /** Cookies for `tag`'s plain-HTTP requests that carry none of their own, until takeRefusals(tag). */
  setCookies(tag: string, cookies: CookieSource): void;
  close(): Promise<void>;
}

const STANDARD_PORTS = new Set([80, 443]);
/**
 * The reason phrase of a policy refusal (403). yt-dlp quotes it in its error ("HTTP Error 403:
 * …", "Tunnel connection failed: 403 …"), which is how a refusal becomes url_not_allowed
 * rather than an upstream error (classifyYtdlpError). ffmpeg shows only the status code.
 */
export const REFUSED_REASON = 'Refused By VideoConduit URL Policy';
// Hop-by-hop headers (RFC 9110 7.6.1) and our credential never travel upstream or back.
const HOP = new Set(['connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

class Refusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export async function startEgressProxy(opts: EgressProxyOptions): Promise<EgressProxy> {
  const token = randomBytes(24).toString('hex');
  const expected = createHash('sha256').update(token).digest();
  const resolve = opts.resolve ?? systemResolver;
  const resolveTimeoutMs = opts.resolveTimeoutMs ?? 5000;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 120_000;
  const log = opts.log ?? (() => {});
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 16, timeout: idleTimeoutMs });

  const refusals = new Map<string, string[]>();
  const cookieSources = new Map<string, CookieSource>();
  /** A connection to a checked address: direct, or a tunnel through the upstream proxy. */
  const dial = (addresses: string[], port: number): Promise<net.Socket> =>
    opts.upstream ? firstOf(addresses, (a) => dialThrough(opts.upstream as Upstream, a, port, connectTimeoutMs)) : connectFirst(addresses, port, connectTimeoutMs);
  const TAG = /^[A-Za-z0-9]{1,40}$/;

  /** The caller's tag when the credential is right, else null. */
  const authorized = (req: http.IncomingMessage): string | null => {
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers['proxy-authorization'] ?? '');
    const [user = '', ...rest] = m ? Buffer.from(m[1] ?? '', 'base64').toString('utf8').split(':') : [];
    // Digests have equal length, so the comparison time says nothing about the token.
    const got = createHash('sha256').update(rest.join(':')).digest();
    return timingSafeEqual(got, expected) && TAG.test(user) ? user : null;
  };

  /** The checked address to connect to for host:port, or a Refusal. */
  async function approve(host: string, port: number): Promise<string[]> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Refusal(400, `bad port ${port}`);
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    let addresses: string[];
    if (net.isIP(bare)) addresses = [cleanIp(bare)];
    else {
      try {
        addresses = await withTimeout(resolve(bare.toLowerCase().replace(/\.+$/, '')), resolveTimeoutMs);
      } catch (err) {
        const why = err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
        throw new Refusal(502, `could not resolve ${host} (${why})`);
      }
      addresses = [...new Set(addresses.map(cleanIp))];
      if (addresses.length === 0) throw new Refusal(502, `${host} resolved to no addresses`);
    }
    for (const a of addresses) {
      const problem = opts.policy.addressProblem(a, bare, port);
      if (problem) throw new Refusal(403, `URL not allowed: ${problem}`);
      // A private address passed only through an allow-list entry for this port (or for all).
      if (!STANDARD_PORTS.has(port) && !opts.policy.allowlisted(a, bare, port)) {
        throw new Refusal(403, `URL not allowed: port ${port} of ${host} (only 80 and 443, plus the ports the allow-list opens)`);
      }
    }
    return addresses;
  }

  function refuse(tag: string, what: string, err: unknown): Refusal {
    const r = err instanceof Refusal ? err : new Refusal(502, err instanceof Error ? err.message : String(err));
    log('egress proxy refused a connection', { target: what, status: r.status, reason: r.message });
    if (r.status === 403 && tag !== 'vc') {
      const list = refusals.get(tag) ?? [];
      if (list.length < 5) list.push(r.message);
      refusals.set(tag, list);
    }
    return r;
  }

  const server = http.createServer({ requestTimeout: 0, headersTimeout: 30_000 });

  server.on('request', (req, res) => {
    res.on('error', () => {});
    const fail = (r: Refusal): void => {
      if (res.headersSent) return void res.destroy();
      const extra: Record<string, string> = r.status === 407 ? { 'proxy-authenticate': 'Basic realm="videoconduit"' } : {};
      const phrase = r.status === 403 ? REFUSED_REASON : (http.STATUS_CODES[r.status] ?? 'Error');
      res.writeHead(r.status, phrase, { 'content-type': 'text/plain', connection: 'close', ...extra }).end(`${r.message}\n`);
    };
    const tag = authorized(req);
    if (tag === null) return fail(new Refusal(407, 'proxy authentication required'));
    let target: URL;
    try {
      target = new URL(req.url ?? '');
      if (target.protocol !== 'http:') throw new Error('not http');
    } catch {
      return fail(refuse(tag, req.url ?? '', new Refusal(400, 'only absolute-form http:// requests and CONNECT are proxied')));
    }
    if (opts.documents?.owns(target)) {
      const doc = opts.documents.answer(target);
      if (!doc) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('no such pinned document\n');
      return void res.writeHead(200, { 'content-type': doc.type, 'content-length': doc.body.length }).end(req.method === 'HEAD' ? undefined : doc.body);
    }
    const port = target.port === '' ? 80 : Number(target.port);
    approve(target.hostname, port).then(
      (addresses) => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
        headers.host ??= target.host;
        const cookie = headers.cookie === undefined ? cookieSources.get(tag)?.(target) : null;
        if (cookie) headers.cookie = cookie;
        const via = opts.upstream ? dial(addresses, port) : null;
        const upstream = http.request({
          host: addresses[0], port, method: req.method, path: `${target.pathname}${target.search}`, headers, setHost: false,
          // Through the upstream proxy: one tunnel per request (no keep-alive pool to reuse).
          ...(via ? { createConnection: (_o: unknown, cb: (err: Error | null, s?: net.Socket) => void) => void via.then((s) => cb(null, s), (e: Error) => cb(e)) } : { agent }),
        } as http.RequestOptions);
        upstream.setTimeout(idleTimeoutMs, () => upstream.destroy(new Refusal(504, 'upstream timed out')));
        upstream.on('response', (up) => {
          const back: http.OutgoingHttpHeaders = {};
          for (const [k, v] of Object.entries(up.headers)) if (!HOP.has(k) && v !== undefined) back[k] = v;
          res.writeHead(up.statusCode ?? 502, up.statusMessage, back);
          pipeline(up, res, () => {});
        });
        upstream.on('error', (err) => fail(refuse(tag, target.host, err)));
        pipeline(req, upstream, () => {});
      },
      (err: unknown) => fail(refuse(tag, target.host, err)),
    );
  });

  server.on('connect', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    client.on('error', () => {});
    const fail = (r: Refusal): void => {
      const extra = r.status === 407 ? 'Proxy-Authenticate: Basic realm="videoconduit"\r\n' : '';
      const phrase = r.status === 403 ? REFUSED_REASON : (http.STATUS_CODES[r.status] ?? 'Error');
      client.end(`HTTP/1.1 ${r.status} ${phrase}\r\n${extra}Content-Type: text/plain\r\nConnection: close\r\n\r\n${r.message}\n`);
    };
    const tag = authorized(req);
    if (tag === null) return fail(new Refusal(407, 'proxy authentication required'));
    const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(req.url ?? '');
    if (!m) return fail(refuse(tag, req.url ?? '', new Refusal(400, 'CONNECT needs host:port')));
    const [, host = '', portText = ''] = m;
    approve(host, Number(portText))
      .then((addresses) => dial(addresses, Number(portText)))
      .then(
        (upstream) => {
          // A tunnel carries request/response exchanges (yt-dlp's plain HTTP too, forkserver_tunnel.py):
          // each write goes out at once rather than waiting on the previous one's ACK.
          upstream.setNoDelay(true);
          (client as net.Socket).setNoDelay?.(true);
          upstream.setTimeout(idleTimeoutMs, () => { upstream.destroy(); client.destroy(); });
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          if (head.length > 0) upstream.write(head);
          pipeline(client, upstream, client, () => {});
        },
        (err: unknown) => fail(refuse(tag, `${host}:${portText}`, err)),
      );
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((ok, bad) => {
    server.once('error', bad);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://vc:${token}@127.0.0.1:${port}`,
    port,
    urlFor(tag) {
      if (!TAG.test(tag)) throw new Error(`egress proxy tag "${tag}" must be 1-40 letters or digits`);
      return `http://${tag}:${token}@127.0.0.1:${port}`;
    },
    takeRefusals(tag) {
      const list = refusals.get(tag) ?? [];
      refusals.delete(tag);
      cookieSources.delete(tag);
      return list;
    },
    setCookies(tag, cookies) {
      if (!TAG.test(tag)) throw new Error(`egress proxy tag "${tag}" must be 1-40 letters or digits`);
      cookieSources.set(tag, cookies);
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Connects to the first address that answers, in resolver order; each try is bounded. */
function connectFirst(addresses: string[], port: number, timeoutMs: number): Promise<net.Socket> {
  return firstOf(addresses, (host) =>
    new Promise<net.Socket>((ok, bad) => {
      const s = net.connect({ host, port });
      s.setTimeout(timeoutMs, () => s.destroy(new Refusal(504, `connect to ${host}:${port} timed out`)));
      s.once('connect', () => { s.setTimeout(0); ok(s); });
      s.once('error', bad);
    }),
  );
}

/** The first address `open` succeeds with, in order; the last error when none does. */
async function firstOf(addresses: string[], open: (address: string) => Promise<net.Socket>): Promise<net.Socket> {
  let last: unknown = new Error('no addresses');
  for (const a of addresses) {
    try {
      return await open(a);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
