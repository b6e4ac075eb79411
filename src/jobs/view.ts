// Job row -> the contract's job object.
import { outputMime, outputNames } from '../files/outputs.js';
import type { OutputStorage } from '../files/storage.js';
import type { ViewedJob } from '../store/jobs.js';
import type { JobRow } from '../store/schema.js';

export type { ViewedJob };

/** A download link for one of the job's outputs: every link in a job view is made by this. */
export type FileUrl = (jobId: string, filename: string, expiresAt: Date) => string;
/** The storage's link maker: a signed /v1/files path, or a presigned GET of the object. */
export type OutputLink = OutputStorage['link'];

export interface JobView {
  job_id: string;
  job_type: string;
  status: JobRow['status'];
  progress: number;
  stage: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  credits_charged: number;
  credits_refunded: number;
  request: unknown;
  metadata: unknown;
  result: unknown;
  download_url: string | null;
  expires_at: string | null;
  error: { code: string; detail: string } | null;
}

/** Whether the job's view carries download links now (they are signed when made). */
const hasLinks = (job: ViewedJob, now: number) => job.status === 'completed' && job.expires_at !== null && Date.parse(job.expires_at) > now;

export function jobView(job: ViewedJob, link: OutputLink, now = Date.now()): JobView {
  const result = job.result ? (JSON.parse(job.result) as Record<string, unknown>) : null;
  // The objects of the attempt that completed the job (outputs are published per attempt).
  const fileUrl: FileUrl = (jobId, filename, expiresAt) => link({ jobId, attempt: job.attempts, filename, mimeType: outputMime(result, filename) }, expiresAt);
  const expires = job.expires_at ? new Date(job.expires_at) : null;
  const filename = result && typeof result.filename === 'string' ? result.filename : null;
  const live = hasLinks(job, now);
  return {
    job_id: job.id,
    job_type: job.job_type,
    status: job.status,
    progress: job.status === 'completed' ? 100 : job.progress,
    stage: job.stage,
    created_at: job.created_at,
    started_at: job.started_at,
    completed_at: job.completed_at,
    credits_charged: job.credits_charged,
    credits_refunded: job.credits_refunded,
    request: JSON.parse(job.request) as unknown,
    metadata: job.metadata ? (JSON.parse(job.metadata) as unknown) : null,
    result: live && result && expires ? withFileUrls(result, job.id, expires, fileUrl) : result,
    download_url: live && filename && expires ? fileUrl(job.id, filename, expires) : null,
    expires_at: job.expires_at,
    error: job.error_code ? { code: job.error_code, detail: job.error_detail ?? '' } : null,
  };
}

/**
 * Result fields `<name>_filename` naming one of `result.files` get a signed `<name>_url`
 * beside them (a mosaic's storyboard_filename -> storyboard_url) while the links live, and
 * every files[] entry that is an object with a `filename` (a download's chapters, side files,
 * playlist entries) gets its own `download_url`, made by the same function as the job's.
 */
export function withFileUrls(result: Record<string, unknown>, jobId: string, expires: Date, fileUrl: FileUrl): Record<string, unknown> {
  const files = Array.isArray(result.files) ? (result.files as unknown[]) : [];
  const names = outputNames(result);
  const out = { ...result };
  for (const [key, value] of Object.entries(result)) {
    if (key.endsWith('_filename') && typeof value === 'string' && names.includes(value)) out[`${key.slice(0, -'_filename'.length)}_url`] = fileUrl(jobId, value, expires);
  }
  // Entries without a file (a playlist entry that failed) say so with a null link.
  const entry = (f: unknown) => (typeof f === 'object' && f !== null ? (f as { filename?: unknown }) : null);
  if (files.some((f) => entry(f))) {
    out.files = files.map((f) => {
      const e = entry(f);
      if (!e) return f;
      return { ...e, download_url: typeof e.filename === 'string' ? fileUrl(jobId, e.filename, expires) : null };
    });
  }
  return out;
}

/**
 * The job view the API serves and webhooks carry, its links made by the output storage.
 * A view without links depends on its row alone, and rows served from the read cache
 * (store/read-cache.ts) are the same object until the next commit: a job polled while it is
 * pending or running has its view made once per change, not once per poll.
 */
export function jobViewer(storage: Pick<OutputStorage, 'link'>): (job: ViewedJob) => JobView {
  const link: OutputLink = (output, expiresAt) => storage.link(output, expiresAt);
  const linkFree = new WeakMap<ViewedJob, JobView>();
  return (job) => {
    const kept = linkFree.get(job);
    if (kept) return kept;
    const now = Date.now();
    const view = jobView(job, link, now);
    if (!hasLinks(job, now)) linkFree.set(job, Object.freeze(view));
    return view;
  };
}
