import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { requireAuth } from '../guard.js';
import { ListQuery, Nullable, errorResponses, page } from '../schemas.js';
import { accountView, listLedger } from '../../store/accounts.js';
import { getAccount } from '../../store/accounts.js';
import { decodeCursor, encodePage } from '../paging.js';
import { ApiError } from '../../errors.js';
import { keyView, listKeys } from '../../store/keys.js';
import { rotateAccountSecret } from '../../store/webhooks.js';
import { secretHint } from '../../webhooks/signing.js';

const Account = Type.Object({
  id: Type.String(),
  name: Type.String(),
  plan: Type.String(),
  credits_balance: Type.Integer(),
  rate_limit_per_minute: Type.Integer(),
  webhook_secret_hint: Type.String(),
});

const LedgerEntry = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  delta: Type.Integer(),
  balance_after: Type.Integer(),
  reason: Type.String(),
  job_id: Nullable(Type.String()),
});

const ApiKey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first 7 characters (vc_ and 4 more); the rest is never stored' }),
  last4: Type.String({ description: 'The last 4 characters' }),
  active: Type.Boolean({ description: 'false once the operator deactivated it: it then answers 403 forbidden' }),
  created_at: Type.String(),
  last_used_at: Type.Union([Type.String(), Type.Null()], { description: 'Its last authenticated request, to the minute; null if never used' }),
  current: Type.Boolean({ description: 'true for the key that made this request' }),
});

const RotatedSecret = Type.Object({
  webhook_secret: Type.String({ description: 'whsec_<base64 of 32 bytes>; signs deliveries to per-job webhook_url. Shown only here.' }),
  webhook_secret_hint: Type.String(),
  previous_secret_expires_at: Type.String({ description: 'The previous secret also signs deliveries until then' }),
});

export function accountRoutes(app: App): void {
  app.get(
    '/v1/account',
    { schema: { tags: ['account'], summary: 'The calling account', response: { 200: Account, ...errorResponses(401, 403, 429) } } },
    async (request) => {
      const { account } = requireAuth(request);
      // Read now: the balance changes with every job (request.auth holds no balance).
      const fresh = await getAccount(app.deps.store.db, account.id);
      if (!fresh) throw new ApiError('not_found', 'No such account.');
      return accountView(fresh);
    },
  );

  app.post(
    '/v1/account/webhook-secret/rotate',
    { schema: { tags: ['account'], summary: 'New webhook secret for per-job webhook_url deliveries (the old one signs too for 24 h)', response: { 200: RotatedSecret, ...errorResponses(401, 403, 429) } } },
    async (request) => {
      const { account } = requireAuth(request);
      const r = await rotateAccountSecret(app.deps.store.db, account.id);
      if (!r) throw new ApiError('not_found', 'No such account.');
      return { webhook_secret: r.secret, webhook_secret_hint: secretHint(r.secret), previous_secret_expires_at: r.previousExpiresAt };
    },
  );

  app.get(
    '/v1/account/keys',
    {
      schema: {
        tags: ['account'],
        summary: "The account's API keys, newest first (prefix and last 4 characters only)",
        description: 'Deactivated keys are listed too (active: false). Keys are created and revoked by the operator (CLI or admin API).',
        querystring: Type.Object(ListQuery, { additionalProperties: false }),
        response: { 200: page(ApiKey), ...errorResponses(401, 403, 422, 429) },
      },
    },
    async (request) => {
      const { account, key } = requireAuth(request);
      const rows = await listKeys(app.deps.store.db, account.id, { limit: request.query.limit, before: decodeCursor(request.query.cursor) });
      return encodePage(rows, request.query.limit, (r) => ({ ...keyView(r), current: r.id === key.id }));
    },
  );

  app.get(
    '/v1/account/ledger',
    {
      schema: {
        tags: ['account'],
        summary: 'Credit ledger, newest first',
        querystring: Type.Object(ListQuery, { additionalProperties: false }),
        response: { 200: page(LedgerEntry), ...errorResponses(401, 403, 422, 429) },
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      const rows = await listLedger(app.deps.store.db, account.id, { limit: request.query.limit, before: decodeCursor(request.query.cursor) });
      return encodePage(rows, request.query.limit, (r) => ({ id: r.id, created_at: r.created_at, delta: r.delta, balance_after: r.balance_after, reason: r.reason, job_id: r.job_id }));
    },
  );
}
