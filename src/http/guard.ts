// Request guards: HTTPS policy, API-key authentication, per-key rate limit (http/limits.ts:
// shared by every API process on PostgreSQL).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import { ipInCidrs, isLoopback } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';
import { findKeyForAuth, keyUseDue, noteKeyUsed, type AuthAccount, type AuthKey } from '../store/keys.js';
import type { Limits } from './limits.js';

export interface Auth {
  /** No balance here: routes that show one read it fresh. */
  account: AuthAccount;
  key: AuthKey;
  /** The database version this request's cached reads are made at (SQLite; store/read-cache.ts). */
  readVersion: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

/**
 * Contract §1: plain HTTP is refused unless TLS is ours, a trusted proxy says https, or loopback
 * is allowed. `loopbackPeers` remembers each connection's answer (its peer does not change),
 * so requests on a kept-alive connection skip parsing the address.
 */
export function httpsAllowed(config: Config, request: FastifyRequest, loopbackPeers: WeakMap<object, boolean>): boolean {
  if (config.tlsCert) return true;
  const peer = request.socket.remoteAddress ?? '';
  if (config.trustedProxies.length > 0 && ipInCidrs(peer, config.trustedProxies)) {
    const proto = String(request.headers['x-forwarded-proto'] ?? '').split(',')[0].trim().toLowerCase();
    return proto === 'https';
  }
  if (!config.allowLoopbackHttp) return false;
  let loopback = loopbackPeers.get(request.socket);
  if (loopback === undefined) loopbackPeers.set(request.socket, (loopback = isLoopback(peer)));
  return loopback;
}

export function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}

export function makeAuthenticate(store: Store, limits: Limits) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const presented = bearer(request);
    if (!presented) throw new ApiError('unauthorized', 'Send an API key as "Authorization: Bearer vc_…".');
    // One version per request: its reads are one snapshot, and the check is paid once.
    const readVersion = store.reads?.version();
    const found = presented.startsWith('vc_') ? await findKeyForAuth(store, presented, readVersion) : undefined;
    if (!found) throw new ApiError('unauthorized', 'The API key is not valid.');
    if (found.key.active !== 1) throw new ApiError('forbidden', 'This API key is deactivated.');
    const limit = found.account.rate_limit_per_minute;
    const rl = await limits.rate(found.key.id, limit);
    void reply.header('X-RateLimit-Limit', String(limit));
    void reply.header('X-RateLimit-Remaining', String(rl.remaining));
    void reply.header('X-RateLimit-Reset', String(rl.reset));
    if (!rl.allowed) {
      throw new ApiError('rate_limited', `Rate limit of ${limit} requests per minute exceeded.`, { retry_after: rl.retryAfter }, { 'Retry-After': String(rl.retryAfter) });
    }
    // Bookkeeping for GET /v1/account/keys: a failed stamp must not fail the request it describes.
    if (keyUseDue(found.key)) await noteKeyUsed(store.db, found.key).catch((err: unknown) => request.log.warn({ err }, "could not record the API key's last use"));
    request.auth = { ...found, readVersion };
  };
}

export function requireAuth(request: FastifyRequest): Auth {
  if (!request.auth) throw new ApiError('unauthorized', 'Authentication required.');
  return request.auth;
}
