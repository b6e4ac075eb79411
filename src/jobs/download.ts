// POST /v1/download: one video (download-item.ts) or, with `playlist`, every entry of a
// playlist or channel (download-playlist.ts). The payload is the validated request as stored on
// the job; fields added in v1.1 are optional so that jobs queued before them still run.
import type { Static } from '@sinclair/typebox';
import { AUDIO_FORMATS } from '../media/ytdlp/args.js';
import { downloadItem, type ItemOptions } from './download-item.js';
import { itemResult, type DownloadResult } from './download-result.js';
import { runPlaylist } from './download-playlist.js';
import type * as payloads from './payloads.js';
import type { HandlerOutcome, JobContext } from './types.js';

export { AUDIO_FORMATS };
export type { DownloadResult };

export type SubtitlesSource = 'manual' | 'auto' | 'any' | 'whisper';
export type SubtitlesMode = 'embed' | 'files';

/** The stored request (jobs/payloads.ts: checked when a worker claims the job). */
export type DownloadPayload = Static<typeof payloads.DownloadPayload>;

/** `max_items`: what a playlist job downloads at most (POST /v1/download). */
export const PLAYLIST_ITEMS = { default: 25, max: 200 } as const;

/** Items a job is charged for at submit: max_items for a playlist, else one. */
export function chargedItems(p: Pick<DownloadPayload, 'playlist' | 'max_items'>): number {
  return p.playlist ? (p.max_items ?? PLAYLIST_ITEMS.default) : 1;
}

/** The options every item of the job shares, with the v1.1 defaults filled in. */
export function itemOptions(p: DownloadPayload): ItemOptions {
  return {
    format: p.format,
    quality: p.quality,
    audioOnly: p.audio_only,
    start: p.start,
    end: p.end,
    embedMetadata: p.embed_metadata,
    subtitles: p.subtitles,
    subtitlesSource: p.subtitles_source ?? 'manual',
    subtitlesMode: p.subtitles_mode ?? 'embed',
    embedChapters: p.embed_chapters ?? null,
    splitChapters: p.split_chapters ?? false,
    videoCodec: p.video_codec ?? 'auto',
    audioCodec: p.audio_codec ?? 'auto',
    audioBitrate: p.audio_bitrate ?? null,
    live: p.live ?? null,
    whisperModel: p.whisper_model ?? 'base',
  };
}

export async function runDownload(p: DownloadPayload, ctx: JobContext): Promise<HandlerOutcome<DownloadResult>> {
  const opts = itemOptions(p);
  if (p.playlist) return runPlaylist(p.url, chargedItems(p), p.filename, opts, ctx);
  const item = await downloadItem(p.url, opts, ctx, {
    workDir: ctx.workDir,
    outputDir: ctx.outputDir,
    name: (title) => p.filename ?? (p.embed_metadata ? title : null) ?? 'video',
    report: (pct, stage) => ctx.progress(pct, stage),
  });
  if ('code' in item) return { ok: false, failure: item };
  return { ok: true, result: await itemResult(item, ctx) };
}
