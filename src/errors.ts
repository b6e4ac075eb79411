// The one table of error codes (API contract §3) and the one error class.

export const HTTP_ERRORS = {
  bad_request: 400,
  url_not_allowed: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  https_required: 403,
  not_found: 404,
  unsupported_url: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  validation_error: 422,
  rate_limited: 429,
  server_error: 500,
  upstream_error: 502,
  service_unavailable: 503,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

/** Codes a failed job can carry in its `error` field. */
export type JobErrorCode =
  | 'unsupported_url'
  | 'url_not_allowed'
  | 'upstream_error'
  | 'media_error'
  | 'limit_exceeded'
  /** A preview asked for a time or window beyond the source's end (which the caller may not know): refunded. */
  | 'out_of_range'
  /** The platform (its extractor) gives no comments, or they are turned off: refunded. */
  | 'comments_unavailable'
  /** Translation: the detected source language has no engine for the target language: refunded. */
  | 'unsupported_language'
  | 'timeout'
  | 'cancelled'
  | 'server_error';

/** Job failures that are the caller's doing are not refunded; everything else is. */
export const NON_REFUNDABLE_JOB_ERRORS: ReadonlySet<JobErrorCode> = new Set(['cancelled']);

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: HttpErrorCode,
    readonly detail: string | ValidationIssue[],
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : 'validation error');
    this.status = HTTP_ERRORS[code];
  }
}

/** An expected job failure, returned (not thrown) by engines and handlers. */
export interface JobFailure {
  code: JobErrorCode;
  detail: string;
}

export function jobFailure(code: JobErrorCode, detail: string): JobFailure {
  return { code, detail };
}
