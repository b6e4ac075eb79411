// A small history router: the server answers index.html for every client route
// (src/http/routes/dashboard.ts lists them), so each page, a job's included, has a real URL.
import { useEffect, useState } from 'preact/hooks';

export interface Location {
  path: string;
  query: URLSearchParams;
}

const listeners = new Set<() => void>();
const current = (): Location => ({ path: location.pathname, query: new URLSearchParams(location.search) });

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const l of listeners) l();
  if (!opts.replace) window.scrollTo(0, 0);
}

addEventListener('popstate', () => {
  for (const l of listeners) l();
});

/** Paths the server answers with the API, docs or files: those links leave the app. */
const EXTERNAL = /^\/(v1|docs|openapi\.json|api)(\/|$)/;

/** Same-origin links to client routes navigate without a page load. */
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin || EXTERNAL.test(a.pathname)) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const l = () => setLoc(current());
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return loc;
}

/** `/jobs/:id` against a path: the captured parts, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.replace(/\/+$/, '').split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) out[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return out;
}
