// Request guards: HTTPS policy, API-key authentication, per-key rate limit.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import { ipInCidrs, isLoopback } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';
import { findKey, noteKeyUsed } from '../store/keys.js';
import type { AccountRow, ApiKeyRow } from '../store/schema.js';

export interface Auth {
  account: AccountRow;
  key: ApiKeyRow;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

/** Contract §1: plain HTTP is refused unless TLS is ours, a trusted proxy says https, or loopback is allowed. */
export function httpsAllowed(config: Config, request: FastifyRequest): boolean {
  if (config.tlsCert) return true;
  const peer = request.socket.remoteAddress ?? '';
  if (config.trustedProxies.length > 0 && ipInCidrs(peer, config.trustedProxies)) {
    const proto = String(request.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase();
    return proto === 'https';
  }
  return config.allowLoopbackHttp && isLoopback(peer);
}

/** Fixed one-minute windows per key; in memory, so limits are per API process. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  take(keyId: string, limit: number, now = Date.now()): { allowed: boolean; remaining: number; reset: number; retryAfter: number } {
    const start = Math.floor(now / 60_000) * 60_000;
    let w = this.windows.get(keyId);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(keyId, w);
      if (this.windows.size > 100_000) this.prune(start);
    }
    const reset = Math.ceil((start + 60_000) / 1000);
    if (w.count >= limit) return { allowed: false, remaining: 0, reset, retryAfter: Math.max(1, reset - Math.floor(now / 1000)) };
    w.count += 1;
    return { allowed: true, remaining: limit - w.count, reset, retryAfter: 0 };
  }

  private prune(current: number): void {
    for (const [k, w] of this.windows) if (w.start !== current) this.windows.delete(k);
  }
}

export function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}

export function makeAuthenticate(store: Store, limiter: RateLimiter) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const presented = bearer(request);
    if (!presented) throw new ApiError('unauthorized', 'Send an API key as "Authorization: Bearer vc_…".');
    const found = presented.startsWith('vc_') ? await findKey(store.db, presented) : undefined;
    if (!found) throw new ApiError('unauthorized', 'The API key is not valid.');
    if (found.key.active !== 1) throw new ApiError('forbidden', 'This API key is deactivated.');
    const limit = found.account.rate_limit_per_minute;
    const rl = limiter.take(found.key.id, limit);
    void reply.header('X-RateLimit-Limit', String(limit));
    void reply.header('X-RateLimit-Remaining', String(rl.remaining));
    void reply.header('X-RateLimit-Reset', String(rl.reset));
    if (!rl.allowed) {
      throw new ApiError('rate_limited', `Rate limit of ${limit} requests per minute exceeded.`, { retry_after: rl.retryAfter }, { 'Retry-After': String(rl.retryAfter) });
    }
    // Bookkeeping for GET /v1/account/keys: a failed stamp must not fail the request it describes.
    await noteKeyUsed(store.db, found.key).catch((err: unknown) => request.log.warn({ err }, "could not record the API key's last use"));
    request.auth = found;
  };
}

export function requireAuth(request: FastifyRequest): Auth {
  if (!request.auth) throw new ApiError('unauthorized', 'Authentication required.');
  return request.auth;
}
