import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { requireAuth } from '../guard.js';
import { errorResponses } from '../schemas.js';
import { takeOrThrow } from '../limits.js';
import { checkUrl } from '../accept.js';
import { INFO_PRICE } from '../../jobs/registry.js';
import { getAccount, refundLookup, reserveLookup } from '../../store/accounts.js';
import { uuidv7 } from '../../store/ids.js';

export function infoRoutes(app: App): void {
  const { store, engines, config } = app.deps;
  app.get(
    '/v1/info',
    {
      schema: {
        tags: ['info'],
        summary: 'Metadata for a video or playlist URL (synchronous, 1 credit)',
        description:
          'Fields the platform does not give are null, never missing. Playlists answer {"_type":"playlist","entries":[...]}. ' +
          'The credit is reserved before the lookup and refunded when it fails. At most VC_INFO_MAX_CONCURRENT_PER_ACCOUNT lookups per account run at once (429 beyond).',
        querystring: Type.Object({ url: Type.String({ minLength: 1, maxLength: 4096 }) }, { additionalProperties: false }),
        response: { 200: Type.Unknown({ description: 'Video info or playlist' }), ...errorResponses(400, 401, 402, 403, 404, 422, 429, 502, 503) },
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      const { url } = request.query;
      await checkUrl(app.deps.urlPolicy, url); // a refused URL costs nothing
      // An extraction holds a yt-dlp process for up to VC_INFO_TIMEOUT_SECONDS: bounded per account (on every API host together).
      const release = await takeOrThrow(app.deps.limits, 'info', account.id, config.infoMaxConcurrentPerAccount, 'metadata lookups per account', 1);
      try {
        // Reserved before any work, so an account can never run more paid lookups than it can pay for.
        const lookupId = uuidv7();
        if ((await reserveLookup(store.db, account.id, lookupId, INFO_PRICE)) === null) {
          const available = (await getAccount(store.db, account.id))?.credits_balance ?? 0;
          throw new ApiError('insufficient_credits', `This request costs ${INFO_PRICE} credit; the balance is ${available}.`, { required: INFO_PRICE, available });
        }
        const outcome = await engines.info(url, { timeoutMs: config.infoTimeoutSeconds * 1000 }).catch(async (err: unknown) => {
          await refundLookup(store.db, account.id, lookupId);
          throw err;
        });
        if (outcome.ok) return outcome.info;
        await refundLookup(store.db, account.id, lookupId);
        const f = outcome.failure;
        if (f.code === 'unsupported_url') throw new ApiError('unsupported_url', f.detail);
        // The egress proxy refused a redirect or embedded URL: the same answer as a refused URL.
        if (f.code === 'url_not_allowed') throw new ApiError('url_not_allowed', f.detail);
        throw new ApiError('upstream_error', f.code === 'timeout' ? `The source did not answer within ${config.infoTimeoutSeconds} s.` : f.detail);
      } finally {
        release();
      }
    },
  );
}
