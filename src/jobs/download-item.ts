// One video of a download job: yt-dlp fetches the best source under the ceiling (with the
// job's cookies, subtitles and live options), one ffmpeg pass shapes it (stream copy whenever
// the container and the caller's codecs allow; chapters and subtitles embedded), ffprobe
// describes it, the result must be as long as the source declared, and the extras follow:
// a file per chapter, WebVTT side files. A playlist runs this once per entry.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { safeFilename } from '../files/signing.js';
import type { JobFailure } from '../errors.js';
import { chaptersInWindow, ffmetadata, type Chapter } from '../media/ffmpeg/chapters.js';
import type { AudioCodec, VideoCodec } from '../media/ffmpeg/codecs.js';
import { checkLimits, outputDuration, planFinalize, type FinalizeRequest } from '../media/ffmpeg/finalize.js';
import { localMedia, localMetadata, type InputPosition, type MediaInput } from '../media/ffmpeg/input.js';
import type { MediaInfo } from '../media/ffmpeg/media-info.js';
import { declaredByInputs, declaredFor, shortfall, windowOf } from '../media/source/complete.js';
import { whisperLanguage } from '../media/whisper/sizes.js';
import { downloadArgs, type DownloadFormat, type DownloadQuality } from '../media/ytdlp/args.js';
import { fetchSource, metadataTags, type DownloadedSource } from '../media/ytdlp/download.js';
import { asVtt, sidecarFiles, splitByChapters, whisperSubtitles, type OutputFile } from './download-extras.js';
import type { SubtitlesMode, SubtitlesSource } from './download.js';
import { startPastEnd } from './trim-range.js';
import type { JobContext } from './types.js';

export interface ItemOptions {
  format: DownloadFormat;
  quality: DownloadQuality;
  audioOnly: boolean;
  start: number | null;
  end: number | null;
  embedMetadata: boolean;
  subtitles: string[];
  subtitlesSource: SubtitlesSource;
  subtitlesMode: SubtitlesMode;
  embedChapters: boolean | null;
  splitChapters: boolean;
  videoCodec: VideoCodec;
  audioCodec: AudioCodec;
  audioBitrate: number | null;
  live: { from_start: boolean; max_duration: number } | null;
  whisperModel: string;
}

export interface ItemPlace {
  /** This item's scratch directory. */
  workDir: string;
  /** Where its outputs go (the job's outputDir). */
  outputDir: string;
  /** The base name of its files, from the source's title (the caller adds numbering or the request's filename). */
  name(title: string | null): string;
  /** Put before its chapter files' `NN - title` (a playlist entry's own number and title). */
  chapterPrefix?: (base: string) => string;
  /** Progress of this item, 0–100, with a stage. */
  report(pct: number, stage: string): void;
}

export interface SubtitleTrack {
  language: string;
  source: 'platform' | 'whisper';
  input: MediaInput;
  /** The window of the file relative to the source ({}: it matches the media already). */
  at: InputPosition;
}

export interface DownloadedItem {
  title: string | null;
  sourceUrl: string;
  /** The whole output, described; `inOutput` false when only its chapter files were kept. */
  media: { file: string; mime: string; info: MediaInfo; inOutput: boolean };
  /** Every file this item wrote to the output directory, media first. */
  files: OutputFile[];
  chapters: Chapter[];
  subtitles: { language: string; source: 'platform' | 'whisper'; embedded: boolean }[];
  live: boolean;
}

/** Share of the bar each stage gets. */
const DOWNLOAD_SHARE = 65;

function heightCeiling(q: DownloadQuality, maxOutputHeight: number): number | null {
  const m = /^(\d+)p$/.exec(q);
  const h = m ? Number(m[1]) : null;
  if (q === 'best' || q === 'worst') return maxOutputHeight;
  return Math.min(h ?? maxOutputHeight, maxOutputHeight);
}

export async function downloadItem(url: string, o: ItemOptions, ctx: JobContext, at: ItemPlace): Promise<DownloadedItem | JobFailure> {
  at.report(0, 'downloading');
  const src = await fetchItem(url, o, ctx, at);
  if ('code' in src) return src;

  at.report(DOWNLOAD_SHARE, 'probing');
  const info = await ctx.engines.ffmpeg.probe(src.input, ctx, { timeoutMs: 60_000 });
  if ('code' in info) return startPastEnd(o.start, src.meta.duration, true) ?? info;
  const limit = checkLimits(info, ctx.config);
  if (limit) return limit;

  // Platform tracks are not cut with the media: a trim, or side files, need them as cut WebVTT.
  const embed = o.subtitlesMode === 'embed';
  const tracks: SubtitleTrack[] = [];
  for (const s of src.subtitles) {
    const track: SubtitleTrack = { language: s.lang, source: 'platform', input: s.input, at: {} };
    const ready = embed && o.start === null && o.end === null ? track : await asVtt(track, { start: o.start, end: o.end }, ctx, at.workDir);
    if ('code' in ready) return ready;
    tracks.push(ready);
  }
  if (o.subtitlesSource === 'whisper' && !(o.audioOnly && o.subtitlesMode === 'embed')) {
    at.report(DOWNLOAD_SHARE + 2, 'transcribing');
    const hint = o.subtitles[0] ? whisperLanguage(o.subtitles[0].split(/[-_]/)[0].toLowerCase()) : null;
    const heard = await whisperSubtitles(src.input, info, { model: o.whisperModel, language: hint }, ctx, at.workDir);
    // Heard on the whole download when the trim is cut here: its cues move with the cut.
    const spoken = heard && !('code' in heard) && cutLocally(o, ctx) ? await asVtt(heard, { start: o.start, end: o.end }, ctx, at.workDir) : heard;
    if (spoken && 'code' in spoken) return spoken;
    if (spoken) tracks.push(spoken);
  }

  // Chapters: the platform's (cut to the trim), else whatever the file itself carries.
  const keepChapters = o.embedChapters !== false;
  const chapters = chaptersInWindow(src.meta.chapters, o.start, o.end);
  const chapterInput = keepChapters && chapters.length > 0 ? await chapterFile(chapters, info.duration, at.workDir) : null;

  const request: FinalizeRequest = {
    format: o.format,
    audioOnly: o.audioOnly,
    maxHeight: heightCeiling(o.quality, ctx.config.maxOutputHeight),
    // yt-dlp trimmed with --download-sections, unless the job has cookies (cutLocally).
    start: cutLocally(o, ctx) ? o.start : null,
    end: cutLocally(o, ctx) ? o.end : null,
    metadata: o.embedMetadata ? metadataTags(src.meta, url) : null,
    subtitleFiles: embed ? tracks.map((t) => ({ input: t.input, lang: t.language, at: t.at })) : [],
    videoCodec: o.videoCodec,
    audioCodec: o.audioCodec,
    audioBitrate: o.audioBitrate,
    chapters: chapterInput,
    keepChapters,
  };
  const title = src.meta.title;
  const base = safeFilename(at.name(title).replace(/\.[A-Za-z0-9]{2,4}$/, ''), 'video');
  // Split: the whole file is scratch, its chapter files are the output.
  const wholeDir = o.splitChapters ? at.workDir : at.outputDir;
  const plan = planFinalize(info, request, { input: src.input, outputBase: path.join(wholeDir, base) });
  at.report(DOWNLOAD_SHARE + 5, 'processing');
  const band = (from: number, to: number) => (pct: number) => at.report(from + ((to - from) * pct) / 100, 'processing');
  const ff = await ctx.engines.ffmpeg.run(plan.args, ctx, { durationSeconds: outputDuration(info, request), output: plan.output, onProgress: band(DOWNLOAD_SHARE + 5, 88) });
  if ('code' in ff) return ff;

  at.report(89, 'verifying');
  const out = await ctx.engines.ffmpeg.probe(localMedia(plan.output), ctx, { timeoutMs: 60_000 });
  if ('code' in out) return out;
  // A recording ends when max_duration says: nothing to hold it against.
  const truncated = src.isLive ? null : shortfall(expectedSeconds(o, info, cutLocally(o, ctx) ? null : src.ffmpegInputs, out), out.duration);
  if (truncated) return truncated;

  const media = { file: plan.output, mime: plan.mime, info: out, inOutput: !o.splitChapters };
  const files: OutputFile[] = [];
  if (o.splitChapters) {
    at.report(92, 'splitting chapters');
    const parts = await splitByChapters(media, plan.ext, at.chapterPrefix?.(base) ?? '', ctx, at.outputDir);
    if ('code' in parts) return parts;
    media.inOutput = parts.wholeKept;
    files.push(...parts.files);
  } else {
    files.push({ kind: 'media', path: plan.output, title, mime: plan.mime, duration: out.duration, language: null });
  }
  if (!embed && tracks.length > 0) {
    at.report(96, 'writing subtitles');
    files.push(...(await sidecarFiles(tracks, base, at.outputDir)));
  }
  return {
    title,
    sourceUrl: src.meta.webpageUrl ?? url,
    media,
    files,
    chapters: out.chapters.map((c) => ({ start: c.start, end: c.end, title: c.title })),
    subtitles: tracks.map((t) => ({ language: t.language, source: t.source, embedded: embed })),
    live: src.isLive,
  };
}

/**
 * The download, with the live options: from_start asks the extractor for the stream from its
 * start (--live-from-start) and, where it has no such formats (HLS at large), starts ffmpeg at
 * the first segment the playlist still lists (-live_start_index 0).
 */
async function fetchItem(url: string, o: ItemOptions, ctx: JobContext, at: ItemPlace): Promise<DownloadedSource | JobFailure> {
  const platformSubs = o.subtitlesSource === 'whisper' ? [] : o.subtitles;
  const fetch = (fromStartFlag: boolean) =>
    fetchSource(
      ctx.engines.ytdlp,
      downloadArgs(url, {
        format: o.format,
        quality: o.quality,
        audioOnly: o.audioOnly,
        start: cutLocally(o, ctx) ? null : o.start,
        end: cutLocally(o, ctx) ? null : o.end,
        subtitles: o.audioOnly ? [] : platformSubs,
        subtitleSource: o.subtitlesSource === 'whisper' ? 'manual' : o.subtitlesSource,
        outputTemplate: path.join(at.workDir, 'source.%(ext)s'),
        maxFileBytes: ctx.config.maxFileBytes,
        live: o.live ? { maxDuration: o.live.max_duration, fromStartFlag } : null,
      }),
      url,
      ctx,
      {
        cwd: at.workDir,
        maxFileBytes: ctx.config.maxFileBytes,
        onProgress: (pct) => at.report((pct * DOWNLOAD_SHARE) / 100, 'downloading'),
        ffmpegInputArgs: o.live?.from_start ? ['-live_start_index', '0'] : undefined,
      },
    );
  let src = await fetch(o.live?.from_start === true);
  if ('code' in src && o.live?.from_start && /downloaded from the start/.test(src.detail)) src = await fetch(false);
  if ('code' in src) return (await pastTheEnd(url, o, ctx)) ?? src;
  return src;
}

async function chapterFile(chapters: Chapter[], duration: number | null, dir: string): Promise<MediaInput> {
  const file = path.join(dir, 'chapters.ffmeta');
  await writeFile(file, ffmetadata(chapters, duration));
  return localMetadata(file);
}

/**
 * A trimmed download that failed: out_of_range (refunded) when `start` lies past the source's
 * end. The duration is looked up only on this failure path (the info cache usually has it).
 */
async function pastTheEnd(url: string, o: ItemOptions, ctx: JobContext): Promise<JobFailure | null> {
  if (o.start === null || o.start <= 0 || ctx.signal.aborted) return null;
  const info = await ctx.engines.info(url, { timeoutMs: Math.min(30_000, ctx.remainingMs()), signal: ctx.signal, cookies: ctx.cookies ?? null });
  const duration = info.ok && !('entries' in info.info) ? info.info.duration : null;
  return startPastEnd(o.start, duration, false);
}

/**
 * What the output should last: the source's declared length for the streams kept or, for a
 * trim (cut by yt-dlp's ffmpeg on the way in), the window within what that ffmpeg read in the
 * source's header.
 */
function expectedSeconds(o: ItemOptions, source: MediaInfo, inputs: Parameters<typeof declaredByInputs>[0] | null, out: MediaInfo): number | null {
  const keep = { video: out.hasVideo, audio: out.hasAudio };
  if (o.start === null && o.end === null) return declaredFor(source, keep);
  // Cut here (cookies): the window of what the whole download declares.
  return windowOf(inputs === null ? declaredFor(source, keep) : declaredByInputs(inputs, keep), o.start, o.end);
}

/**
 * A trim of a job with cookies is cut here, from the whole download: yt-dlp would hand the cut to
 * an ffmpeg of its own, which gets no cookies over HTTPS (docs/security.md "Cookies").
 */
function cutLocally(o: ItemOptions, ctx: JobContext): boolean {
  return Boolean(ctx.cookies) && (o.start !== null || o.end !== null);
}
