// The engines' view of the egress proxy (src/net/egress-proxy.ts): one proxy URL per engine run,
// so that the connections the proxy refused can be told to the run that made them. Engines
// often report a refusal only as "403 Forbidden" or, when they skip what they could not
// fetch, not at all.

export interface EgressRoute {
  /** The proxy URL with user name `tag` (letters and digits). */
  urlFor(tag: string): string;
  /** The refusals recorded for `tag` since it was handed out, forgetting them. */
  takeRefusals(tag: string): string[];
}

export interface RunRoute {
  /** What the run's environment routes through (process/env.ts); undefined: no proxy. */
  proxy: string | undefined;
  /** Call once, after the run: the proxy's refusals of its connections. */
  refusals(): string[];
}

/** Hands out one tag per run: `<prefix><n>`. Without a route, runs connect directly. */
export function runRoutes(route: EgressRoute | undefined, prefix: string): () => RunRoute {
  let seq = 0;
  return () => {
    if (!route) return { proxy: undefined, refusals: () => [] };
    const tag = `${prefix}${++seq}`;
    return { proxy: route.urlFor(tag), refusals: () => route.takeRefusals(tag) };
  };
}

/** The detail of a url_not_allowed failure caused by a refused connection. */
export function refusedDetail(refusals: string[]): string {
  return `The source led to an address the URL policy forbids (redirect, manifest or embedded URL): ${refusals[0] ?? 'refused'}`;
}
