// The VideoConduit client: typed calls for every endpoint (openapi-fetch over the types
// generated from openapi.json), errors as VideoConduitError, and waitForJob. No Node-only
// imports: a browser bundle (the dashboard) uses this file as it is; Node file helpers live
// in ./node.ts.
import createFetchClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi.js';
import { errorFromResponse } from './errors.js';
import { waitForJob, type WaitOptions } from './wait.js';

export type Job = components['schemas']['Job'];
type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Ok<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': infer R } } } } ? R : never;

export type DownloadRequest = Body<'/v1/download', 'post'>;
export type PreviewRequest = Body<'/v1/preview', 'post'>;
export type TranscribeRequest = Body<'/v1/transcribe', 'post'>;
export type TranslateRequest = Body<'/v1/translate', 'post'>;
export type FingerprintRequest = Body<'/v1/fingerprint', 'post'>;
export type CommentsRequest = Body<'/v1/comments', 'post'>;
export type WebhookCreateRequest = Body<'/v1/webhooks', 'post'>;
export type WebhookUpdateRequest = Body<'/v1/webhooks/{webhook_id}', 'patch'>;
export type JobAccepted = Ok<'/v1/download', 'post', 202>;
export type Account = Ok<'/v1/account', 'get', 200>;
export type Webhook = Ok<'/v1/webhooks/{webhook_id}', 'get', 200>;
export type ApiKey = Ok<'/v1/account/keys', 'get', 200>['data'][number];
export type JobListQuery = NonNullable<paths['/v1/jobs']['get']['parameters']['query']>;
export type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

export interface ClientOptions {
  /** The server, e.g. https://api.example.com (default: the page's own origin in a browser). */
  baseUrl?: string;
  /** An API key (vc_…). */
  apiKey?: string;
  /** A fetch to use instead of the global one (tests, proxies, retries). */
  fetch?: typeof fetch;
}

export interface SubmitOptions {
  /** Same key + same body within 24 h: the first job is returned, not a second one (no second charge). */
  idempotencyKey?: string;
}

export type VideoConduit = ReturnType<typeof createClient>;

/** Returns the data of a 2xx answer; throws VideoConduitError for any other. */
async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw await errorFromResponse(response, error);
  return data as T;
}

export function createClient(options: ClientOptions = {}) {
  const baseUrl = (options.baseUrl ?? globalThis.location?.origin ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const authHeaders: Record<string, string> = options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {};
  /** The typed low-level client: `api.GET('/v1/jobs/{job_id}', { params: { path: { job_id } } })`. */
  const api: Client<paths> = createFetchClient<paths>({ baseUrl, headers: authHeaders, fetch: fetchImpl });
  const idem = (o?: SubmitOptions) => (o?.idempotencyKey ? { 'Idempotency-Key': o.idempotencyKey } : undefined);
  const jobPath = (job_id: string) => ({ params: { path: { job_id } } });
  const hookPath = (webhook_id: string) => ({ params: { path: { webhook_id } } });

  const client = {
    api,
    baseUrl,
    /** An absolute URL for a path or URL the API returned (download_url is relative without VC_PUBLIC_URL). */
    resolveUrl: (url: string) => new URL(url, `${baseUrl}/`).toString(),

    /** Metadata of a video or playlist; with `cookies` (Netscape cookies.txt) it is sent as POST /v1/info. */
    info: (url: string, o: { cookies?: string } = {}) =>
      (o.cookies ? unwrap(api.POST('/v1/info', { body: { url, cookies: o.cookies } })) : unwrap(api.GET('/v1/info', { params: { query: { url } } }))) as Promise<Record<string, unknown>>,
    download: (body: DownloadRequest, o?: SubmitOptions) => unwrap(api.POST('/v1/download', { body, headers: idem(o) })),
    preview: (body: PreviewRequest, o?: SubmitOptions) => unwrap(api.POST('/v1/preview', { body, headers: idem(o) })),
    transcribe: (body: TranscribeRequest, o?: SubmitOptions) => unwrap(api.POST('/v1/transcribe', { body, headers: idem(o) })),
    translate: (body: TranslateRequest, o?: SubmitOptions) => unwrap(api.POST('/v1/translate', { body, headers: idem(o) })),
    translateLanguages: () => unwrap(api.GET('/v1/translate/languages')),
    transcribeModels: () => unwrap(api.GET('/v1/transcribe/models')),
    fingerprint: (body: FingerprintRequest, o?: SubmitOptions) => unwrap(api.POST('/v1/fingerprint', { body, headers: idem(o) })),
    compareFingerprints: (jobIdA: string, jobIdB: string) => unwrap(api.POST('/v1/fingerprint/compare', { body: { job_ids: [jobIdA, jobIdB] } })),
    comments: (body: CommentsRequest, o?: SubmitOptions) => unwrap(api.POST('/v1/comments', { body, headers: idem(o) })),

    getJob: (jobId: string) => unwrap(api.GET('/v1/jobs/{job_id}', jobPath(jobId))) as Promise<Job>,
    listJobs: (query: JobListQuery = {}) => unwrap(api.GET('/v1/jobs', { params: { query } })) as Promise<Page<Job>>,
    cancelJob: (jobId: string) => unwrap(api.DELETE('/v1/jobs/{job_id}', jobPath(jobId))) as Promise<Job>,
    /** Resolves when the job ends (SSE, falling back to polling); see WaitOptions. */
    waitForJob: (jobId: string, opts: WaitOptions = {}) => waitForJob({ baseUrl, headers: authHeaders, fetch: fetchImpl, getJob: client.getJob }, jobId, opts),
    /** Fetches a job output (its download_url, or another signed URL from its result). */
    fetchFile: async (url: string, init?: RequestInit): Promise<Response> => {
      const res = await fetchImpl(client.resolveUrl(url), init);
      if (!res.ok) throw await errorFromResponse(res, await res.json().catch(() => undefined));
      return res;
    },

    account: () => unwrap(api.GET('/v1/account')),
    ledger: (query: { limit?: number; cursor?: string } = {}) => unwrap(api.GET('/v1/account/ledger', { params: { query } })),
    /** The account's API keys (prefix and last 4 only); `current` marks the one this client uses. */
    keys: (query: { limit?: number; cursor?: string } = {}) => unwrap(api.GET('/v1/account/keys', { params: { query } })),
    rotateAccountWebhookSecret: () => unwrap(api.POST('/v1/account/webhook-secret/rotate')),

    webhooks: {
      create: (body: WebhookCreateRequest) => unwrap(api.POST('/v1/webhooks', { body })),
      list: (query: { limit?: number; cursor?: string } = {}) => unwrap(api.GET('/v1/webhooks', { params: { query } })),
      get: (id: string) => unwrap(api.GET('/v1/webhooks/{webhook_id}', hookPath(id))),
      update: (id: string, body: WebhookUpdateRequest) => unwrap(api.PATCH('/v1/webhooks/{webhook_id}', { ...hookPath(id), body })),
      delete: (id: string) => unwrap(api.DELETE('/v1/webhooks/{webhook_id}', hookPath(id))),
      deliveries: (id: string, query: { limit?: number; cursor?: string } = {}) => unwrap(api.GET('/v1/webhooks/{webhook_id}/deliveries', { params: { path: { webhook_id: id }, query } })),
      test: (id: string) => unwrap(api.POST('/v1/webhooks/{webhook_id}/test', hookPath(id))),
      rotateSecret: (id: string) => unwrap(api.POST('/v1/webhooks/{webhook_id}/rotate-secret', hookPath(id))),
    },

    version: () => unwrap(api.GET('/api/version')),
    changelog: () => unwrap(api.GET('/api/changelog')),
    health: () => unwrap(api.GET('/healthz')),
    ready: () => unwrap(api.GET('/readyz')),
  };
  return client;
}
