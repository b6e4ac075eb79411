import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { CommonJobOptions, TimeInput } from '../schemas.js';
import { postJobRoute } from './job-route.js';
import { AUDIO_FORMATS, type DownloadPayload } from '../../jobs/download.js';
import type { DownloadFormat } from '../../media/ytdlp/args.js';
import { parseTimeInput, TIME_INPUT_HINT } from '../../time.js';

const lit = <T extends string>(values: readonly T[]) => values.map((v) => Type.Literal(v));
const FORMATS = ['mp4', 'webm', 'mkv', 'mov', 'mp3', 'm4a', 'opus', 'wav', 'flac', 'original'] as const;
const QUALITIES = ['1080p', 'best', '2160p', '1440p', '720p', '480p', '360p', '240p', 'worst'] as const;

export const DownloadBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 4096 }),
    format: Type.Union(lit(FORMATS), { default: 'mp4' }),
    quality: Type.Union(lit(QUALITIES), { default: '1080p', description: 'A ceiling on height: the best source format at or below it, scaled down when the source has nothing that small.' }),
    audio_only: Type.Boolean({ default: false }),
    start: Type.Optional(TimeInput),
    end: Type.Optional(TimeInput),
    embed_metadata: Type.Boolean({ default: true }),
    subtitles: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$' }), { maxItems: 10, description: 'Language codes of subtitles to embed' })),
    filename: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Sanitised; the extension follows the format' })),
    ...CommonJobOptions,
  },
  { additionalProperties: false },
);

function toPayload(body: Static<typeof DownloadBody>): DownloadPayload {
  const start = parseTimeInput(body.start);
  const end = parseTimeInput(body.end);
  const issues = [];
  if (body.start !== undefined && start === null) issues.push({ loc: ['body', 'start'], msg: TIME_INPUT_HINT, type: 'time' });
  if (body.end !== undefined && end === null) issues.push({ loc: ['body', 'end'], msg: TIME_INPUT_HINT, type: 'time' });
  if (end !== null && end <= (start ?? 0)) issues.push({ loc: ['body', 'end'], msg: start === null ? 'end must be after 0 (times are rounded to the millisecond)' : 'end must be after start', type: 'value_error' });
  if (issues.length) throw new ApiError('validation_error', issues);
  const audio = body.audio_only || AUDIO_FORMATS.has(body.format as DownloadFormat);
  if (audio && body.subtitles?.length) throw new ApiError('bad_request', 'Subtitles can only be embedded in a video download.');
  return {
    url: body.url,
    format: body.format,
    quality: body.quality,
    audio_only: audio,
    start,
    end,
    embed_metadata: body.embed_metadata,
    subtitles: body.subtitles ?? [],
    filename: body.filename ?? null,
  };
}

export function downloadRoutes(app: App): void {
  postJobRoute(app, {
    path: '/v1/download',
    jobType: 'download',
    tags: ['download'],
    summary: 'Download and process a video (async job)',
    description: 'Costs 1 credit; 2 when quality is best, 1440p or 2160p (and not audio-only). Stream copy whenever the container allows it.',
    body: DownloadBody,
    payload: toPayload,
  });
}
