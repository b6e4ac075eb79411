// The stored request of each job type (what its handler receives), as TypeBox schemas. A job
// is checked against its schema when a worker claims it: a row written by another version,
// edited by hand or damaged fails with server_error (refunded) instead of reaching a handler
// as something it does not expect. Fields a newer version adds are allowed (a rolling deploy
// runs both versions side by side); the registry's types make a required field that the
// handler reads and the schema lacks a compile error.
import { Type } from '@sinclair/typebox';
import { AUDIO_CODECS, VIDEO_CODECS } from '../media/ffmpeg/codecs.js';

const lit = <T extends string | number>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Url = Type.String({ minLength: 1 });
const Seconds = Type.Number({ minimum: 0 });
const NullableSeconds = Type.Union([Seconds, Type.Null()]);
const SpeechFormat = lit(['json', 'srt', 'vtt', 'txt'] as const);

export const DownloadPayload = Type.Object({
  url: Url,
  format: lit(['mp4', 'webm', 'mkv', 'mov', 'mp3', 'm4a', 'opus', 'wav', 'flac', 'original'] as const),
  quality: lit(['2160p', '1440p', '1080p', '720p', '480p', '360p', '240p', 'best', 'worst'] as const),
  audio_only: Type.Boolean(),
  start: NullableSeconds,
  end: NullableSeconds,
  embed_metadata: Type.Boolean(),
  subtitles: Type.Array(Type.String()),
  filename: Type.Union([Type.String(), Type.Null()]),
  // v1.1 (issue 15): optional, so that jobs accepted before them still run (the handler fills
  // in the defaults: jobs/download.ts itemOptions).
  playlist: Type.Optional(Type.Boolean()),
  max_items: Type.Optional(Type.Integer({ minimum: 1 })),
  embed_chapters: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  split_chapters: Type.Optional(Type.Boolean()),
  subtitles_source: Type.Optional(lit(['manual', 'auto', 'any', 'whisper'] as const)),
  subtitles_mode: Type.Optional(lit(['embed', 'files'] as const)),
  video_codec: Type.Optional(lit(VIDEO_CODECS)),
  audio_codec: Type.Optional(lit(AUDIO_CODECS)),
  audio_bitrate: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  live: Type.Optional(Type.Union([Type.Object({ from_start: Type.Boolean(), max_duration: Type.Number({ exclusiveMinimum: 0 }) }), Type.Null()])),
  /** The Whisper model of subtitles_source "whisper" (checked installed at submit). */
  whisper_model: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
});

export const PreviewPayload = Type.Object({
  url: Url,
  preview_type: lit(['thumbnail', 'gif', 'mosaic', 'clip'] as const),
  timestamp: Type.Union([Seconds, Type.Literal('auto'), Type.Null()]),
  start: NullableSeconds,
  duration: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]),
  width: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  columns: Type.Integer({ minimum: 1 }),
  rows: Type.Integer({ minimum: 1 }),
  fps: Type.Number({ exclusiveMinimum: 0 }),
  format: lit(['gif', 'webp'] as const),
  scene_aware: Type.Boolean(),
});

export const FingerprintPayload = Type.Object({
  url: Url,
  timestamp: NullableSeconds,
  hash_size: lit([8, 16, 32] as const),
});

export const CommentsPayload = Type.Object({
  url: Url,
  max_comments: Type.Integer({ minimum: 1 }),
  sort: lit(['top', 'new'] as const),
  include_replies: Type.Boolean(),
});

export const TranscribePayload = Type.Object({
  url: Url,
  language: Type.Union([Type.String(), Type.Null()]),
  output_format: SpeechFormat,
  word_timestamps: Type.Boolean(),
  model_size: Type.String({ minLength: 1 }),
  vad_filter: Type.Boolean(),
});

export const TranslatePayload = Type.Object({
  url: Url,
  target_language: Type.String({ minLength: 1 }),
  source_language: Type.Union([Type.String(), Type.Null()]),
  output_format: SpeechFormat,
  model_size: Type.String({ minLength: 1 }),
  // Jobs accepted before engines could be chosen have none ('auto').
  engine: Type.Optional(lit(['auto', 'whisper', 'apertium', 'bergamot', 'libretranslate', 'pivot'] as const)),
});
