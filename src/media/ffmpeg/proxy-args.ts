// The input options that decide where an ffmpeg/ffprobe input may connect: the protocol
// whitelist and, when the service runs its egress proxy (src/net/egress-proxy.ts), the proxy.

/**
 * `-protocol_whitelist <protocols>` plus, when `proxy` is set and the input may use http,
 * `-http_proxy <proxy>` if the input itself is an http(s) URL (ffmpeg rejects the option on a
 * file input, e.g. a pinned playlist; proxyEnv covers those). https goes through ffmpeg's
 * `httpproxy` protocol (CONNECT), whitelisted only then; an https input under a whitelist
 * without it is refused by ffmpeg rather than connected directly, so it fails closed.
 */
export function protocolArgs(protocols: string, proxy?: string, input?: string): string[] {
  const list = protocols.split(',');
  if (!proxy || !list.includes('http')) return ['-protocol_whitelist', protocols];
  const withTunnel = list.includes('https') ? `${protocols},httpproxy` : protocols;
  const isUrl = input === undefined || /^https?:\/\//i.test(input);
  return ['-protocol_whitelist', withTunnel, ...(isUrl ? ['-http_proxy', proxy] : [])];
}

/**
 * The child environment of an ffmpeg/ffprobe run: `http_proxy` set to `proxy` (the service's
 * egress proxy; else the one named by `-http_proxy` in args). `-http_proxy` reaches only the
 * input it precedes, and a pinned HLS playlist (a local file) cannot take it, yet opens its
 * segments over http; ffmpeg's http and tls layers fall back to this variable, so it catches
 * every nested connection. `no_proxy` would exempt hosts, so it goes.
 * undefined (inherit the parent's) when there is no proxy.
 */
export function proxyEnv(args: readonly string[], proxy?: string): NodeJS.ProcessEnv | undefined {
  const i = args.indexOf('-http_proxy');
  proxy ??= i >= 0 ? args[i + 1] : undefined;
  if (!proxy) return undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, http_proxy: proxy };
  delete env.no_proxy;
  delete env.NO_PROXY;
  return env;
}
