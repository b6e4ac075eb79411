// Getting a job's audio to a 16 kHz mono WAV in its workDir, shared by transcribe and
// translate: stream the direct URL through ffmpeg where yt-dlp finds a plain HTTP(S) one
// (re-checked against the URL policy: it is a new host), else download with yt-dlp first.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../errors.js';
import { runFfmpeg } from '../media/ffmpeg/run-ffmpeg.js';
import { audioExtractArgs, parseResolvedAudio, resolveAudioArgs, wavSeconds } from '../media/whisper/audio.js';
import { downloadArgs, parseDownloadOutput } from '../media/ytdlp/args.js';
import { classifyYtdlpError } from '../media/ytdlp/info.js';
import type { JobContext } from './types.js';

export type AudioOutcome = { ok: true; wav: string; duration: number; streamed: boolean } | { ok: false; failure: JobFailure };

const RESOLVE_TIMEOUT_MS = 120_000;
const MEDIA_FILE_URL = /\.(wav|mp3|m4a|aac|ogg|oga|opus|flac|webm|mp4|m4v|mkv|mov)$/i;

/** Fetches and converts the audio; progress goes from `from` to `to` percent. */
export async function fetchAudio(url: string, ctx: JobContext, from: number, to: number): Promise<AudioOutcome> {
  const wav = path.join(ctx.workDir, 'audio.wav');
  const maxSeconds = ctx.config.maxDurationSeconds;
  ctx.progress(from, 'fetching audio');

  // A URL naming a media file needs no extractor: ffmpeg reads it straight away, saving the
  // yt-dlp run (~250 ms, a third of a short job's overhead: docs/speech.md). Anything else,
  // or a "file" ffmpeg cannot read (an HTML page behind a .mp4 name), goes through yt-dlp.
  if (MEDIA_FILE_URL.test(new URL(url).pathname)) {
    const quick = await runFfmpeg(ctx.config, audioExtractArgs(url, wav, { remote: true, maxSeconds, proxy: ctx.engines.egressProxyUrl }), {
      proxy: ctx.engines.egressProxyUrl,
      durationSeconds: null,
      signal: ctx.signal,
      timeoutMs: ctx.remainingMs(),
      outputPath: wav,
      onSpawn: (pid) => ctx.onProcess(pid),
    });
    ctx.onProcess(null);
    if (!quick) return finish(ctx, wav, to, true);
    if (quick.code !== 'media_error') return { ok: false, failure: quick };
  }

  const resolved = await ctx.engines.runYtdlp(resolveAudioArgs(url), {
    cwd: ctx.workDir,
    signal: ctx.signal,
    timeoutMs: Math.min(RESOLVE_TIMEOUT_MS, ctx.remainingMs()),
    onSpawn: (pid) => ctx.onProcess(pid),
  });
  ctx.onProcess(null);
  if (resolved.aborted) return { ok: false, failure: jobFailure('cancelled', 'The job was cancelled.') };
  if (resolved.timedOut) return { ok: false, failure: jobFailure('timeout', 'Resolving the source took too long.') };
  if (resolved.code !== 0) return { ok: false, failure: classifyYtdlpError(resolved.stderr, url) };
  const direct = parseResolvedAudio(resolved.stdout);
  if (direct?.duration && direct.duration > maxSeconds) {
    return { ok: false, failure: jobFailure('limit_exceeded', `The source lasts ${Math.round(direct.duration)} s; the limit is ${maxSeconds} s.`) };
  }
  const mid = from + (to - from) / 2;
  const convert = (input: string, remote: boolean, headers?: Record<string, string>) =>
    runFfmpeg(ctx.config, audioExtractArgs(input, wav, { remote, headers, maxSeconds, proxy: ctx.engines.egressProxyUrl }), {
      proxy: ctx.engines.egressProxyUrl,
      durationSeconds: direct?.duration ?? null,
      signal: ctx.signal,
      timeoutMs: ctx.remainingMs(),
      outputPath: wav,
      onSpawn: (pid) => ctx.onProcess(pid),
      onProgress: (pct) => ctx.progress(mid + ((to - mid) * pct) / 100, 'extracting audio'),
    });

  let failure: JobFailure | null = null;
  let streamed = false;
  if (direct && !direct.isLive && (await ctx.urlPolicy.check(direct.url)).ok) {
    failure = await convert(direct.url, true, direct.headers);
    ctx.onProcess(null);
    streamed = failure === null;
    // A CDN may refuse ffmpeg where yt-dlp's own downloader gets through: try that next.
    if (failure && failure.code !== 'media_error') return { ok: false, failure };
  }
  if (!streamed) {
    const dl = await ctx.engines.runYtdlp(
      downloadArgs(url, {
        format: 'original',
        quality: 'worst',
        audioOnly: true,
        start: null,
        end: null,
        subtitles: [],
        outputTemplate: path.join(ctx.workDir, 'source.%(ext)s'),
        maxFileBytes: ctx.config.maxFileBytes,
      }),
      { cwd: ctx.workDir, signal: ctx.signal, timeoutMs: ctx.remainingMs(), onSpawn: (pid) => ctx.onProcess(pid) },
    );
    ctx.onProcess(null);
    if (dl.aborted) return { ok: false, failure: jobFailure('cancelled', 'The job was cancelled.') };
    if (dl.timedOut) return { ok: false, failure: jobFailure('timeout', 'The download did not finish within the job time limit.') };
    if (dl.code !== 0) return { ok: false, failure: classifyYtdlpError(dl.stderr, url) };
    const source = parseDownloadOutput(dl.stdout).filepath;
    if (!source) return { ok: false, failure: jobFailure('limit_exceeded', `The source is larger than ${ctx.config.maxFileBytes} bytes.`) };
    failure = await convert(source, false);
    ctx.onProcess(null);
    if (failure) return { ok: false, failure };
  }
  return finish(ctx, wav, to, streamed);
}

async function finish(ctx: JobContext, wav: string, to: number, streamed: boolean): Promise<AudioOutcome> {
  const maxSeconds = ctx.config.maxDurationSeconds;
  const duration = wavSeconds((await stat(wav)).size);
  if (duration > maxSeconds) return { ok: false, failure: jobFailure('limit_exceeded', `The source lasts longer than the limit of ${maxSeconds} s.`) };
  if (duration < 0.05) return { ok: false, failure: jobFailure('media_error', 'The source has no audio.') };
  ctx.progress(to, 'extracting audio');
  return { ok: true, wav, duration, streamed };
}
