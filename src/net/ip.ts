// IP parsing and CIDR matching on raw bytes, shared by the URL policy and the
// HTTPS / trusted-proxy checks. Own code (no ipaddr dependency): we need the bytes anyway
// to see IPv4 addresses hidden inside IPv6 ones (mapped, NAT64, 6to4), which a plain
// BlockList lookup would not report.
import net from 'node:net';

export type IpBytes = Uint8Array; // 4 bytes (IPv4) or 16 bytes (IPv6)

export interface Cidr {
  bytes: IpBytes;
  prefix: number;
}

/** Strips brackets (`[::1]`) and an IPv6 zone id (`fe80::1%eth0`) so net.isIP can judge it. */
export function cleanIp(ip: string): string {
  let s = ip.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  const pct = s.indexOf('%');
  if (pct !== -1 && s.includes(':')) s = s.slice(0, pct);
  return s;
}

function parseV4(s: string): IpBytes | null {
  if (net.isIPv4(s) === false) return null;
  const parts = s.split('.').map(Number);
  return Uint8Array.from(parts);
}

function parseV6(s: string): IpBytes | null {
  if (net.isIPv6(s) === false) return null;
  let text = s.toLowerCase();
  // A trailing dotted quad (`::ffff:127.0.0.1`) becomes two hex groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseV4(tail);
    if (!v4) return null;
    const hi = ((v4[0] << 8) | v4[1]).toString(16);
    const lo = ((v4[2] << 8) | v4[3]).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hi}:${lo}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  });
  return out;
}

/** Parses an IPv4 or IPv6 literal (brackets and zone ids tolerated); null if not an IP. */
export function parseIp(ip: string): IpBytes | null {
  const s = cleanIp(ip);
  return parseV4(s) ?? parseV6(s);
}

export function formatV4(b: IpBytes): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

function startsWith(b: IpBytes, prefix: number[]): boolean {
  return prefix.every((v, i) => b[i] === v);
}

/**
 * The IPv4 address an IPv6 address stands for, where connecting to the v6 address really
 * reaches that v4 host: IPv4-mapped (::ffff:0:0/96), NAT64 well-known prefix
 * (64:ff9b::/96, RFC 6052) and 6to4 (2002::/16, v4 in bytes 2-5). Null otherwise.
 */
export function embeddedV4(b: IpBytes): { kind: string; v4: IpBytes } | null {
  if (b.length !== 16) return null;
  if (startsWith(b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) {
    return { kind: 'IPv4-mapped', v4: b.slice(12, 16) };
  }
  if (startsWith(b, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) {
    return { kind: 'NAT64', v4: b.slice(12, 16) };
  }
  if (startsWith(b, [0x20, 0x02])) return { kind: '6to4', v4: b.slice(2, 6) };
  return null;
}

/**
 * Address as the socket layer sees it: an IPv4-mapped IPv6 address (what `request.ip`
 * looks like on a dual-stack listener) is folded to its IPv4 form so v4 CIDRs match it.
 */
function socketBytes(ip: string): IpBytes | null {
  const b = parseIp(ip);
  if (b && b.length === 16) {
    const e = embeddedV4(b);
    if (e && e.kind === 'IPv4-mapped') return e.v4;
  }
  return b;
}

/** Parses `a.b.c.d/n`, `v6/n` or a bare IP (a /32 or /128); throws on anything else. */
export function parseCidr(text: string): Cidr {
  const [addr, len, extra] = text.trim().split('/');
  const bytes = addr === undefined ? null : parseIp(addr);
  if (!bytes || extra !== undefined) throw new Error(`"${text}" is not an IP address or CIDR`);
  const max = bytes.length * 8;
  const prefix = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new Error(`"${text}": prefix length must be 0-${max}`);
  return { bytes, prefix };
}

/** True when `ip` (already parsed) lies in `cidr`; families never match each other. */
export function bytesInCidr(ip: IpBytes, cidr: Cidr): boolean {
  if (ip.length !== cidr.bytes.length) return false;
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip[i] & mask) !== (cidr.bytes[i] & mask)) return false;
  }
  return true;
}

/** Parses a list of CIDRs, silently dropping invalid ones (they then never match: fail closed). */
export function compileCidrs(cidrs: readonly string[]): Cidr[] {
  const out: Cidr[] = [];
  for (const c of cidrs) {
    try {
      out.push(parseCidr(c));
    } catch {
      // ignored on purpose; config validation reports bad entries at startup
    }
  }
  return out;
}

/**
 * True when `ip` lies in any of `cidrs` (IPs or CIDRs, v4 or v6). IPv4-mapped IPv6
 * addresses match IPv4 CIDRs. Invalid IPs and invalid CIDR entries never match.
 */
export function ipInCidrs(ip: string, cidrs: readonly (string | Cidr)[]): boolean {
  const b = socketBytes(ip);
  if (!b) return false;
  const parsed = cidrs.map((c) => (typeof c === 'string' ? compileCidrs([c])[0] : c));
  return parsed.some((c) => c !== undefined && bytesInCidr(b, c));
}

/** Loopback: 127.0.0.0/8, ::1 and IPv4-mapped ::ffff:127.x.y.z. */
export function isLoopback(ip: string): boolean {
  const b = socketBytes(ip);
  if (!b) return false;
  if (b.length === 4) return b[0] === 127;
  return b.every((v, i) => (i === 15 ? v === 1 : v === 0));
}
