// The input options that decide where an ffmpeg/ffprobe input may connect: the protocol
// whitelist and, when the service runs its egress proxy (src/net/egress-proxy.ts), the proxy.

/**
 * `-protocol_whitelist <protocols>` plus, when `proxy` is set and the input may use http,
 * `-http_proxy <proxy>`. https goes through ffmpeg's `httpproxy` protocol (CONNECT), which
 * is whitelisted only then; an https input under a whitelist without it is refused by ffmpeg
 * rather than connected directly, so a forgotten entry fails closed.
 */
export function protocolArgs(protocols: string, proxy?: string): string[] {
  const list = protocols.split(',');
  if (!proxy || !list.includes('http')) return ['-protocol_whitelist', protocols];
  const withTunnel = list.includes('https') ? `${protocols},httpproxy` : protocols;
  return ['-protocol_whitelist', withTunnel, '-http_proxy', proxy];
}
