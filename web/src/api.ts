// Every call the dashboard makes to the API goes through this module: an openapi-fetch client
// typed by the types openapi-typescript generates from the committed openapi.json
// (scripts/build-web.ts). Swapping in the project's shared SDK is a change to this file only.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/openapi';
import type { JobType } from './results';

export type Job = components['schemas']['Job'];
export type JobStatus = Job['status'];
type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;
export type Account = Ok<'/v1/account', 'get'>;
export type LedgerEntry = Ok<'/v1/account/ledger', 'get'>['data'][number];
export type Webhook = Ok<'/v1/webhooks/{webhook_id}', 'get'>;
export type Delivery = Ok<'/v1/webhooks/{webhook_id}/deliveries', 'get'>['data'][number];
export type Languages = Ok<'/v1/translate/languages', 'get'>;
export type Comparison = Ok<'/v1/fingerprint/compare', 'post'>;
export type WebhookEvent = 'job.completed' | 'job.failed' | 'job.cancelled';
export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}
export const TERMINAL: JobStatus[] = ['completed', 'failed', 'cancelled'];

/** An error answer in the contract's shape: a stable code, a detail, per-field messages for 422. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { loc: (string | number)[]; msg: string }[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const KEY_STORAGE = 'videoconduit.apiKey';
export const session = {
  key: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** Called when the API says the stored key is no longer good (revoked, deactivated). */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

const client = createClient<paths>({ baseUrl: location.origin });
const auth: Middleware = {
  onRequest({ request }) {
    const key = session.key();
    if (key && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${key}`);
    return request;
  },
};
client.use(auth);

function problem(status: number, body: unknown): ApiProblem {
  const b = (body ?? {}) as { code?: string; detail?: unknown } & Record<string, unknown>;
  const code = typeof b.code === 'string' ? b.code : status === 0 ? 'network_error' : 'server_error';
  if (Array.isArray(b.detail)) {
    const fields = b.detail as { loc: (string | number)[]; msg: string }[];
    return new ApiProblem(status, code, fields.map((f) => `${f.loc.filter((l) => l !== 'body' && l !== 'query').join('.')}: ${f.msg}`).join('; '), fields, b);
  }
  return new ApiProblem(status, code, typeof b.detail === 'string' ? b.detail : `The API answered ${status}.`, [], b);
}

/** The data of an openapi-fetch result, or an ApiProblem thrown in its place. */
async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await request;
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiProblem(0, 'network_error', 'The API could not be reached. Check that the service is running.');
  }
  if (r.error !== undefined || !r.response.ok) {
    const p = problem(r.response.status, r.error);
    // 401: the key is unknown or revoked; 403 forbidden: it was deactivated. Either way it is spent.
    if (p.status === 401 || p.code === 'forbidden') onUnauthorized();
    throw p;
  }
  return r.data as T;
}

export const api = {
  /** Checks a key without storing it. */
  checkKey: (key: string) => call(client.GET('/v1/account', { headers: { Authorization: `Bearer ${key}` } })),
  account: () => call(client.GET('/v1/account')),
  ledger: (cursor?: string) => call(client.GET('/v1/account/ledger', { params: { query: { limit: 100, cursor } } })) as Promise<Page<LedgerEntry>>,
  rotateAccountSecret: () => call(client.POST('/v1/account/webhook-secret/rotate')),

  jobs: (q: { status?: JobStatus; job_type?: JobType; cursor?: string; limit?: number }) =>
    call(client.GET('/v1/jobs', { params: { query: { limit: q.limit ?? 20, ...q } as never } })) as Promise<Page<Job>>,
  job: (id: string) => call(client.GET('/v1/jobs/{job_id}', { params: { path: { job_id: id } } })),
  cancel: (id: string) => call(client.DELETE('/v1/jobs/{job_id}', { params: { path: { job_id: id } } })),
  /** POST /v1/<type>: the body is checked by the form and again by the server. */
  submit: (type: JobType, body: Record<string, unknown>) =>
    call(client.POST(`/v1/${type}` as '/v1/preview', { body: body as never })) as Promise<{ job_id: string; credits_charged: number }>,
  info: (url: string) => call(client.GET('/v1/info', { params: { query: { url } } })) as Promise<Record<string, unknown>>,
  languages: () => call(client.GET('/v1/translate/languages')),
  compare: (a: string, b: string) => call(client.POST('/v1/fingerprint/compare', { body: { job_ids: [a, b] } })),

  /** A job output through its signed link (no key needed: the signature is the permission). */
  fileText: (signedUrl: string) =>
    fetch(signedUrl).then((r) => {
      if (!r.ok) throw new ApiProblem(r.status, r.status === 410 ? 'gone' : 'not_found', `The file answered ${r.status}.`);
      return r.text();
    }),

  webhooks: () => call(client.GET('/v1/webhooks', { params: { query: { limit: 100 } } })),
  webhook: (id: string) => call(client.GET('/v1/webhooks/{webhook_id}', { params: { path: { webhook_id: id } } })),
  createWebhook: (body: { url: string; events: WebhookEvent[]; description?: string }) => call(client.POST('/v1/webhooks', { body })),
  updateWebhook: (id: string, body: { enabled?: boolean; events?: WebhookEvent[]; url?: string; description?: string | null }) =>
    call(client.PATCH('/v1/webhooks/{webhook_id}', { params: { path: { webhook_id: id } }, body })),
  deleteWebhook: (id: string) => call(client.DELETE('/v1/webhooks/{webhook_id}', { params: { path: { webhook_id: id } } })),
  deliveries: (id: string, cursor?: string) =>
    call(client.GET('/v1/webhooks/{webhook_id}/deliveries', { params: { path: { webhook_id: id }, query: { limit: 50, cursor } } })),
  testWebhook: (id: string) => call(client.POST('/v1/webhooks/{webhook_id}/test', { params: { path: { webhook_id: id } } })),
  rotateWebhookSecret: (id: string) => call(client.POST('/v1/webhooks/{webhook_id}/rotate-secret', { params: { path: { webhook_id: id } } })),
};

/**
 * Follows a job over Server-Sent Events until it ends or `signal` aborts. EventSource cannot
 * send the Authorization header, so the stream is read with fetch. When the stream breaks
 * (a proxy timeout, a restart) it reconnects after a pause; each event carries the whole job.
 */
export async function followJob(id: string, onJob: (job: Job) => void, signal: AbortSignal): Promise<void> {
  let delay = 1000;
  while (!signal.aborted) {
    try {
      const r = await client.GET('/v1/jobs/{job_id}/events', { params: { path: { job_id: id } }, parseAs: 'stream', signal });
      if (!r.response.ok || !r.data) throw problem(r.response.status, r.error);
      const reader = (r.data as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = buffer
            .slice(0, end)
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          buffer = buffer.slice(end + 2);
          if (!data) continue;
          const job = JSON.parse(data) as Job;
          onJob(job);
          if (TERMINAL.includes(job.status)) return;
        }
      }
      delay = 1000;
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiProblem && e.status >= 400 && e.status < 500 && e.status !== 429) {
        if (e.status === 401) onUnauthorized();
        return;
      }
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 15_000);
  }
}
