import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { requireAuth } from '../guard.js';
import { ListQuery, Nullable, errorResponses, page } from '../schemas.js';
import { accountView, listLedger } from '../../store/accounts.js';
import { getAccount } from '../../store/accounts.js';
import { decodeCursor, encodePage } from '../paging.js';

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

export function accountRoutes(app: App): void {
  app.get(
    '/v1/account',
    { schema: { tags: ['account'], summary: 'The calling account', response: { 200: Account, ...errorResponses(401, 403, 429) } } },
    async (request) => {
      const { account } = requireAuth(request);
      const fresh = (await getAccount(app.deps.store.db, account.id)) ?? account;
      return accountView(fresh);
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
