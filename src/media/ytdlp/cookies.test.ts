import { describe, expect, it } from 'vitest';
import { CookieJar, MAX_COOKIES_CHARS, netscapeText, parseNetscapeCookies } from './cookies.js';

const FILE = [
  '# Netscape HTTP Cookie File',
  '# exported by a browser extension',
  '',
  '.example.com\tTRUE\t/\tTRUE\t0\tSID\tsecret-1',
  '#HttpOnly_www.example.com\tFALSE\t/watch\tFALSE\t4102444800\tpref\ta=b',
  'old.example.com\tFALSE\t/\tFALSE\t1\tgone\tx',
].join('\r\n');

describe('Netscape cookies', () => {
  it('reads the browser-export format, #HttpOnly_ included, and writes it back canonically', () => {
    const parsed = parseNetscapeCookies(FILE);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.cookies.map((c) => [c.domain, c.name, c.httpOnly, c.secure])).toEqual([
      ['.example.com', 'SID', false, true],
      ['www.example.com', 'pref', true, false],
      ['old.example.com', 'gone', false, false],
    ]);
    const text = netscapeText(parsed.cookies);
    expect(text.split('\n')[0]).toBe('# Netscape HTTP Cookie File');
    expect(text).toContain('#HttpOnly_www.example.com\tFALSE\t/watch\tFALSE\t4102444800\tpref\ta=b');
    expect(parseNetscapeCookies(text)).toEqual(parsed);
  });

  it.each([
    ['', /no cookie lines/],
    ['# only a comment\n', /no cookie lines/],
    ['example.com TRUE / FALSE 0 a b', /line 1: expected 7 tab-separated fields/],
    ['exa mple.com\tTRUE\t/\tFALSE\t0\ta\tb', /line 1: the domain/],
    ['example.com\tyes\t/\tFALSE\t0\ta\tb', /TRUE or FALSE/],
    ['example.com\tTRUE\tpath\tFALSE\t0\ta\tb', /path must start with \//],
    ['example.com\tTRUE\t/\tFALSE\tsoon\ta\tb', /expiry/],
    ['example.com\tTRUE\t/\tFALSE\t0\ta b\tc', /cookie name/],
    ['\n\nexample.com\tTRUE\t/\tFALSE\t0\ta\tb;c', /line 3: the cookie value/],
    ['x'.repeat(MAX_COOKIES_CHARS + 1), /at most/],
  ])('refuses %j naming the line, never the content', (text, problem) => {
    const parsed = parseNetscapeCookies(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toMatch(problem);
      expect(parsed.problem).not.toMatch(/b;c|a b/);
    }
  });

  it('matches domain, subdomains, path, secure and expiry like a browser', () => {
    const parsed = parseNetscapeCookies(FILE);
    if (!parsed.ok) throw new Error(parsed.problem);
    const jar = new CookieJar(parsed.cookies);
    const at = (u: string) => jar.headerFor(new URL(u), Date.UTC(2030, 0, 1));
    expect(at('https://www.example.com/watch/1')).toBe('pref=a=b; SID=secret-1');
    expect(at('http://www.example.com/watch')).toBe('pref=a=b'); // SID is secure-only
    expect(at('https://cdn.example.com/x')).toBe('SID=secret-1');
    expect(at('https://www.example.com/watchlist')).toBe('SID=secret-1'); // not under /watch
    expect(at('https://old.example.com/')).toBe('SID=secret-1'); // `gone` expired
    expect(at('https://example.org/')).toBeNull();
    expect(at('https://notexample.com/')).toBeNull();
  });
});
