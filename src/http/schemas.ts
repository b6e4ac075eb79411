// Shared TypeBox schemas: validator, TS type and OpenAPI source in one.
import { Type, type TSchema } from '@sinclair/typebox';
import { MAX_COOKIES_CHARS } from '../media/ytdlp/cookies.js';
import { MAX_TIME_INPUT_SECONDS } from '../time.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorBody = Type.Object(
  { detail: Type.Union([Type.String(), Type.Array(Type.Object({ loc: Type.Array(Type.Union([Type.String(), Type.Integer()])), msg: Type.String(), type: Type.String() }))]), code: Type.String() },
  { additionalProperties: true, $id: 'Error' },
);

/**
 * Seconds (12.5 or "12.5"), "MM:SS" or "HH:MM:SS(.ms)", at most MAX_TIME_INPUT_SECONDS (7 days);
 * parseTimeInput (src/time.ts) rounds to the millisecond. The description stays the spellings
 * alone: validation messages quote it ("start must be seconds …").
 */
export const TimeInput = Type.Union([Type.Number({ minimum: 0, maximum: MAX_TIME_INPUT_SECONDS }), Type.String({ pattern: '^\\d+(\\.\\d+)?$|^(\\d+:)?\\d{1,2}:\\d{1,2}(\\.\\d+)?$' })], {
  description: 'Seconds (12.5 or "12.5"), "MM:SS" or "HH:MM:SS(.ms)"',
});

export const JobId = Type.String({ format: 'uuid' });

export const ListQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export const page = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), has_more: Type.Boolean(), next_cursor: Nullable(Type.String()) });

/** `cookies` on every job endpoint and POST /v1/info (docs/security.md "Cookies"). */
export const CookiesField = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: MAX_COOKIES_CHARS,
    description:
      'Netscape cookies.txt text for this request only (members-only, age-gated or logged-in sources): used for the run, never stored with the job, never returned, never logged, deleted when the job ends. At most 32 KiB: export the site\'s cookies only.',
  }),
);

/** Options every POST job endpoint accepts. */
export const CommonJobOptions = {
  cookies: CookiesField,
  webhook_url: Type.Optional(Type.String({ format: 'uri', maxLength: 2048, description: "Receives this job's job.completed / job.failed / job.cancelled event, signed with the account's webhook secret" })),
  metadata: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 32, description: 'Echoed back on the job (max 32 keys, 4 KiB)' })),
};

export const JobAccepted = Type.Object({
  job_id: Type.String(),
  status: Type.Literal('pending'),
  credits_charged: Type.Integer(),
  job_type: Type.String(),
  created_at: Type.String(),
});

export const JobError = Type.Object({ code: Type.String(), detail: Type.String() });

export const JobObject = Type.Object(
  {
    job_id: Type.String(),
    job_type: Type.String(),
    status: Type.Union(['pending', 'processing', 'completed', 'failed', 'cancelled'].map((s) => Type.Literal(s))),
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    stage: Type.String(),
    created_at: Type.String(),
    started_at: Nullable(Type.String()),
    completed_at: Nullable(Type.String()),
    credits_charged: Type.Integer(),
    credits_refunded: Type.Integer(),
    request: Type.Unknown(),
    metadata: Type.Unknown(),
    result: Type.Unknown(),
    download_url: Nullable(Type.String()),
    expires_at: Nullable(Type.String()),
    error: Nullable(JobError),
  },
  { $id: 'Job' },
);

export const errorResponses = (...codes: number[]): Record<number, TSchema> =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')]));
