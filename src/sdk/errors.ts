// Errors the SDK throws. Every API error body is {"detail","code",...extra} (contract §3).

export interface ApiErrorBody {
  detail: string | { loc: (string | number)[]; msg: string; type: string }[];
  code: string;
  [extra: string]: unknown;
}

/** The API answered with an error status; `code` is the contract's stable code. */
export class VideoConduitError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: ApiErrorBody['detail'];
  readonly body: ApiErrorBody;
  /** Seconds to wait before retrying (429, 503), when the server said so. */
  readonly retryAfter: number | null;

  constructor(status: number, body: ApiErrorBody, retryAfter: number | null = null) {
    super(errorMessage(body));
    this.name = 'VideoConduitError';
    this.status = status;
    this.code = body.code;
    this.detail = body.detail;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

/** waitForJob gave up before the job ended; `job` is the last state seen. */
export class WaitTimeoutError extends Error {
  constructor(readonly job: { job_id: string; status: string; progress: number; stage: string }, readonly timeoutMs: number) {
    super(`Job ${job.job_id} is still ${job.status} (${job.progress}%, ${job.stage || 'no stage'}) after ${Math.round(timeoutMs / 1000)} s.`);
    this.name = 'WaitTimeoutError';
  }
}

/** A validation issue as words: "preview_type must be one of …", "duration: must be <= 15 for a gif". */
export function issueText(issue: { loc: (string | number)[]; msg: string }): string {
  const field = issue.loc.slice(1).join('.');
  return !field || issue.msg.startsWith(field) ? issue.msg : `${field}: ${issue.msg}`;
}

/** One line: "code: detail", with each field of a validation error. */
export function errorMessage(body: ApiErrorBody): string {
  const detail = Array.isArray(body.detail) ? body.detail.map(issueText).join('; ') : body.detail;
  return `${body.code}: ${detail}`;
}

/** Turns any error response into a VideoConduitError, even one that is not our JSON shape (a proxy's 502 page). */
export async function errorFromResponse(response: Response, parsed?: unknown): Promise<VideoConduitError> {
  let body = parsed as ApiErrorBody | undefined;
  if (!body || typeof body !== 'object' || typeof body.code !== 'string') {
    const text = parsed === undefined ? await response.text().catch(() => '') : JSON.stringify(parsed);
    body = { code: response.status >= 500 ? 'server_error' : 'bad_request', detail: `HTTP ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}` };
  }
  const retry = Number(response.headers.get('retry-after'));
  return new VideoConduitError(response.status, body, Number.isFinite(retry) && retry > 0 ? retry : null);
}
