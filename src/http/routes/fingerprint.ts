import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { requireAuth } from '../guard.js';
import { CommonJobOptions, JobId, Nullable, TimeInput, errorResponses } from '../schemas.js';
import { postJobRoute } from './job-route.js';
import type { FingerprintPayload } from '../../jobs/fingerprint.js';
import { compareFingerprints } from '../../media/fingerprint/match.js';
import { getFingerprint, rowToPrint } from '../../store/fingerprints.js';
import { getJob } from '../../store/jobs.js';
import { parseTimeInput, TIME_INPUT_HINT } from '../../time.js';

export const FingerprintBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 4096 }),
    timestamp: Type.Optional(TimeInput),
    hash_size: Type.Union([Type.Literal(8), Type.Literal(16), Type.Literal(32)], { default: 16, description: 'Side of the frame hashes: 8, 16 or 32 (64, 256 or 1024 bits)' }),
    ...CommonJobOptions,
  },
  { additionalProperties: false },
);

export const CompareBody = Type.Object({ job_ids: Type.Array(JobId, { minItems: 2, maxItems: 2 }) }, { additionalProperties: false });

const SegmentSchema = Type.Object({ start_a: Type.Number(), end_a: Type.Number(), start_b: Type.Number(), end_b: Type.Number() });

export const CompareResult = Type.Object({
  similarity: Type.Number({ minimum: 0, maximum: 1 }),
  match: Type.Boolean(),
  visual_similarity: Nullable(Type.Number()),
  audio_similarity: Nullable(Type.Number()),
  speed: Type.Number({ description: 'Playback speed of the first video relative to the second' }),
  offset: Type.Number({ description: 'Seconds: t_b = speed * t_a + offset' }),
  segments: Type.Array(SegmentSchema),
});

function toPayload(body: Static<typeof FingerprintBody>): FingerprintPayload {
  const timestamp = body.timestamp === undefined ? null : parseTimeInput(body.timestamp);
  if (body.timestamp !== undefined && timestamp === null) throw new ApiError('validation_error', [{ loc: ['body', 'timestamp'], msg: TIME_INPUT_HINT, type: 'time' }]);
  return { url: body.url, timestamp, hash_size: body.hash_size as FingerprintPayload['hash_size'] };
}

export function fingerprintRoutes(app: App): void {
  postJobRoute(app, {
    path: '/v1/fingerprint',
    jobType: 'fingerprint',
    tags: ['fingerprint'],
    summary: 'Frame hashes and a whole-video fingerprint, matched against your earlier ones (async job)',
    description: 'Costs 1 credit. See docs/fingerprints.md for the fingerprint format and the match rule.',
    body: FingerprintBody,
    payload: toPayload,
  });

  app.post(
    '/v1/fingerprint/compare',
    {
      schema: {
        tags: ['fingerprint'],
        summary: 'Compare two completed fingerprint jobs (synchronous, free)',
        description: 'A job id that is missing or another account’s answers 404; a job that is not a completed fingerprint job answers 409.',
        body: CompareBody,
        response: { 200: CompareResult, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request) => {
      const { account } = requireAuth(request);
      const [a, b] = request.body.job_ids;
      const prints = [];
      for (const id of [a, b]) {
        const job = await getJob(app.deps.store.db, id, account.id);
        if (!job) throw new ApiError('not_found', `No job ${id}.`);
        if (job.job_type !== 'fingerprint' || job.status !== 'completed') {
          throw new ApiError('conflict', `Job ${id} is not a completed fingerprint job (it is a ${job.status} ${job.job_type} job).`);
        }
        const row = await getFingerprint(app.deps.store.db, id, account.id);
        if (!row) throw new ApiError('conflict', `Job ${id} has no stored fingerprint.`);
        prints.push(rowToPrint(row));
      }
      return compareFingerprints(prints[0], prints[1]);
    },
  );
}
