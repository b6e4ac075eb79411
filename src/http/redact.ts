// What request logs may show of a URL. Signed /v1/files links are bearer credentials (anyone
// holding one downloads the file), and a caller's source URL may carry its own signature or
// token (signed CDN links), so neither reaches a log line whole.
export const REDACTED = '[redacted]';

/** Query parameter names whose values are credentials wherever they appear. */
const SECRET_PARAM = /sig|token|secret|passw|credential|auth|api[-_]?key|^key$|session|cookie/i;

/** An absolute URL with userinfo dropped and its query (and fragment) replaced by a marker. */
export function redactAbsoluteUrl(text: string): string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return text.includes('?') ? `${text.slice(0, text.indexOf('?'))}?${REDACTED}` : text;
  }
  const hadQuery = u.search !== '';
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return `${u.href}${hadQuery ? `?${REDACTED}` : ''}`;
}

/**
 * A request target (`/path?query`) as logged: the query of a file route is dropped whole,
 * secret-looking parameters elsewhere are masked, and URLs passed as parameters (`/v1/info?url=`)
 * lose their own query and credentials.
 */
export function redactRequestUrl(target: string): string {
  const q = target.indexOf('?');
  if (q === -1) return target;
  const path = target.slice(0, q);
  if (path.startsWith('/v1/files/')) return `${path}?${REDACTED}`;
  const parts: string[] = [];
  for (const [k, v] of new URLSearchParams(target.slice(q + 1))) {
    const value = SECRET_PARAM.test(k) ? REDACTED : /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? redactAbsoluteUrl(v) : v;
    parts.push(`${encodeURIComponent(k)}=${value === REDACTED ? REDACTED : encodeURIComponent(value)}`);
  }
  return `${path}?${parts.join('&')}`;
}

/** Every http(s) URL inside free text (an error detail, a log field) redacted like above. */
export function redactUrlsInText(text: string): string {
  // Trailing punctuation belongs to the sentence, not the URL.
  return text.replace(/https?:\/\/[^\s"'<>]+?(?=[.,;:!?)\]]*(?:[\s"'<>]|$))/gi, (m) => redactAbsoluteUrl(m));
}

/** A log line's extra fields with the URLs in their string values redacted. */
export function redactLogFields(extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(extra)) out[k] = typeof v === 'string' ? redactUrlsInText(v) : v;
  return out;
}
