import { describe, expect, it } from 'vitest';
import { protocolArgs, proxyEnv } from './proxy-args.js';

describe('protocolArgs', () => {
  const proxy = 'http://vc:t@127.0.0.1:9';
  it('is only the whitelist without a proxy or for local inputs', () => {
    expect(protocolArgs('http,https,tcp,tls')).toEqual(['-protocol_whitelist', 'http,https,tcp,tls']);
    expect(protocolArgs('file,pipe', proxy)).toEqual(['-protocol_whitelist', 'file,pipe']);
  });
  it('adds -http_proxy, and httpproxy (CONNECT) when https is allowed', () => {
    expect(protocolArgs('http,https,tcp,tls', proxy)).toEqual(['-protocol_whitelist', 'http,https,tcp,tls,httpproxy', '-http_proxy', proxy]);
    expect(protocolArgs('file,http,tcp', proxy)).toEqual(['-protocol_whitelist', 'file,http,tcp', '-http_proxy', proxy]);
  });
  it('leaves -http_proxy off a file input (ffmpeg rejects it there); proxyEnv carries the proxy', () => {
    const args = protocolArgs('file,http,https,tcp,tls', proxy, '/work/pinned-0.m3u8');
    expect(args).toEqual(['-protocol_whitelist', 'file,http,https,tcp,tls,httpproxy']);
    expect(proxyEnv(args, proxy)?.http_proxy).toBe(proxy);
  });
});

describe('proxyEnv', () => {
  it('inherits the parent environment when the argv has no proxy', () => {
    expect(proxyEnv(['-protocol_whitelist', 'file,pipe', '-i', 'x'])).toBeUndefined();
  });
  it('sets http_proxy (nested HLS segment opens read it) and drops no_proxy', () => {
    process.env.no_proxy = '127.0.0.1';
    try {
      const env = proxyEnv([...protocolArgs('http,https,tcp,tls', 'http://vc:t@127.0.0.1:9'), '-i', 'x']);
      expect(env?.http_proxy).toBe('http://vc:t@127.0.0.1:9');
      expect(env && 'no_proxy' in env).toBe(false);
    } finally {
      delete process.env.no_proxy;
    }
  });
});
