// VC_URL_ALLOWLIST entries: which private hosts/addresses may be fetched, and on which ports.
//
//   media.internal          the host name, every port
//   media.internal:8080     the host name, port 8080 only
//   10.0.0.5  10.0.0.0/8    an address or CIDR, every port
//   10.0.0.5:8080           an address, port 8080 only
//   10.0.0.0/8:8080         a CIDR, port 8080 only
//   fd00::/8  ::1           IPv6 address or CIDR, every port (bare: a colon is no port separator)
//   [::1]:8080 [fd00::/8]:8080   IPv6 with a port: brackets required
//
// A bare entry opens every port of what it names (docs/security.md says so); a port entry
// opens only that port. Opening "every port" of an intranet host is usually more than meant.
import { bytesInCidr, embeddedV4, parseCidr, parseIp, type Cidr, type IpBytes } from './ip.js';

export interface AllowRule {
  /** Exact host name (normalised) or an address range. */
  host: string | null;
  cidr: Cidr | null;
  /** null = every port. */
  port: number | null;
  /** The entry as configured (for messages). */
  text: string;
}

/** Host as compared with allow-list names: lower case, no brackets, no trailing dot. */
export function normHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h.replace(/\.+$/, '');
}

/** Allow-list names go through the URL parser too, so `Bücher.example` matches its punycode. */
function hostForAllowlist(entry: string): string {
  try {
    return normHost(new URL(`http://${entry}/`).hostname);
  } catch {
    return normHost(entry);
  }
}

function parsePort(text: string, entry: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new Error(`URL allow-list entry "${entry}": port must be 1-65535`);
  return port;
}

/** Parses one entry; throws on anything that is not clearly a host, address or CIDR (a typo must fail startup). */
export function parseAllowEntry(raw: string): AllowRule {
  const entry = raw.trim();
  const rule = (host: string | null, cidr: Cidr | null, port: number | null): AllowRule => ({ host, cidr, port, text: entry });
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(entry);
  if (bracketed) {
    const inner = bracketed[1] ?? '';
    if (!parseIp(inner.split('/')[0] ?? '')) throw new Error(`URL allow-list entry "${entry}" has no IP address in its brackets`);
    return rule(null, parseCidr(inner), bracketed[2] === undefined ? null : parsePort(bracketed[2], entry));
  }
  // A bare address or CIDR (IPv6 ones contain colons, so they are tried before host:port).
  const [addr = '', prefix] = entry.split('/');
  if (parseIp(addr) && (prefix === undefined || /^\d+$/.test(prefix))) return rule(null, parseCidr(entry), null);
  const withPort = /^(.+):([^:]*)$/.exec(entry);
  const base = withPort ? (withPort[1] ?? '') : entry;
  const port = withPort ? parsePort(withPort[2] ?? '', entry) : null;
  if (parseIp(base.split('/')[0] ?? '')) {
    if (base.includes(':')) throw new Error(`URL allow-list entry "${entry}": write an IPv6 address with a port as [address]:port`);
    return rule(null, parseCidr(base), port);
  }
  // Looks like an address but is not one: refuse rather than open something else.
  if (base.includes('/') || base.includes(':') || /^[\d.]+$/.test(base)) {
    throw new Error(`URL allow-list entry "${entry}" is neither a host name nor a valid IP/CIDR (with an optional :port)`);
  }
  const host = hostForAllowlist(base);
  // `0x7f.1` and friends come out of the URL parser as an IP: treat them as one.
  return parseIp(host) ? rule(null, parseCidr(host), port) : rule(host, null, port);
}

export interface Allowlist {
  /** True when an entry names `host` (exactly) or contains `ip`, for `port` (undefined: only entries for every port). */
  allows(ip: IpBytes | null, host: string | undefined, port: number | undefined): boolean;
}

export function compileAllowlist(entries: readonly string[]): Allowlist {
  const rules = entries.filter((e) => e.trim() !== '').map(parseAllowEntry);
  const portOk = (r: AllowRule, port: number | undefined) => r.port === null || r.port === port;
  return {
    allows(ip, host, port) {
      const name = host === undefined ? undefined : normHost(host);
      const embedded = ip ? embeddedV4(ip) : null;
      return rules.some((r) => {
        if (!portOk(r, port)) return false;
        if (r.host !== null) return r.host === name;
        if (!r.cidr || !ip) return false;
        // Connecting to a mapped/NAT64/6to4 address reaches the embedded IPv4 host.
        return bytesInCidr(ip, r.cidr) || (embedded !== null && bytesInCidr(embedded.v4, r.cidr));
      });
    },
  };
}
