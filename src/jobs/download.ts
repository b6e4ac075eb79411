// POST /v1/download: yt-dlp fetches the best source under the ceiling, one ffmpeg pass
// shapes it (stream copy whenever the container allows), ffprobe + sha256 describe it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { jobFailure } from '../errors.js';
import { safeFilename } from '../files/signing.js';
import { checkLimits, outputDuration, planFinalize, runFfmpeg } from '../media/ffmpeg/finalize.js';
import { probe, type MediaInfo } from '../media/ffmpeg/probe.js';
import { AUDIO_FORMATS, downloadArgs, parseDownloadOutput, parseProgressLine, type DownloadFormat, type DownloadQuality } from '../media/ytdlp/args.js';
import { classifyYtdlpError } from '../media/ytdlp/info.js';
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

interface SourceMeta {
  title?: string;
  duration?: number;
  uploader?: string;
  upload_date?: string;
  description?: string;
  webpage_url?: string;
}

function readInfoJson(workDir: string): SourceMeta {
  const file = fs.readdirSync(workDir).find((f) => f.endsWith('.info.json'));
  if (!file) return {};
  try {
    return JSON.parse(fs.readFileSync(path.join(workDir, file), 'utf8')) as SourceMeta;
  } catch {
    return {};
  }
}

function metadataTags(meta: SourceMeta, url: string): Record<string, string> {
  const tags: Record<string, string> = { comment: meta.webpage_url ?? url };
  if (meta.title) tags.title = meta.title;
  if (meta.uploader) tags.artist = meta.uploader;
  if (meta.upload_date && /^\d{8}$/.test(meta.upload_date)) tags.date = `${meta.upload_date.slice(0, 4)}-${meta.upload_date.slice(4, 6)}-${meta.upload_date.slice(6)}`;
  if (meta.description) tags.description = meta.description.slice(0, 1000);
  return tags;
}

export async function runDownload(p: DownloadPayload, ctx: JobContext): Promise<HandlerOutcome<DownloadResult>> {
  const fail = (code: Parameters<typeof jobFailure>[0], detail: string) => ({ ok: false as const, failure: jobFailure(code, detail) });
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
  // The info JSON feeds the embedded tags; it goes before the `--` that ends the options.
  if (p.embed_metadata) argv.splice(argv.lastIndexOf('--'), 0, '--write-info-json');
  const run = await ctx.engines.runYtdlp(argv, {
    cwd: ctx.workDir,
    signal: ctx.signal,
    timeoutMs: ctx.remainingMs(),
    onSpawn: (pid) => ctx.onProcess(pid),
    onStdoutLine: (line) => {
      const pct = parseProgressLine(line);
      if (pct !== null) ctx.progress((pct * DOWNLOAD_SHARE) / 100, 'downloading');
    },
  });
  ctx.onProcess(null);
  if (run.aborted) return fail('cancelled', 'The job was cancelled.');
  if (run.timedOut) return fail('timeout', 'The download did not finish within the job time limit.');
  if (run.code !== 0) {
    if (/File is larger than max-filesize|max-filesize/i.test(run.stderr)) return fail('limit_exceeded', `The source is larger than ${ctx.config.maxFileBytes} bytes.`);
    return { ok: false, failure: startPastEnd(p.start, readInfoJson(ctx.workDir).duration, false) ?? classifyYtdlpError(run.stderr, p.url) };
  }
  const output = parseDownloadOutput(run.stdout);
  const source = output.filepath;
  if (!source || !fs.existsSync(source)) return fail('limit_exceeded', `The source is larger than ${ctx.config.maxFileBytes} bytes.`);

  ctx.progress(DOWNLOAD_SHARE, 'probing');
  const info = await probe(ctx.config, source, { signal: ctx.signal, timeoutMs: Math.min(60_000, ctx.remainingMs()) });
  if ('code' in info) return { ok: false, failure: startPastEnd(p.start, readInfoJson(ctx.workDir).duration, true) ?? info };
  const limit = checkLimits(info, ctx.config);
  if (limit) return { ok: false, failure: limit };

  const meta = p.embed_metadata ? readInfoJson(ctx.workDir) : {};
  const subtitleFiles = Object.entries(output.subtitles).map(([lang, file]) => ({ path: file, lang }));
  // yt-dlp already trimmed with --download-sections; ffmpeg only reshapes.
  const request = {
    format: p.format,
    audioOnly: p.audio_only,
    maxHeight: heightCeiling(p.quality, ctx.config.maxOutputHeight),
    start: null,
    end: null,
    metadata: p.embed_metadata ? metadataTags(meta, p.url) : null,
    subtitleFiles,
  };
  const base = (p.filename ?? meta.title ?? 'video').replace(/\.[A-Za-z0-9]{2,4}$/, '');
  const plan = planFinalize(info, request, { input: source, outputBase: path.join(ctx.outputDir, safeFilename(base, 'video')) });
  ctx.progress(DOWNLOAD_SHARE + 5, 'processing');
  const ff = await runFfmpeg(ctx.config, plan.args, {
    durationSeconds: outputDuration(info, request),
    signal: ctx.signal,
    timeoutMs: ctx.remainingMs(),
    outputPath: plan.output,
    onProgress: (pct) => ctx.progress(DOWNLOAD_SHARE + 5 + (pct * (95 - DOWNLOAD_SHARE - 5)) / 100, 'processing'),
    onSpawn: (pid) => ctx.onProcess(pid),
  });
  ctx.onProcess(null);
  if (ff) return { ok: false, failure: ff };

  ctx.progress(96, 'verifying');
  const out = await probe(ctx.config, plan.output, { signal: ctx.signal, timeoutMs: 60_000 });
  if ('code' in out) return { ok: false, failure: out };
  return { ok: true, result: describe(path.basename(plan.output), plan.mime, out, await sha256(plan.output)) };
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
