import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError, type ValidationIssue } from '../../errors.js';
import { CommonJobOptions, TimeInput } from '../schemas.js';
import { postJobRoute } from './job-route.js';
import type { PreviewPayload } from '../../jobs/preview.js';
import { parseTimeInput, TIME_INPUT_HINT } from '../../time.js';

const lit = <T extends string>(values: readonly T[]) => values.map((v) => Type.Literal(v));
const TYPES = ['gif', 'thumbnail', 'mosaic', 'clip'] as const;
/** Contract §6 ceilings on the window (seconds). */
export const MAX_DURATION = { gif: 15, clip: 30 } as const;

export const PreviewBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 4096 }),
    preview_type: Type.Union(lit(TYPES)),
    timestamp: Type.Optional(Type.Union([TimeInput, Type.Literal('auto')], { description: 'thumbnail: the frame time (default 25% of the duration), or "auto" for a representative, non-blank frame' })),
    start: Type.Optional(TimeInput),
    duration: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: MAX_DURATION.clip, description: 'Seconds; gif default 5 (max 15), clip default 10 (max 30). A default shortens to fit the source; a given value must fit.' })),
    width: Type.Optional(Type.Integer({ minimum: 16, maximum: 1920, description: 'Output width (mosaic: the whole grid); default 480, clip: the source width. Height keeps the aspect ratio, even.' })),
    columns: Type.Integer({ minimum: 1, maximum: 8, default: 4 }),
    rows: Type.Integer({ minimum: 1, maximum: 8, default: 4 }),
    fps: Type.Number({ minimum: 1, maximum: 20, default: 10, description: 'gif frames per second' }),
    format: Type.Optional(Type.Union(lit(['gif', 'webp'] as const), { description: 'gif: animated GIF (default) or animated WebP' })),
    scene_aware: Type.Boolean({ default: false, description: 'mosaic: tiles at scene changes instead of even spacing (reads the whole source)' }),
    ...CommonJobOptions,
  },
  { additionalProperties: false },
);

type Body = Static<typeof PreviewBody>;

/** Which optional fields each type reads; sending another type's field is a 400. */
const APPLIES: Record<string, readonly string[]> = {
  timestamp: ['thumbnail'],
  start: ['gif', 'clip'],
  duration: ['gif', 'clip'],
  format: ['gif'],
};

export function toPayload(body: Body): PreviewPayload {
  const type = body.preview_type;
  for (const [field, types] of Object.entries(APPLIES)) {
    if (body[field as keyof Body] !== undefined && !types.includes(type)) throw new ApiError('bad_request', `${field} does not apply to preview_type ${type}.`);
  }
  if (body.scene_aware && type !== 'mosaic') throw new ApiError('bad_request', `scene_aware applies to preview_type mosaic only.`);
  const issues: ValidationIssue[] = [];
  const timestamp = body.timestamp === 'auto' ? 'auto' : parseTimeInput(body.timestamp);
  if (body.timestamp !== undefined && timestamp === null) issues.push({ loc: ['body', 'timestamp'], msg: TIME_INPUT_HINT, type: 'time' });
  const start = parseTimeInput(body.start);
  if (body.start !== undefined && start === null) issues.push({ loc: ['body', 'start'], msg: TIME_INPUT_HINT, type: 'time' });
  if (type === 'gif' && body.duration !== undefined && body.duration > MAX_DURATION.gif) {
    issues.push({ loc: ['body', 'duration'], msg: `must be <= ${MAX_DURATION.gif} for a gif`, type: 'maximum' });
  }
  if (issues.length) throw new ApiError('validation_error', issues);
  return {
    url: body.url,
    preview_type: type,
    timestamp,
    start,
    duration: body.duration ?? null,
    width: body.width ?? null,
    columns: body.columns,
    rows: body.rows,
    fps: body.fps,
    format: body.format ?? 'gif',
    scene_aware: body.scene_aware,
  };
}

export function previewRoutes(app: App): void {
  postJobRoute(app, {
    path: '/v1/preview',
    jobType: 'preview',
    tags: ['preview'],
    summary: 'Thumbnail, GIF/WebP, mosaic with WebVTT storyboard, or MP4 clip (async job)',
    description: 'Costs 1 credit. Reads only the needed bytes of direct files, HLS and DASH (result.source_access "seek"), else downloads first ("download"). ' +
          'A time or window past the end of the source fails the job with out_of_range (refunded). See docs/previews.md.',
    body: PreviewBody,
    payload: toPayload,
  });
}
