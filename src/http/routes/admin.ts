// Operator API, guarded by VC_ADMIN_KEY (the CLI does the same work directly on the store).
import { timingSafeEqual, createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { bearer } from '../guard.js';
import { accountView, createAccount, CreditLimitError, getAccount, grantCredits, MAX_CREDIT_GRANT } from '../../store/accounts.js';
import { createKey, deleteKey, keyView, listKeys, setKeyActive } from '../../store/keys.js';
import { listWorkers } from '../../store/workers.js';
import { errorResponses } from '../schemas.js';

const AccountParams = Type.Object({ account_id: Type.String({ format: 'uuid' }) });
const KeyParams = Type.Object({ key_id: Type.String({ format: 'uuid' }) });
const Key = Type.Object({ id: Type.String(), name: Type.String(), prefix: Type.String(), last4: Type.String(), active: Type.Boolean(), created_at: Type.String(), last_used_at: Type.Union([Type.String(), Type.Null()]) });
const Errors = errorResponses(401, 403, 404, 422);
const Worker = Type.Object({
  id: Type.String({ description: 'Recorded as worker_id on the jobs it claims' }),
  host: Type.String({ description: 'VC_HOSTNAME (default: the machine host name)' }),
  pid: Type.Integer(),
  role: Type.Union([Type.Literal('serve'), Type.Literal('worker')]),
  concurrency: Type.Integer({ description: 'VC_JOB_CONCURRENCY: claim loops (0: API only)' }),
  running_jobs: Type.Integer({ description: 'Jobs it holds now (processing)' }),
  draining: Type.Boolean({ description: 'Shutting down: finishing or handing back its jobs' }),
  alive: Type.Boolean({ description: 'Seen within the last 30 s (processes report every 10 s; rows unseen for 10 min are deleted)' }),
  started_at: Type.String(),
  last_seen_at: Type.String(),
  versions: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), { description: 'videoconduit, node, yt-dlp, ffmpeg' }),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

export function adminRoutes(app: App): void {
  const guard = async (request: FastifyRequest) => {
    const adminKey = app.deps.config.adminKey;
    if (!adminKey) throw new ApiError('forbidden', 'The admin API is disabled; set VC_ADMIN_KEY to enable it.');
    const presented = bearer(request);
    if (!presented || !timingSafeEqual(digest(presented), digest(adminKey))) throw new ApiError('unauthorized', 'Admin key required.');
  };
  const opts = (summary: string, extra: Record<string, unknown>) => ({ onRequest: guard, schema: { tags: ['admin'], summary, ...extra } });

  app.post(
    '/v1/admin/accounts',
    opts('Create an account and its first API key', {
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), credits: Type.Integer({ minimum: 0, maximum: MAX_CREDIT_GRANT, default: 0 }), rate_limit_per_minute: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ account_id: Type.String(), api_key: Type.String(), account: Type.Unknown() }), ...Errors },
    }),
    async (request, reply) => {
      const { name, credits, rate_limit_per_minute } = request.body as { name: string; credits: number; rate_limit_per_minute?: number };
      const acct = await createAccount(app.deps.store.db, { name, credits, rateLimitPerMinute: rate_limit_per_minute ?? app.deps.config.defaultRateLimitPerMinute });
      const { key } = await createKey(app.deps.store.db, acct.id, 'default');
      return reply.code(201).send({ account_id: acct.id, api_key: key, account: accountView(acct) });
    },
  );

  app.post(
    '/v1/admin/accounts/:account_id/credits',
    opts('Add credits to an account', { params: AccountParams, body: Type.Object({ amount: Type.Integer({ minimum: 1, maximum: MAX_CREDIT_GRANT }) }, { additionalProperties: false }), response: { 200: Type.Unknown(), ...Errors } }),
    async (request) => {
      const { account_id } = request.params as { account_id: string };
      if (!(await getAccount(app.deps.store.db, account_id))) throw new ApiError('not_found', 'No such account.');
      const amount = (request.body as { amount: number }).amount;
      await app.deps.store.db
        .transaction()
        .execute((trx) => grantCredits(trx, account_id, amount))
        .catch((err: unknown) => {
          if (err instanceof CreditLimitError) throw new ApiError('validation_error', [{ loc: ['body', 'amount'], msg: err.message, type: 'maximum' }]);
          throw err;
        });
      return accountView((await getAccount(app.deps.store.db, account_id))!);
    },
  );

  app.post(
    '/v1/admin/accounts/:account_id/keys',
    opts('Create an API key (shown once)', { params: AccountParams, body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }), response: { 201: Type.Object({ key_id: Type.String(), api_key: Type.String() }), ...Errors } }),
    async (request, reply) => {
      const { account_id } = request.params as { account_id: string };
      if (!(await getAccount(app.deps.store.db, account_id))) throw new ApiError('not_found', 'No such account.');
      const { key, row } = await createKey(app.deps.store.db, account_id, (request.body as { name: string }).name);
      return reply.code(201).send({ key_id: row.id, api_key: key });
    },
  );

  app.get(
    '/v1/admin/accounts/:account_id/keys',
    opts("List an account's keys (prefix and last 4 only)", { params: AccountParams, response: { 200: Type.Object({ data: Type.Array(Key) }), ...Errors } }),
    async (request) => ({ data: (await listKeys(app.deps.store.db, (request.params as { account_id: string }).account_id)).map(keyView) }),
  );

  for (const [action, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(`/v1/admin/keys/:key_id/${action}`, opts(`${action[0].toUpperCase()}${action.slice(1)} a key`, { params: KeyParams, response: { 204: Type.Null(), ...Errors } }), async (request, reply) => {
      if (!(await setKeyActive(app.deps.store.db, (request.params as { key_id: string }).key_id, active))) throw new ApiError('not_found', 'No such key.');
      return reply.code(204).send();
    });
  }

  app.get(
    '/v1/admin/workers',
    opts('Serve and worker processes: host, pid, role, concurrency, running jobs, versions, last seen', { response: { 200: Type.Object({ data: Type.Array(Worker) }), ...errorResponses(401, 403) } }),
    async () => ({ data: await listWorkers(app.deps.store.db) }),
  );

  app.delete('/v1/admin/keys/:key_id', opts('Delete a key', { params: KeyParams, response: { 204: Type.Null(), ...Errors } }), async (request, reply) => {
    if (!(await deleteKey(app.deps.store.db, (request.params as { key_id: string }).key_id))) throw new ApiError('not_found', 'No such key.');
    return reply.code(204).send();
  });
}
