import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { requireAuth } from '../guard.js';
import { errorResponses } from '../schemas.js';
import { checkUrl } from '../../jobs/accept.js';
import { chargeCredits } from '../../store/accounts.js';

export const INFO_COST = 1;

export function infoRoutes(app: App): void {
  app.get(
    '/v1/info',
    {
      schema: {
        tags: ['info'],
        summary: 'Metadata for a video or playlist URL (synchronous, 1 credit)',
        description: 'Fields the platform does not give are null, never missing. Playlists answer {"_type":"playlist","entries":[...]}. Only successful lookups are charged.',
        querystring: Type.Object({ url: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false }),
        response: { 200: Type.Unknown({ description: 'Video info or playlist' }), ...errorResponses(400, 401, 402, 403, 404, 422, 429, 502, 503) },
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      const { url } = request.query;
      await checkUrl(app.deps.urlPolicy, url);
      const { store, engines, config } = app.deps;
      const balance = (await store.db.selectFrom('accounts').select('credits_balance').where('id', '=', account.id).executeTakeFirst())?.credits_balance ?? 0;
      if (balance < INFO_COST) {
        throw new ApiError('insufficient_credits', `This request costs ${INFO_COST} credit; the balance is ${balance}.`, { required: INFO_COST, available: balance });
      }
      const outcome = await engines.info(url, { timeoutMs: config.infoTimeoutSeconds * 1000 });
      if (!outcome.ok) {
        const f = outcome.failure;
        if (f.code === 'unsupported_url') throw new ApiError('unsupported_url', f.detail);
        // The egress proxy refused a redirect or embedded URL: the same answer as a refused URL.
        if (f.code === 'url_not_allowed') throw new ApiError('url_not_allowed', f.detail);
        throw new ApiError('upstream_error', f.code === 'timeout' ? `The source did not answer within ${config.infoTimeoutSeconds} s.` : f.detail);
      }
      // Charged only once the lookup succeeded; the conditional charge still guards a race.
      const after = await store.db.transaction().execute((trx) => chargeCredits(trx, account.id, INFO_COST, 'info', null));
      if (after === null) throw new ApiError('insufficient_credits', 'The balance no longer covers this request.', { required: INFO_COST, available: 0 });
      return outcome.info;
    },
  );
}
