// The environment every engine process starts with. The egress proxy (src/net/egress-proxy.ts)
// reaches the engines here, never in argv: a command line is readable by every local user
// (`ps`, /proc/<pid>/cmdline), the environment only by the service's own user, and the proxy
// URL carries the proxy's credential.
//
// - ffmpeg/ffprobe read `http_proxy` for every http(s) connection they open, nested ones too
//   (HLS/DASH segments, keys): the -http_proxy option reached only the input it preceded.
// - yt-dlp reads the *_proxy variables (urllib's getproxies) when no --proxy is given, and
//   passes them on to the ffmpeg it starts. `all_proxy` covers schemes other than http(s), so
//   no protocol connects directly.
// - Every other *_proxy variable goes, in any case: an operator's `no_proxy=127.0.0.1` would
//   exempt hosts from the check, an `FTP_PROXY` would take precedence over `all_proxy`.

/** The variables that route a child through `proxy`. */
export function proxyVariables(proxy: string): Record<string, string> {
  return { http_proxy: proxy, https_proxy: proxy, all_proxy: proxy };
}

/** A child environment that routes through `proxy`; undefined (the parent's) without one. */
export function engineEnv(proxy: string | undefined): NodeJS.ProcessEnv | undefined {
  if (proxy === undefined) return undefined;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/_proxy$/i.test(k)) env[k] = v;
  return { ...env, ...proxyVariables(proxy) };
}
