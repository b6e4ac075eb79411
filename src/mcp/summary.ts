// The short text an agent reads beside a tool's structured result.
import { errorMessage, type ApiErrorBody } from '../sdk/errors.js';

type Json = Record<string, unknown>;

const n = (v: unknown) => (typeof v === 'number' ? v : null);

export function jobSummary(job: Json): string {
  const head = `Job ${String(job.job_id)} (${String(job.job_type)}) is ${String(job.status)}`;
  switch (job.status) {
    case 'completed': {
      const result = (job.result ?? {}) as Json;
      const file = typeof result.filename === 'string' ? ` ${result.filename}` : '';
      return `${head}.${job.download_url ? ` Download${file}: ${String(job.download_url)}` : ''}`;
    }
    case 'failed':
    case 'cancelled': {
      const error = (job.error ?? {}) as Json;
      return `${head}: ${String(error.code ?? '')}: ${String(error.detail ?? '')}${n(job.credits_refunded) ? ` (${String(job.credits_refunded)} credits refunded)` : ''}`;
    }
    default:
      return `${head}, ${String(job.progress)}%${job.stage ? ` (${String(job.stage)})` : ''}.`;
  }
}

export function infoSummary(info: Json): string {
  if (info._type === 'playlist') return `Playlist "${String(info.title ?? '')}" with ${Array.isArray(info.entries) ? info.entries.length : 0} entries.`;
  const formats = Array.isArray(info.formats) ? info.formats.length : 0;
  const duration = n(info.duration);
  return `"${String(info.title ?? 'untitled')}"${info.uploader ? ` by ${String(info.uploader)}` : ''}${duration !== null ? `, ${duration.toFixed(1)} s` : ''} (${String(info.extractor ?? 'unknown site')}), ${formats} format${formats === 1 ? '' : 's'}.`;
}

export function toolSummary(tool: string, status: number, body: Json): string {
  if (status === 202) return `Job ${String(body.job_id)} accepted (${String(body.job_type)}, ${String(body.credits_charged)} credit${body.credits_charged === 1 ? '' : 's'}). Call wait_for_job with this job_id to get the result.`;
  if (tool === 'get_video_info') return infoSummary(body);
  if (tool === 'list_jobs') {
    const jobs = (body.data as Json[]) ?? [];
    return [`${jobs.length} job${jobs.length === 1 ? '' : 's'}${body.has_more ? ` (more: cursor ${String(body.next_cursor)})` : ''}.`, ...jobs.map(jobSummary)].join('\n');
  }
  if (tool === 'compare_fingerprints') return `Similarity ${String(body.similarity)}: ${body.match ? 'the same video' : 'not a match'}.`;
  if (typeof body.job_id === 'string') {
    const running = body.status === 'pending' || body.status === 'processing';
    return `${jobSummary(body)}${tool === 'wait_for_job' && running ? ' It is still running after the timeout: call wait_for_job again.' : ''}`;
  }
  return JSON.stringify(body).slice(0, 500);
}

/** "code: detail" with each field of a validation error (the SDK's wording). */
export function errorSummary(body: Json): string {
  return errorMessage(body as unknown as ApiErrorBody);
}

/**
 * Download links are paths when VC_PUBLIC_URL is unset; an agent needs them whole, so they
 * get the origin the client used for /mcp.
 */
export function absoluteUrls(value: unknown, origin: string): unknown {
  if (Array.isArray(value)) return value.map((v) => absoluteUrls(v, origin));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'string' && k.endsWith('url') && v.startsWith('/v1/files/') ? `${origin}${v}` : absoluteUrls(v, origin)]),
  );
}
