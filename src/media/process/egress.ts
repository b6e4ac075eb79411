// The engines' view of the egress proxy (src/net/egress-proxy.ts): one proxy URL per engine run,
// so that the connections the proxy refused can be told to the run that made them. Engines
// often report a refusal only as "403 Forbidden" or, when they skip what they could not
// fetch, not at all. A run of a job with cookies also hands the proxy its cookie source: the
// proxy adds the matching cookies to the run's plain-HTTP requests (docs/security.md "Cookies").

export interface EgressRoute {
  /** The proxy URL with user name `tag` (letters and digits). */
  urlFor(tag: string): string;
  /** The refusals recorded for `tag` since it was handed out, forgetting them (and its cookies). */
  takeRefusals(tag: string): string[];
  /** Cookies for `tag`'s plain-HTTP requests that carry none of their own. */
  setCookies(tag: string, cookies: (url: URL) => string | null): void;
}

export interface RunRoute {
  /** What the run's environment routes through (process/env.ts); undefined: no proxy. */
  proxy: string | undefined;
  /** Call once, after the run: the proxy's refusals of its connections. */
  refusals(): string[];
}

/** The cookies of a job's source, as the engines use them (scope.ts RunScope.cookies). */
export interface SourceCookies {
  /** yt-dlp's --cookies file: mode 0600, in the attempt's scratch directory. */
  file: string;
  /** The Cookie header for a request to `url`, or null when none of the cookies applies. */
  headerFor(url: URL): string | null;
}

/** Hands out one tag per run: `<prefix><n>`. Without a route, runs connect directly. */
export function runRoutes(route: EgressRoute | undefined, prefix: string): (cookies?: SourceCookies | null) => RunRoute {
  let seq = 0;
  return (cookies) => {
    if (!route) return { proxy: undefined, refusals: () => [] };
    const tag = `${prefix}${++seq}`;
    if (cookies) route.setCookies(tag, (url) => cookies.headerFor(url));
    return { proxy: route.urlFor(tag), refusals: () => route.takeRefusals(tag) };
  };
}

/** The detail of a url_not_allowed failure caused by a refused connection. */
export function refusedDetail(refusals: string[]): string {
  return `The source led to an address the URL policy forbids (redirect, manifest or embedded URL): ${refusals[0] ?? 'refused'}`;
}
