// The one SSRF policy for user-supplied URLs (RELIABILITY.md "Hostile URLs").
//
// `check(url)` is the up-front gate (scheme, credentials, literal IPs, every resolved
// address). It is NOT sufficient alone: DNS can change between check and connect and
// redirects/manifests lead elsewhere, so whatever opens sockets for a user (egress proxy,
// webhook sender) must also call `checkAddress(ip, host)` on the address it actually
// connects to, and connect to the addresses returned here rather than re-resolving.
import dns from 'node:dns';
import net from 'node:net';
import { compileAllowlist, normHost } from './allowlist.js';
import { bytesInCidr, cleanIp, embeddedV4, formatV4, parseCidr, parseIp, type Cidr, type IpBytes } from './ip.js';

export { ipInCidrs, isLoopback } from './ip.js';

export type UrlVerdict = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: string };

export type Resolver = (host: string) => Promise<string[]>;

export interface UrlPolicyOptions {
  /** Exact host names, IPs or CIDRs, each optionally with `:port`, that may be fetched even though private (see allowlist.ts). */
  allowlist: string[];
  /** Injected for tests; defaults to the system resolver (getaddrinfo, like the engines use). */
  resolve?: Resolver;
  /** A resolver that hangs must not hang the request; fail closed after this long. */
  resolveTimeoutMs?: number;
}

export interface UrlPolicy {
  check(url: string): Promise<UrlVerdict>;
  /**
   * True when connecting to `ip` on `port` (reached via `host`, if given) is allowed. Without a
   * port only allow-list entries that open every port count (a `host:port` entry needs the port).
   */
  checkAddress(ip: string, host?: string, port?: number): boolean;
  /** Why `ip` (on `port`) is refused, or null when it is allowed. */
  addressProblem(ip: string, host?: string, port?: number): string | null;
  /** True when an allow-list entry names `ip` (or `host`) for `port` (the egress proxy's test for non-standard ports). */
  allowlisted(ip: string, host: string | undefined, port: number): boolean;
}

type Range = { cidr: Cidr; label: string };
const ranges = (list: [string, string][]): Range[] =>
  list.map(([c, label]) => ({ cidr: parseCidr(c), label }));

// First match wins, so specific entries precede the ranges that contain them.
const DENY_V4 = ranges([
  ['0.0.0.0/8', 'the unspecified ("this network") range'],
  ['10.0.0.0/8', 'a private range'],
  ['100.64.0.0/10', 'the carrier-grade NAT range'],
  ['127.0.0.0/8', 'the loopback range'],
  ['169.254.0.0/16', 'the link-local range (cloud metadata endpoints live here)'],
  ['172.16.0.0/12', 'a private range'],
  ['192.0.0.0/24', 'the IETF protocol assignments range'],
  ['192.0.2.0/24', 'a documentation range'],
  ['192.168.0.0/16', 'a private range'],
  ['198.18.0.0/15', 'the benchmarking range'],
  ['198.51.100.0/24', 'a documentation range'],
  ['203.0.113.0/24', 'a documentation range'],
  ['224.0.0.0/4', 'the multicast range'],
  ['255.255.255.255/32', 'the broadcast address'],
  ['240.0.0.0/4', 'the reserved range'],
]);

// IPv4-mapped, NAT64 (64:ff9b::/96) and 6to4 are not listed: they are judged by the v4
// address they embed (see embeddedV4), so DNS64 networks keep working for public hosts.
const DENY_V6 = ranges([
  ['::/128', 'the unspecified address'],
  ['::1/128', 'the loopback address'],
  ['::/96', 'the deprecated IPv4-compatible range'],
  ['::ffff:0:0:0/96', 'the IPv4-translated range'],
  ['64:ff9b:1::/48', 'the local-use NAT64 range'],
  ['100::/64', 'the discard-only range'],
  ['2001::/32', 'the Teredo range'],
  ['2001:db8::/32', 'a documentation range'],
  ['fc00::/7', 'the unique-local (private) range'],
  ['fe80::/10', 'the link-local range'],
  ['fec0::/10', 'the deprecated site-local range'],
  ['ff00::/8', 'the multicast range'],
]);

function deniedLabel(b: IpBytes): string | null {
  const table = b.length === 4 ? DENY_V4 : DENY_V6;
  return table.find((r) => bytesInCidr(b, r.cidr))?.label ?? null;
}

/** getaddrinfo, as the engines would resolve; the egress proxy resolves the same way. */
export const systemResolver: Resolver = async (host) => {
  const found = await dns.promises.lookup(host, { all: true, verbatim: true });
  return found.map((a) => a.address);
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const MAX_URL_LENGTH = 8192;

export function createUrlPolicy(opts: UrlPolicyOptions): UrlPolicy {
  const allow = compileAllowlist(opts.allowlist); // throws on a malformed entry
  const resolve = opts.resolve ?? systemResolver;
  const resolveTimeoutMs = opts.resolveTimeoutMs ?? 5000;

  function addressProblem(ip: string, host?: string, port?: number): string | null {
    const clean = cleanIp(ip);
    const b = parseIp(clean);
    const from = host !== undefined && normHost(host) !== normHost(clean) ? ` (from ${host})` : '';
    if (!b) return `"${ip}"${from} is not an IP address`;
    if (allow.allows(b, host, port)) return null;
    const embedded = embeddedV4(b);
    if (embedded) {
      // Connecting to these really reaches the embedded IPv4 host, so judge that one.
      const label = deniedLabel(embedded.v4);
      const v4 = formatV4(embedded.v4);
      return label ? `address ${clean}${from} is ${embedded.kind} for ${v4}, which is in ${label}` : null;
    }
    const label = deniedLabel(b);
    return label ? `address ${clean}${from} is in ${label}` : null;
  }

  async function check(input: string): Promise<UrlVerdict> {
    if (typeof input !== 'string' || input.length === 0) return { ok: false, reason: 'URL is empty' };
    if (input.length > MAX_URL_LENGTH) return { ok: false, reason: `URL is longer than ${MAX_URL_LENGTH} characters` };
    let url: URL;
    try {
      // WHATWG parsing also canonicalises 2130706433, 0x7f.1, 0177.0.0.1 etc. to dotted
      // decimal, so the same address checks below see them as 127.0.0.1.
      url = new URL(input);
    } catch {
      return { ok: false, reason: 'not a valid absolute URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, reason: `scheme "${url.protocol.replace(/:$/, '')}" is not allowed; only http and https` };
    }
    if (url.username !== '' || url.password !== '') {
      return { ok: false, reason: 'URLs with credentials (user:pass@host) are not allowed' };
    }
    const host = url.hostname;
    if (host === '') return { ok: false, reason: 'URL has no host' };

    // The port matters only for allow-list entries with one (`10.0.0.5:8080`).
    const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    const literal = host.startsWith('[') ? host.slice(1, -1) : net.isIPv4(host) ? host : null;
    if (literal !== null) {
      const problem = addressProblem(literal, undefined, port);
      return problem ? { ok: false, reason: problem } : { ok: true, url, addresses: [literal] };
    }

    let addresses: string[];
    try {
      addresses = await withTimeout(resolve(normHost(host)), resolveTimeoutMs);
    } catch (err) {
      const why = err instanceof Error ? ((err as NodeJS.ErrnoException).code ?? err.message) : String(err);
      return { ok: false, reason: `could not resolve host ${host} (${why}); refusing rather than guessing` };
    }
    addresses = [...new Set(addresses.map(cleanIp))];
    if (addresses.length === 0) {
      return { ok: false, reason: `host ${host} resolved to no addresses` };
    }
    // Any denied address refuses the URL: the fetcher may pick any of them (and a
    // rebinding attacker would make sure it picks the bad one).
    for (const a of addresses) {
      const problem = addressProblem(a, host, port);
      if (problem) return { ok: false, reason: problem };
    }
    return { ok: true, url, addresses };
  }

  return {
    check,
    addressProblem,
    checkAddress: (ip, host, port) => addressProblem(ip, host, port) === null,
    allowlisted: (ip, host, port) => allow.allows(parseIp(cleanIp(ip)), host, port),
  };
}
