// The shape every POST job endpoint shares: schema with the common options, auth, the
// endpoint's own checks and payload, its price from the registry, then acceptJob (policy,
// idempotency, charge, queue).
import type { Static, TObject } from '@sinclair/typebox';
import type { App } from '../app.js';
import { requireAuth } from '../guard.js';
import { JobAccepted, errorResponses } from '../schemas.js';
import { ApiError } from '../../errors.js';
import { acceptJob } from '../accept.js';
import { priceOf, type JobType } from '../../jobs/registry.js';
import { netscapeText, parseNetscapeCookies } from '../../media/ytdlp/cookies.js';

interface CommonFields {
  url: string;
  metadata?: Record<string, unknown>;
  webhook_url?: string;
  cookies?: string;
}

/** `cookies` checked (422 naming the line, never its content) and made canonical; null when absent. */
export function checkedCookies(text: string | undefined, loc: string[] = ['body', 'cookies']): string | null {
  if (text === undefined) return null;
  const parsed = parseNetscapeCookies(text);
  if (!parsed.ok) throw new ApiError('validation_error', [{ loc, msg: `cookies must be Netscape cookies.txt text: ${parsed.problem}`, type: 'cookies' }]);
  return netscapeText(parsed.cookies);
}

export interface JobRoute<B extends TObject> {
  path: string;
  jobType: JobType;
  tags: string[];
  summary: string;
  description: string;
  body: B;
  /** Checks beyond the schema (throwing ApiError) and the payload stored as the job's request (priced by the registry). */
  payload: (body: Static<B>) => unknown;
}

export function postJobRoute<B extends TObject>(app: App, route: JobRoute<B>): void {
  app.post(
    route.path,
    {
      // The key, the charge and the job commit in one transaction (store/submit.ts).
      config: { idempotency: 'in-transaction' },
      schema: {
        tags: route.tags,
        summary: route.summary,
        description: route.description,
        body: route.body,
        response: { 202: JobAccepted, ...errorResponses(400, 401, 402, 403, 409, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { account } = requireAuth(request);
      const body = request.body as Static<B> & CommonFields;
      const cookies = checkedCookies(body.cookies);
      const payload = await route.payload(body);
      return acceptJob(app.deps, request, reply, {
        accountId: account.id,
        jobType: route.jobType,
        url: body.url,
        payload,
        cost: priceOf(app.deps.registry, route.jobType, payload),
        metadata: body.metadata,
        webhookUrl: body.webhook_url ?? null,
        secrets: cookies ? { cookies } : null,
      });
    },
  );
}
