import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError, type ValidationIssue } from '../../errors.js';
import { CommonJobOptions, TimeInput } from '../schemas.js';
import { postJobRoute } from './job-route.js';
import { AUDIO_FORMATS, PLAYLIST_ITEMS, type DownloadPayload } from '../../jobs/download.js';
import { AUDIO_BITRATE, AUDIO_CODECS, codecProblems, VIDEO_CODECS } from '../../media/ffmpeg/codecs.js';
import type { DownloadFormat } from '../../media/ytdlp/args.js';
import { whisperLanguage } from '../../media/whisper/sizes.js';
import { parseTimeInput, TIME_INPUT_HINT } from '../../time.js';

const lit = <T extends string>(values: readonly T[]) => values.map((v) => Type.Literal(v));
const FORMATS = ['mp4', 'webm', 'mkv', 'mov', 'mp3', 'm4a', 'opus', 'wav', 'flac', 'original'] as const;
const QUALITIES = ['1080p', 'best', '2160p', '1440p', '720p', '480p', '360p', '240p', 'worst'] as const;
/** Subtitles from our transcriber use this model (checked installed at submit). */
const WHISPER_SUBTITLE_MODEL = 'base';

export const DownloadBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 4096 }),
    format: Type.Union(lit(FORMATS), { default: 'mp4' }),
    quality: Type.Union(lit(QUALITIES), { default: '1080p', description: 'A ceiling on height: the best source format at or below it, scaled down when the source has nothing that small.' }),
    audio_only: Type.Boolean({ default: false }),
    start: Type.Optional(TimeInput),
    end: Type.Optional(TimeInput),
    embed_metadata: Type.Boolean({ default: true }),
    subtitles: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$' }), { maxItems: 10, description: 'Language codes of the subtitle tracks to embed (or, with subtitles_mode files, to write as .vtt files)' })),
    filename: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Sanitised; the extension follows the format' })),
    playlist: Type.Boolean({ default: false, description: 'Download every entry of a playlist or channel URL (at most max_items) into one job: files[] lists them, download_url is a ZIP. Charged per item × max_items at submit; entries not delivered are refunded when the job ends.' }),
    max_items: Type.Integer({ minimum: 1, maximum: PLAYLIST_ITEMS.max, default: PLAYLIST_ITEMS.default, description: 'With playlist: the first N entries' }),
    embed_chapters: Type.Optional(Type.Boolean({ description: 'Write the source\'s chapters into the file (default: yes when it has chapters; mp4, m4a, mkv, webm, mp3, opus)' })),
    split_chapters: Type.Boolean({ default: false, description: 'One file per chapter ("NN - title.ext") in files[]; download_url is a ZIP of them. Stream copy when every chapter starts on a keyframe.' }),
    subtitles_source: Type.Union(lit(['manual', 'auto', 'any', 'whisper'] as const), {
      default: 'manual',
      description: 'manual: the uploader\'s tracks; auto: the platform\'s automatic captions; any: manual, else automatic; whisper: our transcriber (adds the transcribe price; subtitles names at most the spoken language)',
    }),
    subtitles_mode: Type.Union(lit(['embed', 'files'] as const), { default: 'embed', description: 'embed: subtitle streams in the file (mov_text in mp4/mov, WebVTT in webm, SRT in mkv); files: .vtt side files in files[]' }),
    video_codec: Type.Union(lit(VIDEO_CODECS), { default: 'auto', description: 'auto: stream copy when the container allows it; otherwise the source is re-encoded only when its codec differs' }),
    audio_codec: Type.Union(lit(AUDIO_CODECS), { default: 'auto' }),
    audio_bitrate: Type.Optional(Type.Integer({ minimum: AUDIO_BITRATE.min, maximum: AUDIO_BITRATE.max, description: 'kbit/s for lossy audio (aac, opus, mp3)' })),
    live: Type.Optional(
      Type.Object(
        {
          from_start: Type.Boolean({ default: false, description: 'Record from the start of what the stream still offers, not from now' }),
          max_duration: Type.Integer({ minimum: 1, maximum: 7 * 86_400, description: 'Seconds to record (at most the server\'s source duration limit)' }),
        },
        { additionalProperties: false, description: 'Record a live stream; without it a live source fails with limit_exceeded' },
      ),
    ),
    ...CommonJobOptions,
  },
  { additionalProperties: false },
);

type Body = Static<typeof DownloadBody>;

const isAudio = (body: { audio_only: boolean; format: string }) => body.audio_only || AUDIO_FORMATS.has(body.format as DownloadFormat);

const issue = (field: string, msg: string, type = 'value_error'): ValidationIssue => ({ loc: ['body', field], msg, type });

function optionIssues(body: Body, maxDurationSeconds: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const subs = body.subtitles ?? [];
  const whisper = body.subtitles_source === 'whisper';
  if (whisper && subs.length > 1) issues.push(issue('subtitles', 'with subtitles_source whisper, give at most one language: the spoken one (or none to detect it)'));
  if (whisper && subs[0] && !whisperLanguage(subs[0].split(/[-_]/)[0].toLowerCase())) issues.push(issue('subtitles', `"${subs[0]}" is not a language Whisper recognises`));
  if (!whisper && subs.length === 0 && body.subtitles_source !== 'manual') issues.push(issue('subtitles_source', 'names which tracks to fetch; give their languages in subtitles'));
  if (!whisper && subs.length === 0 && body.subtitles_mode === 'files') issues.push(issue('subtitles_mode', 'writes the tracks named in subtitles (or subtitles_source whisper); none were named'));
  if (body.split_chapters && body.embed_chapters === false) issues.push(issue('embed_chapters', 'split_chapters cuts at the chapters written into the file; leave embed_chapters on'));
  if (body.live && body.live.max_duration > maxDurationSeconds) issues.push(issue('live', `max_duration is limited to ${maxDurationSeconds} s on this server`));
  const format = body.format as DownloadFormat;
  for (const p of codecProblems({ format, audioOnly: body.audio_only, videoCodec: body.video_codec, audioCodec: body.audio_codec, audioBitrate: body.audio_bitrate ?? null })) issues.push(issue(p.field, p.msg));
  return issues;
}

async function toPayload(app: App, body: Body): Promise<DownloadPayload> {
  const start = parseTimeInput(body.start);
  const end = parseTimeInput(body.end);
  const issues: ValidationIssue[] = [];
  if (body.start !== undefined && start === null) issues.push(issue('start', TIME_INPUT_HINT, 'time'));
  if (body.end !== undefined && end === null) issues.push(issue('end', TIME_INPUT_HINT, 'time'));
  if (end !== null && end <= (start ?? 0)) issues.push(issue('end', start === null ? 'end must be after 0 (times are rounded to the millisecond)' : 'end must be after start'));
  issues.push(...optionIssues(body, app.deps.config.maxDurationSeconds));
  const whisper = body.subtitles_source === 'whisper';
  if (whisper && !(await app.deps.engines.whisper.models()).installed[WHISPER_SUBTITLE_MODEL]) {
    issues.push(issue('subtitles_source', `whisper subtitles need the ${WHISPER_SUBTITLE_MODEL} model, which is not installed on this server`));
  }
  if (issues.length) throw new ApiError('validation_error', issues);
  const audio = isAudio(body);
  if (audio && body.subtitles_mode === 'embed' && ((body.subtitles?.length ?? 0) > 0 || whisper)) {
    throw new ApiError('bad_request', 'Subtitles can only be embedded in a video download; use subtitles_mode "files" for side files.');
  }
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
    playlist: body.playlist,
    max_items: body.max_items,
    embed_chapters: body.embed_chapters ?? null,
    split_chapters: body.split_chapters,
    subtitles_source: body.subtitles_source,
    subtitles_mode: body.subtitles_mode,
    video_codec: body.video_codec,
    audio_codec: body.audio_codec,
    audio_bitrate: body.audio_bitrate ?? null,
    live: body.live ?? null,
    whisper_model: whisper ? WHISPER_SUBTITLE_MODEL : null,
  };
}

export function downloadRoutes(app: App): void {
  postJobRoute(app, {
    path: '/v1/download',
    jobType: 'download',
    tags: ['download'],
    summary: 'Download and process a video, or every entry of a playlist (async job)',
    description:
      'Costs 1 credit per item; 2 when quality is best, 1440p or 2160p (and not audio-only); plus 3 with subtitles_source whisper. A playlist is charged for max_items at submit and refunded for the entries not delivered. Stream copy whenever the container allows it.',
    body: DownloadBody,
    payload: (body) => toPayload(app, body),
  });
}
