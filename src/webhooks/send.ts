// One webhook HTTP attempt. The URL policy is applied at send time and at connect time: the
// socket connects only to an address the policy approved for this attempt (custom `lookup`),
// so a name that re-resolves to a private address between check and connect (DNS rebinding)
// is refused too. Redirects are never followed (node:http does not follow them).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { UrlPolicy } from '../net/urlpolicy.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const EXCERPT_BYTES = 1024;

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  /** First ≤ 1 KiB of the response body (UTF-8, lossy). */
  excerpt: string | null;
  error: string | null;
}

export interface SendInput {
  url: string;
  body: string;
  headers: Record<string, string>;
  policy: UrlPolicy;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function sendWebhook(input: SendInput): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  const verdict = await input.policy.check(input.url);
  if (!verdict.ok) return done({ statusCode: null, excerpt: null, error: `url_not_allowed: ${verdict.reason}` });
  const url = verdict.url;
  const approved = verdict.addresses;
  const timeout = AbortSignal.timeout(input.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
  const signal = input.signal ? AbortSignal.any([timeout, input.signal]) : timeout;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve(done(r));
    };
    const req = lib.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'VideoConduit-Webhooks/1', ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
        signal,
        agent: false, // a fresh connection per attempt: no pooled socket to an address approved earlier
        lookup: (_host, opts, cb) => {
          // Connect only to what the policy just approved (first one; the policy refused the
          // URL if any resolved address was denied), re-checked here as the last gate.
          const ip = approved[0];
          const reply = cb as unknown as (e: Error | null, a: string | { address: string; family: number }[], f?: number) => void;
          const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
          if (!ip || !input.policy.checkAddress(ip, url.hostname, port)) return reply(new Error(`address ${ip ?? '?'} is not allowed`), []);
          const family = net.isIPv6(ip) ? 6 : 4;
          // Node 20 asks for all addresses when autoSelectFamily is on.
          if ((opts as { all?: boolean }).all) reply(null, [{ address: ip, family }]);
          else reply(null, ip, family);
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const end = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
          finish({ statusCode: res.statusCode ?? null, excerpt: excerpt || null, error: null });
          res.destroy();
        };
        res.on('data', (c: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(c);
          size += c.length;
          if (size >= EXCERPT_BYTES) end(); // enough: do not read (or wait for) the rest
        });
        res.on('end', end);
        res.on('error', end);
      },
    );
    req.on('error', (err) => {
      const why = timeout.aborted ? `timed out after ${input.timeoutMs ?? WEBHOOK_TIMEOUT_MS} ms` : ((err as NodeJS.ErrnoException).code ?? err.message);
      finish({ statusCode: null, excerpt: null, error: why });
    });
    req.end(input.body);
  });
}
