import { describe, expect, it } from 'vitest';
import { protocolArgs } from './proxy-args.js';

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
});
