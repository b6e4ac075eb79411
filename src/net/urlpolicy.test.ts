import { describe, expect, it } from 'vitest';
import { createUrlPolicy, type Resolver } from './urlpolicy.js';

// Names resolve only through this table: the tests never touch real DNS.
const DNS: Record<string, string[]> = {
  'public.example': ['93.184.216.34'],
  'v6.example': ['2606:2800:220:1:248:1893:25c8:1946'],
  'mixed.example': ['93.184.216.34', '10.0.0.1'],
  'internal.example': ['10.0.0.5'],
  'metadata.example': ['169.254.169.254'],
  'ula.example': ['fd00:ec2::254'],
  'mapped.example': ['::ffff:192.168.1.1'],
  'empty.example': [],
  'allowed.internal': ['10.1.2.3'],
  'garbage.example': ['not-an-ip'],
};
const resolve: Resolver = async (host) => {
  const found = DNS[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};

const policy = createUrlPolicy({ allowlist: [], resolve });

async function refused(url: string, p = policy): Promise<string> {
  const v = await p.check(url);
  if (v.ok) throw new Error(`expected ${url} to be refused, got ${v.addresses.join(',')}`);
  return v.reason;
}

describe('schemes and shape', () => {
  it.each(['ftp://public.example/a', 'file:///etc/passwd', 'gopher://public.example:70/_x', 'javascript:alert(1)',
    'data:text/plain,hi', 'ws://public.example/', 'dict://127.0.0.1:11211/'])('refuses %s', async (url) => {
    expect(await refused(url)).toMatch(/scheme ".*" is not allowed/);
  });

  it('refuses garbage and empty input', async () => {
    expect(await refused('not a url')).toMatch(/not a valid/);
    expect(await refused('')).toMatch(/empty/);
    expect(await refused('/relative/path')).toMatch(/not a valid/);
    expect(await refused(`http://public.example/${'a'.repeat(9000)}`)).toMatch(/longer than/);
  });

  it('refuses credentials in the URL', async () => {
    expect(await refused('http://user:pass@public.example/')).toMatch(/credentials/);
    expect(await refused('https://user@public.example/')).toMatch(/credentials/);
    expect(await refused('http://:pw@public.example/')).toMatch(/credentials/);
  });

  it('accepts a public host and returns its addresses to pin', async () => {
    const v = await policy.check('https://public.example/watch?v=1');
    expect(v).toMatchObject({ ok: true, addresses: ['93.184.216.34'] });
    if (v.ok) expect(v.url.hostname).toBe('public.example');
    expect(await policy.check('http://v6.example:8080/')).toMatchObject({ ok: true });
    expect(await policy.check('http://93.184.216.34/')).toMatchObject({ ok: true, addresses: ['93.184.216.34'] });
    expect(await policy.check('http://[2606:4700::1111]/')).toMatchObject({ ok: true, addresses: ['2606:4700::1111'] });
  });
});

describe('IP literals', () => {
  it.each([
    ['http://127.0.0.1/', /127\.0\.0\.1 is in the loopback range/],
    ['http://127.1/', /loopback/],
    ['http://2130706433/', /127\.0\.0\.1.*loopback/],
    ['http://0x7f.1/', /127\.0\.0\.1.*loopback/],
    ['http://0177.0.0.1/', /127\.0\.0\.1.*loopback/],
    ['http://0x7f000001/', /loopback/],
    ['http://0/', /unspecified/],
    ['http://0.0.0.0:8080/', /unspecified/],
    ['http://10.0.0.5/', /private/],
    ['http://172.16.0.1/', /private/],
    ['http://172.31.255.255/', /private/],
    ['http://192.168.0.1/', /private/],
    ['http://100.64.0.1/', /carrier-grade NAT/],
    ['http://100.100.100.200/', /carrier-grade NAT/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is in the link-local/],
    ['http://169.254.170.2/v2/credentials', /link-local/],
    ['http://192.0.0.1/', /IETF/],
    ['http://192.0.2.1/', /documentation/],
    ['http://198.18.0.1/', /benchmarking/],
    ['http://198.19.255.255/', /benchmarking/],
    ['http://198.51.100.7/', /documentation/],
    ['http://203.0.113.9/', /documentation/],
    ['http://224.0.0.1/', /multicast/],
    ['http://239.255.255.250/', /multicast/],
    ['http://240.0.0.1/', /reserved/],
    ['http://255.255.255.255/', /broadcast/],
    ['http://[::]/', /unspecified/],
    ['http://[::1]:3000/', /::1 is in the loopback/],
    ['http://[::ffff:7f00:1]/', /IPv4-mapped for 127\.0\.0\.1.*loopback/],
    ['http://[::ffff:127.0.0.1]/', /IPv4-mapped for 127\.0\.0\.1/],
    ['http://[::ffff:169.254.169.254]/', /IPv4-mapped for 169\.254\.169\.254/],
    ['http://[::ffff:a00:1]/', /IPv4-mapped for 10\.0\.0\.1.*private/],
    ['http://[64:ff9b::10.0.0.1]/', /NAT64 for 10\.0\.0\.1/],
    ['http://[64:ff9b::7f00:1]/', /NAT64 for 127\.0\.0\.1/],
    ['http://[2002:c0a8:101::1]/', /6to4 for 192\.168\.1\.1/],
    ['http://[::127.0.0.1]/', /IPv4-compatible/],
    ['http://[fd00:ec2::254]/', /unique-local/],
    ['http://[fc00::1]/', /unique-local/],
    ['http://[fe80::1]/', /link-local/],
    ['http://[ff02::1]/', /multicast/],
    ['http://[2001:db8::1]/', /documentation/],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /Teredo/],
  ])('refuses %s', async (url, reason) => {
    expect(await refused(url)).toMatch(reason);
  });

  it('accepts public addresses embedded in mapped / NAT64 IPv6 (DNS64 networks)', async () => {
    expect(await policy.check('http://[::ffff:93.184.216.34]/')).toMatchObject({ ok: true });
    expect(await policy.check('http://[64:ff9b::5db8:d822]/')).toMatchObject({ ok: true });
  });

  it('does not resolve IP literals', async () => {
    let calls = 0;
    const p = createUrlPolicy({ allowlist: [], resolve: async () => (calls++, ['93.184.216.34']) });
    await p.check('http://10.0.0.1/');
    await p.check('http://[::1]/');
    expect(calls).toBe(0);
  });
});

describe('resolved names', () => {
  it('refuses when ANY resolved address is denied', async () => {
    expect(await refused('https://mixed.example/v')).toBe('address 10.0.0.1 (from mixed.example) is in a private range');
    expect(await refused('https://internal.example/')).toBe('address 10.0.0.5 (from internal.example) is in a private range');
    expect(await refused('http://metadata.example/latest/meta-data/')).toMatch(/169\.254\.169\.254 \(from metadata\.example\)/);
    expect(await refused('http://ula.example/')).toMatch(/fd00:ec2::254.*unique-local/);
    expect(await refused('http://mapped.example/')).toMatch(/192\.168\.1\.1/);
  });

  it('fails closed when resolution fails, is empty, is garbage or hangs', async () => {
    expect(await refused('http://nxdomain.example/')).toMatch(/could not resolve host nxdomain\.example \(ENOTFOUND\)/);
    expect(await refused('http://empty.example/')).toMatch(/no addresses/);
    expect(await refused('http://garbage.example/')).toMatch(/not an IP address/);
    const hanging = createUrlPolicy({ allowlist: [], resolve: () => new Promise(() => {}), resolveTimeoutMs: 20 });
    expect(await refused('http://slow.example/', hanging)).toMatch(/could not resolve.*timed out/);
  });

  it('resolves names case-insensitively and without the trailing dot', async () => {
    const seen: string[] = [];
    const p = createUrlPolicy({ allowlist: [], resolve: async (h) => (seen.push(h), ['93.184.216.34']) });
    expect(await p.check('http://PUBLIC.Example./x')).toMatchObject({ ok: true });
    expect(seen).toEqual(['public.example']);
  });

  it('uses the system resolver by default (localhost is loopback)', async () => {
    const p = createUrlPolicy({ allowlist: [] });
    expect((await p.check('http://localhost:1/')).ok).toBe(false);
  });
});

describe('allow-list', () => {
  it('opens an exact IP', async () => {
    const p = createUrlPolicy({ allowlist: ['127.0.0.1'], resolve });
    expect(await p.check('http://127.0.0.1:8123/video.mp4')).toMatchObject({ ok: true, addresses: ['127.0.0.1'] });
    // Same host in other spellings is the same address.
    expect(await p.check('http://2130706433:8123/')).toMatchObject({ ok: true });
    expect(await p.check('http://[::ffff:127.0.0.1]/')).toMatchObject({ ok: true });
    // ...but not its neighbours.
    expect((await p.check('http://127.0.0.2/')).ok).toBe(false);
    expect((await p.check('http://[::1]/')).ok).toBe(false);
  });

  it('opens a CIDR, v4 and v6', async () => {
    const p = createUrlPolicy({ allowlist: ['10.0.0.0/8', 'fd00::/8'], resolve });
    expect(await p.check('http://internal.example/')).toMatchObject({ ok: true, addresses: ['10.0.0.5'] });
    expect(await p.check('http://mixed.example/')).toMatchObject({ ok: true });
    expect(await p.check('http://ula.example/')).toMatchObject({ ok: true });
    expect((await p.check('http://192.168.0.1/')).ok).toBe(false);
  });

  it('opens an exact host name, whatever it resolves to', async () => {
    const p = createUrlPolicy({ allowlist: ['Allowed.Internal'], resolve });
    expect(await p.check('http://allowed.internal/')).toMatchObject({ ok: true, addresses: ['10.1.2.3'] });
    expect(await p.check('http://ALLOWED.internal./')).toMatchObject({ ok: true });
    // exact: subdomains and other names still go through the checks
    expect(await refused('http://internal.example/', p)).toMatch(/private/);
    expect(p.checkAddress('10.1.2.3')).toBe(false);
    expect(p.checkAddress('10.1.2.3', 'allowed.internal')).toBe(true);
  });

  it('rejects malformed entries at construction', () => {
    expect(() => createUrlPolicy({ allowlist: ['10.0.0.0/33'] })).toThrow(/prefix/);
    expect(() => createUrlPolicy({ allowlist: ['999.1.1.1'] })).toThrow(/neither/);
    expect(() => createUrlPolicy({ allowlist: ['example.com/8'] })).toThrow(/neither/);
    expect(() => createUrlPolicy({ allowlist: [' ', ''] })).not.toThrow();
  });
});

describe('checkAddress (connect-time check)', () => {
  it('judges the address actually connected to', () => {
    expect(policy.checkAddress('93.184.216.34')).toBe(true);
    expect(policy.checkAddress('93.184.216.34', 'public.example')).toBe(true);
    expect(policy.checkAddress('127.0.0.1', 'public.example')).toBe(false); // DNS rebinding
    expect(policy.checkAddress('::ffff:10.0.0.1')).toBe(false);
    expect(policy.checkAddress('fe80::1%eth0')).toBe(false);
    expect(policy.checkAddress('[::1]')).toBe(false);
    expect(policy.checkAddress('nonsense')).toBe(false);
    expect(policy.addressProblem('169.254.170.2', 'x.example')).toBe(
      'address 169.254.170.2 (from x.example) is in the link-local range (cloud metadata endpoints live here)',
    );
  });
});

describe('allow-list entries with a port (issue 10 item 4)', () => {
  it('a host:port, IP:port, CIDR:port or [v6]:port entry opens that port only', async () => {
    const p = createUrlPolicy({ allowlist: ['allowed.internal:8080', '127.0.0.1:9000', '10.0.0.0/8:8443', '[fd00::/8]:443', '[::1]:81'], resolve });
    expect((await p.check('http://allowed.internal:8080/')).ok).toBe(true);
    expect((await p.check('http://allowed.internal/')).ok).toBe(false); // port 80 is not 8080
    expect((await p.check('http://127.0.0.1:9000/')).ok).toBe(true);
    expect((await p.check('http://127.0.0.1:9001/')).ok).toBe(false);
    expect((await p.check('http://[::ffff:127.0.0.1]:9000/')).ok).toBe(true);
    expect((await p.check('https://internal.example:8443/')).ok).toBe(true);
    expect((await p.check('https://internal.example/')).ok).toBe(false);
    expect((await p.check('https://ula.example/')).ok).toBe(true); // https default port 443
    expect((await p.check('http://ula.example/')).ok).toBe(false);
    expect((await p.check('http://[::1]:81/')).ok).toBe(true);
    expect((await p.check('http://[::1]/')).ok).toBe(false);
    // Connect-time checks: the port must be given for a port entry to count.
    expect(p.checkAddress('127.0.0.1', undefined, 9000)).toBe(true);
    expect(p.checkAddress('127.0.0.1', undefined, 22)).toBe(false);
    expect(p.checkAddress('127.0.0.1')).toBe(false);
    expect(p.allowlisted('10.9.9.9', undefined, 8443)).toBe(true);
    expect(p.allowlisted('10.9.9.9', undefined, 8444)).toBe(false);
    expect(p.allowlisted('10.1.2.3', 'allowed.internal', 8080)).toBe(true);
  });

  it('a bare entry still opens every port', async () => {
    const p = createUrlPolicy({ allowlist: ['127.0.0.1', 'fd00::/8'], resolve });
    expect((await p.check('http://127.0.0.1:1/')).ok).toBe(true);
    expect(p.allowlisted('127.0.0.1', undefined, 6379)).toBe(true);
    expect(p.allowlisted('fd00::1', undefined, 6379)).toBe(true);
  });

  it('rejects malformed port entries at construction', () => {
    expect(() => createUrlPolicy({ allowlist: ['127.0.0.1:0'] })).toThrow(/port/);
    expect(() => createUrlPolicy({ allowlist: ['127.0.0.1:65536'] })).toThrow(/port/);
    expect(() => createUrlPolicy({ allowlist: ['host.example:http'] })).toThrow(/port/);
    expect(() => createUrlPolicy({ allowlist: ['[example.com]:80'] })).toThrow(/brackets/);
    expect(() => createUrlPolicy({ allowlist: ['10.0.0.0/33:80'] })).toThrow(/prefix/);
  });
});
