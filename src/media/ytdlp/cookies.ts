// A job's cookies (`cookies`: Netscape cookies.txt text): checked at submit, rewritten in a
// canonical form for yt-dlp's --cookies file, and matched against URLs for the egress proxy,
// which adds them to ffmpeg's plain-HTTP requests of the same host (docs/security.md "Cookies").
// Nothing here logs or echoes a cookie: problems name the line, never its content.

export interface Cookie {
  domain: string;
  /** The TRUE/FALSE flag: the cookie also goes to subdomains of `domain`. */
  includeSubdomains: boolean;
  path: string;
  secure: boolean;
  /** Unix seconds; 0 = a session cookie. */
  expires: number;
  httpOnly: boolean;
  name: string;
  value: string;
}

/** Larger files are a whole browser profile; a site needs a few cookies. */
export const MAX_COOKIES_CHARS = 32 * 1024;
export const MAX_COOKIES = 300;
const HTTP_ONLY = '#HttpOnly_';
const FLAG = /^(TRUE|FALSE)$/i;
// RFC 6265 token for names; values without CTLs, whitespace, quote, comma, semicolon, backslash.
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^"?[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*"?$/;
const DOMAIN = /^\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$|^\[[0-9A-Fa-f:.]+\]$/;

export type ParsedCookies = { ok: true; cookies: Cookie[] } | { ok: false; problem: string };

/**
 * Reads Netscape cookies.txt text (what browser extensions and `yt-dlp --cookies` write):
 * one cookie per line, 7 tab-separated fields (domain, include-subdomains, path, secure,
 * expiry, name, value); `#` comments and blank lines skipped; `#HttpOnly_` prefixes kept.
 */
export function parseNetscapeCookies(text: string): ParsedCookies {
  if (text.length > MAX_COOKIES_CHARS) return { ok: false, problem: `at most ${MAX_COOKIES_CHARS} characters (export only the site's cookies)` };
  const cookies: Cookie[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const httpOnly = raw.startsWith(HTTP_ONLY);
    const line = httpOnly ? raw.slice(HTTP_ONLY.length) : raw;
    if (line.trim() === '' || (!httpOnly && line.startsWith('#'))) continue;
    const at = `line ${i + 1}`;
    const f = line.split('\t');
    if (f.length !== 7) return { ok: false, problem: `${at}: expected 7 tab-separated fields (domain, subdomains, path, secure, expiry, name, value), found ${f.length}` };
    const [domain, sub, path, secure, expiry, name, value] = f as [string, string, string, string, string, string, string];
    if (!DOMAIN.test(domain)) return { ok: false, problem: `${at}: the domain is not a host name` };
    if (!FLAG.test(sub) || !FLAG.test(secure)) return { ok: false, problem: `${at}: the 2nd and 4th fields must be TRUE or FALSE` };
    if (!path.startsWith('/') || /[\s;]/.test(path)) return { ok: false, problem: `${at}: the path must start with / and hold no spaces or semicolons` };
    if (!/^\d{1,12}$/.test(expiry)) return { ok: false, problem: `${at}: the expiry must be Unix seconds (0 for a session cookie)` };
    if (!NAME.test(name)) return { ok: false, problem: `${at}: the cookie name has characters a cookie name cannot have` };
    if (!VALUE.test(value)) return { ok: false, problem: `${at}: the cookie value has characters a cookie value cannot have` };
    cookies.push({ domain: domain.toLowerCase(), includeSubdomains: /^TRUE$/i.test(sub), path, secure: /^TRUE$/i.test(secure), expires: Number(expiry), httpOnly, name, value });
    if (cookies.length > MAX_COOKIES) return { ok: false, problem: `at most ${MAX_COOKIES} cookies` };
  }
  if (cookies.length === 0) return { ok: false, problem: 'no cookie lines found (Netscape cookies.txt: 7 tab-separated fields per line)' };
  return { ok: true, cookies };
}

/** The canonical cookies.txt yt-dlp reads (its header line included). */
export function netscapeText(cookies: readonly Cookie[]): string {
  const lines = cookies.map((c) =>
    [`${c.httpOnly ? HTTP_ONLY : ''}${c.domain}`, c.includeSubdomains ? 'TRUE' : 'FALSE', c.path, c.secure ? 'TRUE' : 'FALSE', String(c.expires), c.name, c.value].join('\t'),
  );
  return `# Netscape HTTP Cookie File\n${lines.join('\n')}\n`;
}

/** Cookies matched against request URLs the way a browser matches them (RFC 6265 5.1.3, 5.1.4). */
export class CookieJar {
  constructor(readonly cookies: readonly Cookie[]) {}

  /** The Cookie header for a request to `url`, or null when no cookie applies. */
  headerFor(url: URL, now = Date.now()): string | null {
    const host = url.hostname.toLowerCase();
    const pairs = this.cookies
      .filter((c) => (c.expires === 0 || c.expires * 1000 > now) && (!c.secure || url.protocol === 'https:') && domainMatches(host, c) && pathMatches(url.pathname || '/', c.path))
      // Longer paths first, as browsers send them.
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`);
    return pairs.length > 0 ? pairs.join('; ') : null;
  }
}

function domainMatches(host: string, c: Cookie): boolean {
  const domain = c.domain.replace(/^\./, '').replace(/\.$/, '').replace(/^\[|\]$/g, '');
  if (host === domain) return true;
  // A leading dot in the file means the same as the flag (curl and browsers write both).
  return (c.includeSubdomains || c.domain.startsWith('.')) && host.endsWith(`.${domain}`);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  return requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/');
}
