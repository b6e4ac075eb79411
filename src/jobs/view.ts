// Job row -> the contract's job object.
import { signFilePath } from '../files/signing.js';
import type { JobRow } from '../store/schema.js';

export type FileUrl = (jobId: string, filename: string, expiresAt: Date) => string;

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

export function jobView(job: JobRow, fileUrl: FileUrl, now = Date.now()): JobView {
  const result = job.result ? (JSON.parse(job.result) as Record<string, unknown>) : null;
  const expires = job.expires_at ? new Date(job.expires_at) : null;
  const filename = result && typeof result.filename === 'string' ? result.filename : null;
  const live = job.status === 'completed' && expires !== null && expires.getTime() > now;
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
 * playlist entries) gets its own `download_url`, signed by the same function as the job's.
 */
export function withFileUrls(result: Record<string, unknown>, jobId: string, expires: Date, fileUrl: FileUrl): Record<string, unknown> {
  const files = Array.isArray(result.files) ? (result.files as unknown[]) : [];
  const names = outputFiles(result).map((f) => f.filename);
  const out = { ...result };
  for (const [key, value] of Object.entries(result)) {
    if (key.endsWith('_filename') && typeof value === 'string' && names.includes(value)) out[`${key.slice(0, -'_filename'.length)}_url`] = fileUrl(jobId, value, expires);
  }
  // Entries without a file (a playlist entry that failed) say so with a null link.
  const noFile = (f: unknown) => typeof f === 'object' && f !== null && (f as { filename?: unknown }).filename === null;
  if (files.some(isFileEntry)) out.files = files.map((f) => (isFileEntry(f) ? { ...f, download_url: fileUrl(jobId, f.filename, expires) } : noFile(f) ? { ...(f as object), download_url: null } : f));
  return out;
}

const isFileEntry = (f: unknown): f is { filename: string; mime_type?: unknown } =>
  typeof f === 'object' && f !== null && typeof (f as { filename?: unknown }).filename === 'string';

/**
 * The files a result names (what its signed links may serve): `filename`, and `files` entries
 * (names, or objects with a filename and their own mime_type).
 */
export function outputFiles(result: Record<string, unknown>): { filename: string; mimeType: string | null }[] {
  const files = Array.isArray(result.files) ? (result.files as unknown[]) : [];
  const main = typeof result.filename === 'string' ? [{ filename: result.filename, mimeType: typeof result.mime_type === 'string' ? result.mime_type : null }] : [];
  const extra = files.flatMap((f) => (typeof f === 'string' ? [{ filename: f, mimeType: null }] : isFileEntry(f) ? [{ filename: f.filename, mimeType: typeof f.mime_type === 'string' ? f.mime_type : null }] : []));
  return [...main, ...extra];
}

/** The job view the API serves and webhooks carry: download links signed with the file secret. */
export function jobViewer(publicUrl: string | null, signingSecret: string): (job: JobRow) => JobView {
  const fileUrl: FileUrl = (jobId, filename, expiresAt) => `${publicUrl ?? ''}${signFilePath(signingSecret, jobId, filename, expiresAt)}`;
  return (job) => jobView(job, fileUrl);
}
