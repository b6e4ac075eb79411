// GET /v1/info?url= and POST /v1/info {url, cookies}: metadata of a video or playlist,
// synchronous, 1 credit reserved before the lookup and refunded when it fails. POST takes the
// caller's cookies for this lookup only (written to a private file, deleted when it ends,
// never cached, never logged).
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { requireAuth } from '../guard.js';
import { CookiesField, errorResponses } from '../schemas.js';
import { takeOrThrow } from '../limits.js';
import { checkUrl } from '../accept.js';
import { writeCookies } from '../../jobs/cookies.js';
import { INFO_PRICE } from '../../jobs/registry.js';
import { getAccount, refundLookup, reserveLookup } from '../../store/accounts.js';
import { uuidv7 } from '../../store/ids.js';
import { checkedCookies } from './job-route.js';

const Url = Type.String({ minLength: 1, maxLength: 4096 });
const DESCRIPTION =
  'Fields the platform does not give are null, never missing; for a direct media file (or any page without media facts) the media is probed and probed_fields names what came from it. Playlists answer {"_type":"playlist","entries":[...]}. ' +
  'The credit is reserved before the lookup and refunded when it fails. At most VC_INFO_MAX_CONCURRENT_PER_ACCOUNT lookups per account run at once (429 beyond).';
const RESPONSES = { 200: Type.Unknown({ description: 'Video info or playlist' }), ...errorResponses(400, 401, 402, 403, 404, 422, 429, 502, 503) };

export function infoRoutes(app: App): void {
  const { store, engines, config } = app.deps;

  async function lookup(accountId: string, url: string, cookiesText: string | null) {
    await checkUrl(app.deps.urlPolicy, url); // a refused URL costs nothing
    // An extraction holds a yt-dlp process for up to VC_INFO_TIMEOUT_SECONDS: bounded per account (on every API host together).
    const release = await takeOrThrow(app.deps.limits, 'info', accountId, config.infoMaxConcurrentPerAccount, 'metadata lookups per account', 1);
    const lookupId = uuidv7();
    const scratch = path.join(config.dataDir, 'work', `info-${lookupId}`);
    try {
      // Reserved before any work, so an account can never run more paid lookups than it can pay for.
      if ((await reserveLookup(store.db, accountId, lookupId, INFO_PRICE)) === null) {
        const available = (await getAccount(store.db, accountId))?.credits_balance ?? 0;
        throw new ApiError('insufficient_credits', `This request costs ${INFO_PRICE} credit; the balance is ${available}.`, { required: INFO_PRICE, available });
      }
      if (cookiesText) await mkdir(scratch, { recursive: true, mode: 0o700 });
      const cookies = await writeCookies(cookiesText, scratch);
      const outcome = await engines.info(url, { timeoutMs: config.infoTimeoutSeconds * 1000, cookies }).catch(async (err: unknown) => {
        await refundLookup(store.db, accountId, lookupId);
        throw err;
      });
      if (outcome.ok) return outcome.info;
      await refundLookup(store.db, accountId, lookupId);
      const f = outcome.failure;
      if (f.code === 'unsupported_url') throw new ApiError('unsupported_url', f.detail);
      // The egress proxy refused a redirect or embedded URL: the same answer as a refused URL.
      if (f.code === 'url_not_allowed') throw new ApiError('url_not_allowed', f.detail);
      throw new ApiError('upstream_error', f.code === 'timeout' ? `The source did not answer within ${config.infoTimeoutSeconds} s.` : f.detail);
    } finally {
      release();
      if (cookiesText) await rm(scratch, { recursive: true, force: true });
    }
  }

  app.get(
    '/v1/info',
    {
      schema: {
        tags: ['info'],
        summary: 'Metadata for a video or playlist URL (synchronous, 1 credit)',
        description: DESCRIPTION,
        querystring: Type.Object({ url: Url }, { additionalProperties: false }),
        response: RESPONSES,
      },
    },
    async (request) => lookup(requireAuth(request).account.id, request.query.url, null),
  );

  app.post(
    '/v1/info',
    {
      schema: {
        tags: ['info'],
        summary: 'Metadata for a video or playlist URL, with cookies (synchronous, 1 credit)',
        description: `The same as GET /v1/info, as a JSON body, with the caller's cookies (Netscape cookies.txt) for members-only, age-gated or logged-in sources. ${DESCRIPTION}`,
        body: Type.Object({ url: Url, cookies: CookiesField }, { additionalProperties: false }),
        response: RESPONSES,
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      return lookup(account.id, request.body.url, checkedCookies(request.body.cookies));
    },
  );
}
