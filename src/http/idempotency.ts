// Idempotency-Key on every authenticated POST (contract §4). Job POSTs claim their key in
// the same transaction as the charge and the job (http/accept.ts, route config
// `idempotency: 'in-transaction'`); every other POST is wrapped here: the key is claimed before
// the handler runs, a 2xx response is stored as it is sent and replayed for 24 h, anything else
// releases the key so a retry runs again. A twin arriving while the first still runs waits
// for its response (up to 5 s, then 409).
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.js';
import { ApiError } from '../errors.js';
import { requireAuth } from './guard.js';
import { appendRouteHook, routeMethods } from './route-hooks.js';
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey, type Idempotency } from '../store/idempotency.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'in-transaction': the route stores its Idempotency-Key response itself. */
    idempotency?: 'in-transaction';
  }
}

/** The request's Idempotency-Key with the hash of what it asks for, or null without the header. */
export function idempotencyOf(request: FastifyRequest): Idempotency | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 255) throw new ApiError('bad_request', 'Idempotency-Key must be 1 to 255 characters.');
  // The route, its path parameters (ids) and the body: the same key on another endpoint or
  // another webhook is another request. (Routes without parameters hash as they always did.)
  const params = request.params && typeof request.params === 'object' && Object.keys(request.params).length > 0 ? ` ${canonicalJson(request.params)}` : '';
  const hash = createHash('sha256').update(`${request.method} ${request.routeOptions.url ?? ''}${params}\n${canonicalJson(request.body)}`).digest('hex');
  return { key, requestHash: hash };
}

/** Key order does not change what a body means, so it must not change its hash. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const held = new WeakMap<FastifyRequest, { accountId: string; key: string }>();

/**
 * Installs the wrapper on the POST routes of an authenticated scope (call before they are
 * added). Route-level hooks, so reads (polling) pay nothing for it.
 */
export function installIdempotency(scope: App): void {
  const claimOrReplay = async (request: FastifyRequest, reply: FastifyReply) => {
    const idem = idempotencyOf(request);
    if (!idem) return;
    const { account } = requireAuth(request);
    const stored = await claimIdempotencyKey(scope.deps.store.db, account.id, idem);
    if (stored) return reply.code(stored.statusCode).header('Idempotent-Replayed', 'true').send(stored.body);
    held.set(request, { accountId: account.id, key: idem.key });
  };
  const storeOrRelease = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = held.get(request);
    if (!claim) return payload;
    held.delete(request);
    const db = scope.deps.store.db;
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') await completeIdempotencyKey(db, claim.accountId, claim.key, reply.statusCode, payload);
    else await releaseIdempotencyKey(db, claim.accountId, claim.key);
    return payload;
  };
  scope.addHook('onRoute', (route) => {
    if (!routeMethods(route).includes('POST') || route.config?.idempotency === 'in-transaction') return;
    appendRouteHook(route, 'preHandler', claimOrReplay);
    appendRouteHook(route, 'onSend', storeOrRelease);
  });
}
