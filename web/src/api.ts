// Every call the dashboard makes to the API goes through this module: a thin adapter over the
// project's TypeScript SDK (src/sdk; its types are generated from the committed openapi.json).
// One SDK client per signed-in key; errors are the SDK's VideoConduitError; jobs are followed
// with its waitForJob (Server-Sent Events, reopened after a cut, polling where streams fail).
import { createClient, issueText, VideoConduitError, type ApiKey, type Job, type Page, type VideoConduit, type WebhookCreateRequest, type WebhookUpdateRequest } from '../../src/sdk/index';
import type { JobType } from './results';

export { VideoConduitError };
export type { ApiKey, Job, Page };
export type JobStatus = Job['status'];
type Result<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
export type Account = Result<VideoConduit['account']>;
export type LedgerEntry = Result<VideoConduit['ledger']>['data'][number];
export type Webhook = Result<VideoConduit['webhooks']['get']>;
export type Delivery = Result<VideoConduit['webhooks']['deliveries']>['data'][number];
export type Languages = Result<VideoConduit['translateLanguages']>;
export type Comparison = Result<VideoConduit['compareFingerprints']>;
export type WebhookEvent = WebhookCreateRequest['events'][number];
export const TERMINAL: JobStatus[] = ['completed', 'failed', 'cancelled'];

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

/** fetch failed before any answer (service down, network gone); the pages show it as `network_error`. */
export class Unreachable extends TypeError {
  constructor(cause: unknown) {
    super('The API could not be reached. Check that the service is running.', { cause });
  }
}

/**
 * The SDK's fetch: a failure to connect becomes Unreachable; with `watch`, a request made with
 * the key that answers 401 (unknown or revoked key) or 403 forbidden (deactivated) means the
 * key is spent, wherever the request came from (a page, a job's event stream).
 */
const fetchFor =
  (watch: boolean): typeof fetch =>
  async (input, init) => {
    let res: Response;
    try {
      res = await fetch(input, init);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new Unreachable(e);
    }
    if (watch && (res.status === 401 || res.status === 403) && new Headers(input instanceof Request ? input.headers : init?.headers).has('Authorization')) {
      const code = res.status === 401 ? 'unauthorized' : ((await res.clone().json().catch(() => null)) as { code?: string } | null)?.code;
      if (code === 'unauthorized' || code === 'forbidden') onUnauthorized();
    }
    return res;
  };

let current: { key: string; client: VideoConduit } | null = null;
/** The SDK client for the key this tab is signed in with, made again when the key changes. */
function sdk(): VideoConduit {
  const key = session.key() ?? '';
  if (current?.key !== key) current = { key, client: createClient({ apiKey: key || undefined, fetch: fetchFor(true) }) };
  return current.client;
}

/** The validation issues of a 422, by field name (as the forms name their inputs). */
export function fieldErrors(e: VideoConduitError): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(e.detail)) return out;
  for (const issue of e.detail) {
    const name = String(issue.loc.filter((l) => l !== 'body' && l !== 'query')[0] ?? '');
    if (name && !(name in out)) out[name] = issue.msg;
  }
  return out;
}

/** What went wrong, in words, without the code (pages show the code beside it). */
export function problemText(e: VideoConduitError): string {
  return Array.isArray(e.detail) ? e.detail.map(issueText).join('; ') : e.detail;
}

type Submit = (body: never) => Promise<{ job_id: string; credits_charged: number }>;

export const api = {
  /** Checks a key without storing it (a throwaway client: a wrong key must not sign anyone out). */
  checkKey: (key: string) => createClient({ apiKey: key, fetch: fetchFor(false) }).account(),
  account: () => sdk().account(),
  keys: () => sdk().keys({ limit: 100 }),
  ledger: (cursor?: string) => sdk().ledger({ limit: 100, cursor }),
  rotateAccountSecret: () => sdk().rotateAccountWebhookSecret(),

  jobs: (q: { status?: JobStatus; job_type?: JobType; cursor?: string; limit?: number }) => sdk().listJobs({ limit: 20, ...q }),
  job: (id: string) => sdk().getJob(id),
  cancel: (id: string) => sdk().cancelJob(id),
  /** POST /v1/<type>: the body is checked by the form and again by the server. */
  submit: (type: JobType, body: Record<string, unknown>) => {
    const c = sdk();
    const submitters: Record<JobType, Submit> = { download: c.download, preview: c.preview, transcribe: c.transcribe, translate: c.translate, fingerprint: c.fingerprint, comments: c.comments };
    return submitters[type](body as never);
  },
  info: (url: string) => sdk().info(url),
  languages: () => sdk().translateLanguages(),
  compare: (a: string, b: string) => sdk().compareFingerprints(a, b),

  /** A job output through its signed link (no key needed: the signature is the permission). */
  fileText: async (signedUrl: string) => (await sdk().fetchFile(signedUrl)).text(),

  webhooks: () => sdk().webhooks.list({ limit: 100 }),
  webhook: (id: string) => sdk().webhooks.get(id),
  createWebhook: (body: WebhookCreateRequest) => sdk().webhooks.create(body),
  updateWebhook: (id: string, body: WebhookUpdateRequest) => sdk().webhooks.update(id, body),
  deleteWebhook: (id: string) => sdk().webhooks.delete(id),
  deliveries: (id: string, cursor?: string) => sdk().webhooks.deliveries(id, { limit: 50, cursor }),
  testWebhook: (id: string) => sdk().webhooks.test(id),
  rotateWebhookSecret: (id: string) => sdk().webhooks.rotateSecret(id),
};

/**
 * Follows a job until it ends or `signal` aborts, calling `onJob` with each change. The SDK
 * reopens a broken stream with backoff; an error answer (the job is gone, the key was revoked)
 * ends the following quietly: the page shows what it last loaded, and a spent key signs out.
 */
export async function followJob(id: string, onJob: (job: Job) => void, signal: AbortSignal): Promise<void> {
  await sdk()
    .waitForJob(id, { onProgress: onJob, signal })
    .catch(() => undefined);
}
