// POST /v1/download: yt-dlp fetches the best source under the ceiling, one ffmpeg pass
// shapes it (stream copy whenever the container allows), ffprobe + sha256 describe it, and
// the result must be as long as the source declared (a cut file is not a short success).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { safeFilename } from '../files/signing.js';
import { localMedia } from '../media/ffmpeg/input.js';
import { checkLimits, outputDuration, planFinalize, type FinalizeRequest } from '../media/ffmpeg/finalize.js';
import type { MediaInfo } from '../media/ffmpeg/media-info.js';
import { declaredByInputs, declaredFor, shortfall, windowOf } from '../media/source/complete.js';
import { AUDIO_FORMATS, downloadArgs, type DownloadFormat, type DownloadQuality } from '../media/ytdlp/args.js';
import { fetchSource, metadataTags } from '../media/ytdlp/download.js';
import { startPastEnd } from './trim-range.js';
import type { HandlerOutcome, JobContext } from './types.js';

export { AUDIO_FORMATS };

export interface DownloadPayload {
  url: string;
  format: DownloadFormat;
  quality: DownloadQuality;
  audio_only: boolean;
  start: number | null;
  end: number | null;
  embed_metadata: boolean;
  subtitles: string[];
  filename: string | null;
}

export interface DownloadResult {
  filename: string;
  size_bytes: number;
  mime_type: string;
  duration: number | null;
  width: number | null;
  height: number | null;
  vcodec: string | null;
  acodec: string | null;
  format: string;
  sha256: string;
}

/** Share of the progress bar each stage gets. */
const DOWNLOAD_SHARE = 70;

function heightCeiling(q: DownloadQuality, maxOutputHeight: number): number | null {
  const m = /^(\d+)p$/.exec(q);
  const h = m ? Number(m[1]) : null;
  if (q === 'best' || q === 'worst') return maxOutputHeight;
  return Math.min(h ?? maxOutputHeight, maxOutputHeight);
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function runDownload(p: DownloadPayload, ctx: JobContext): Promise<HandlerOutcome<DownloadResult>> {
  ctx.progress(0, 'downloading');
  const argv = downloadArgs(p.url, {
    format: p.format,
    quality: p.quality,
    audioOnly: p.audio_only,
    start: p.start,
    end: p.end,
    subtitles: p.subtitles,
    outputTemplate: path.join(ctx.workDir, 'source.%(ext)s'),
    maxFileBytes: ctx.config.maxFileBytes,
  });
  const onProgress = (pct: number) => ctx.progress((pct * DOWNLOAD_SHARE) / 100, 'downloading');
  const src = await fetchSource(ctx.engines.ytdlp, argv, p.url, ctx, { cwd: ctx.workDir, maxFileBytes: ctx.config.maxFileBytes, onProgress });
  if ('code' in src) return { ok: false, failure: (await pastTheEnd(p, ctx, false)) ?? src };

  ctx.progress(DOWNLOAD_SHARE, 'probing');
  const info = await ctx.engines.ffmpeg.probe(src.input, ctx, { timeoutMs: 60_000 });
  if ('code' in info) return { ok: false, failure: startPastEnd(p.start, src.meta.duration, true) ?? info };
  const limit = checkLimits(info, ctx.config);
  if (limit) return { ok: false, failure: limit };

  // yt-dlp already trimmed with --download-sections; ffmpeg only reshapes.
  const request: FinalizeRequest = {
    format: p.format,
    audioOnly: p.audio_only,
    maxHeight: heightCeiling(p.quality, ctx.config.maxOutputHeight),
    start: null,
    end: null,
    metadata: p.embed_metadata ? metadataTags(src.meta, p.url) : null,
    subtitleFiles: src.subtitles,
  };
  const base = (p.filename ?? (p.embed_metadata ? src.meta.title : null) ?? 'video').replace(/\.[A-Za-z0-9]{2,4}$/, '');
  const plan = planFinalize(info, request, { input: src.input, outputBase: path.join(ctx.outputDir, safeFilename(base, 'video')) });
  ctx.progress(DOWNLOAD_SHARE + 5, 'processing');
  const onFinalize = (pct: number) => ctx.progress(DOWNLOAD_SHARE + 5 + (pct * (95 - DOWNLOAD_SHARE - 5)) / 100, 'processing');
  const ff = await ctx.engines.ffmpeg.run(plan.args, ctx, { durationSeconds: outputDuration(info, request), output: plan.output, onProgress: onFinalize });
  if ('code' in ff) return { ok: false, failure: ff };

  ctx.progress(96, 'verifying');
  const out = await ctx.engines.ffmpeg.probe(localMedia(plan.output), ctx, { timeoutMs: 60_000 });
  if ('code' in out) return { ok: false, failure: out };
  const truncated = shortfall(expectedSeconds(p, info, src.ffmpegInputs, out), out.duration);
  if (truncated) return { ok: false, failure: truncated };
  return { ok: true, result: describe(path.basename(plan.output), plan.mime, out, await sha256(plan.output)) };
}

/**
 * A trimmed download that failed: out_of_range (refunded) when `start` lies past the source's
 * end. The duration is looked up only on this failure path (the info cache usually has it).
 */
async function pastTheEnd(p: DownloadPayload, ctx: JobContext, producedNothing: boolean) {
  if (p.start === null || p.start <= 0 || ctx.signal.aborted) return null;
  const info = await ctx.engines.info(p.url, { timeoutMs: Math.min(30_000, ctx.remainingMs()), signal: ctx.signal });
  const duration = info.ok && !('entries' in info.info) ? info.info.duration : null;
  return startPastEnd(p.start, duration, producedNothing);
}

/**
 * What the output should last: the source's declared length for the streams kept or, for a
 * trim (cut by yt-dlp's ffmpeg on the way in), the window within what that ffmpeg read in the
 * source's header.
 */
function expectedSeconds(p: DownloadPayload, source: MediaInfo, inputs: Parameters<typeof declaredByInputs>[0], out: MediaInfo): number | null {
  const keep = { video: out.hasVideo, audio: out.hasAudio };
  if (p.start === null && p.end === null) return declaredFor(source, keep);
  return windowOf(declaredByInputs(inputs, keep), p.start, p.end);
}

function describe(filename: string, mime: string, m: MediaInfo, digest: string): DownloadResult {
  return {
    filename,
    size_bytes: m.sizeBytes,
    mime_type: mime,
    duration: m.duration,
    width: m.hasVideo ? m.width : null,
    height: m.hasVideo ? m.height : null,
    vcodec: m.hasVideo ? m.vcodec : null,
    acodec: m.hasAudio ? m.acodec : null,
    format: path.extname(filename).slice(1),
    sha256: digest,
  };
}
