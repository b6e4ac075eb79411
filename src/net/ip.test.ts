import { describe, expect, it } from 'vitest';
import { embeddedV4, formatV4, ipInCidrs, isLoopback, parseCidr, parseIp } from './ip.js';

describe('parseIp', () => {
  it('parses v4 and v6 forms into bytes', () => {
    expect(Array.from(parseIp('10.1.2.3')!)).toEqual([10, 1, 2, 3]);
    expect(Array.from(parseIp('::1')!)).toEqual([...Array(15).fill(0), 1]);
    expect(Array.from(parseIp('[::ffff:127.0.0.1]')!)).toEqual([...Array(10).fill(0), 255, 255, 127, 0, 0, 1]);
    expect(Array.from(parseIp('2001:db8::8:800:200c:417a')!)).toEqual(
      [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a],
    );
    expect(Array.from(parseIp('1:2:3:4:5:6:7::')!).slice(12)).toEqual([0, 7, 0, 0]);
    expect(Array.from(parseIp('fe80::1%eth0')!).slice(0, 2)).toEqual([0xfe, 0x80]);
  });

  it('refuses non-IPs, including the legacy v4 forms (callers get those via WHATWG URL)', () => {
    for (const s of ['', 'example.com', '1.2.3', '0x7f.0.0.1', '256.0.0.1', '1::2::3', ':::', '01.2.3.4']) {
      expect(parseIp(s), s).toBeNull();
    }
  });

  it('finds embedded v4 addresses', () => {
    expect(formatV4(embeddedV4(parseIp('::ffff:7f00:1')!)!.v4)).toBe('127.0.0.1');
    expect(embeddedV4(parseIp('64:ff9b::a00:1')!)).toMatchObject({ kind: 'NAT64' });
    expect(formatV4(embeddedV4(parseIp('2002:a00:1::')!)!.v4)).toBe('10.0.0.1');
    expect(embeddedV4(parseIp('2606:4700::1111')!)).toBeNull();
    expect(embeddedV4(parseIp('1.2.3.4')!)).toBeNull();
  });
});

describe('CIDRs', () => {
  it('parses and validates', () => {
    expect(parseCidr('10.0.0.0/8').prefix).toBe(8);
    expect(parseCidr('::1').prefix).toBe(128);
    expect(parseCidr('1.2.3.4').prefix).toBe(32);
    for (const bad of ['10.0.0.0/33', '::/129', 'x/8', '10.0.0.0/8/1', '10.0.0.0/', '10.0.0.0/-1']) {
      expect(() => parseCidr(bad), bad).toThrow();
    }
  });

  it('matches v4, v6 and mapped addresses; ignores bad entries', () => {
    expect(ipInCidrs('10.9.8.7', ['10.0.0.0/8'])).toBe(true);
    expect(ipInCidrs('11.0.0.1', ['10.0.0.0/8'])).toBe(false);
    expect(ipInCidrs('172.31.0.1', ['172.16.0.0/12'])).toBe(true);
    expect(ipInCidrs('172.32.0.1', ['172.16.0.0/12'])).toBe(false);
    expect(ipInCidrs('::ffff:10.1.1.1', ['10.0.0.0/8'])).toBe(true); // dual-stack request.ip
    expect(ipInCidrs('2001:db8::5', ['2001:db8::/32'])).toBe(true);
    expect(ipInCidrs('2001:db9::5', ['2001:db8::/32'])).toBe(false);
    expect(ipInCidrs('10.0.0.1', ['::/0'])).toBe(false); // families never cross
    expect(ipInCidrs('10.0.0.1', ['0.0.0.0/0'])).toBe(true);
    expect(ipInCidrs('10.0.0.1', ['garbage', '10.0.0.1'])).toBe(true);
    expect(ipInCidrs('nonsense', ['0.0.0.0/0'])).toBe(false);
    expect(ipInCidrs('10.0.0.1', [])).toBe(false);
  });

  it('knows loopback', () => {
    for (const ip of ['127.0.0.1', '127.255.0.3', '::1', '::ffff:127.0.0.1', '[::1]']) expect(isLoopback(ip), ip).toBe(true);
    for (const ip of ['128.0.0.1', '::', '::2', '10.0.0.1', '::ffff:10.0.0.1', 'localhost', '']) {
      expect(isLoopback(ip), ip).toBe(false);
    }
  });
});
