// Getting a source's audio to a 16 kHz mono WAV in the job's workDir (transcribe, translate):
// stream the direct URL through ffmpeg where there is a plain HTTP(S) one, else download with
// yt-dlp first. Either way ffmpeg opens an input made by ffmpeg/input.ts.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../../errors.js';
import type { UrlPolicy } from '../../net/urlpolicy.js';
import { networkMedia, type MediaInput } from '../ffmpeg/input.js';
import { isTruncation, type Ffmpeg, type FfmpegRun } from '../ffmpeg/runner.js';
import type { RunScope } from '../process/scope.js';
import { audioExtractArgs, wavSeconds } from '../whisper/audio.js';
import { downloadArgs } from '../ytdlp/args.js';
import { fetchSource } from '../ytdlp/download.js';
import { resolveAudio } from '../ytdlp/resolve.js';
import type { Ytdlp } from '../ytdlp/runner.js';
import { shortfall } from './complete.js';
import { namesMediaFile } from './media-url.js';

export type AudioOutcome = { ok: true; wav: string; duration: number; streamed: boolean } | { ok: false; failure: JobFailure };

/** What fetching audio needs; a JobContext is one. */
export interface AudioContext extends RunScope {
  engines: { ytdlp: Ytdlp; ffmpeg: Ffmpeg };
  urlPolicy: Pick<UrlPolicy, 'check'>;
  workDir: string;
  config: { maxDurationSeconds: number; maxFileBytes: number };
  progress(pct: number, stage?: string): void;
}

/** Fetches and converts the audio; progress goes from `from` to `to` percent. */
export async function fetchAudio(url: string, ctx: AudioContext, from: number, to: number): Promise<AudioOutcome> {
  const wav = path.join(ctx.workDir, 'audio.wav');
  const maxSeconds = ctx.config.maxDurationSeconds;
  const fail = (failure: JobFailure): AudioOutcome => ({ ok: false, failure });
  const convert = (input: MediaInput, durationSeconds: number | null, band: [number, number] | null) =>
    ctx.engines.ffmpeg.run(audioExtractArgs(input, wav, { maxSeconds }), ctx, {
      durationSeconds,
      output: wav,
      onProgress: band ? (pct) => ctx.progress(band[0] + ((band[1] - band[0]) * pct) / 100, 'extracting audio') : undefined,
    });
  // Worth another way in only when this one could not read the source as media at all.
  const retryable = (f: JobFailure): boolean => f.code === 'media_error' && !isTruncation(f);
  ctx.progress(from, 'fetching audio');

  // A URL naming a media file needs no extractor: ffmpeg reads it straight away, saving the
  // yt-dlp run (~250 ms, a third of a short job's overhead: docs/speech.md). Anything else,
  // or a "file" ffmpeg cannot read (an HTML page behind a .mp4 name), goes through yt-dlp.
  if (namesMediaFile(url)) {
    const quick = await convert(networkMedia(url, 'file'), null, null);
    if (!('code' in quick)) return finish(ctx, wav, quick, to, true);
    if (!retryable(quick)) return fail(quick);
  }

  const direct = await resolveAudio(ctx.engines.ytdlp, url, ctx, ctx.workDir);
  if ('code' in direct) return fail(direct);
  if (direct.duration && direct.duration > maxSeconds) {
    return fail(jobFailure('limit_exceeded', `The source lasts ${Math.round(direct.duration)} s; the limit is ${maxSeconds} s.`));
  }
  const mid = from + (to - from) / 2;
  if (direct.url && !direct.isLive && (await ctx.urlPolicy.check(direct.url)).ok) {
    const streamed = await convert(networkMedia(direct.url, 'file', direct.headers), direct.duration, [mid, to]);
    if (!('code' in streamed)) return finish(ctx, wav, streamed, to, true);
    // A CDN may refuse ffmpeg where yt-dlp's own downloader gets through: try that next.
    if (!retryable(streamed)) return fail(streamed);
  }
  const argv = downloadArgs(url, {
    format: 'original',
    quality: 'worst',
    audioOnly: true,
    start: null,
    end: null,
    subtitles: [],
    outputTemplate: path.join(ctx.workDir, 'source.%(ext)s'),
    maxFileBytes: ctx.config.maxFileBytes,
  });
  const dl = await fetchSource(ctx.engines.ytdlp, argv, url, ctx, { cwd: ctx.workDir, maxFileBytes: ctx.config.maxFileBytes });
  if ('code' in dl) return fail(dl);
  const local = await convert(dl.input, direct.duration, [mid, to]);
  return 'code' in local ? fail(local) : finish(ctx, wav, local, to, false);
}

async function finish(ctx: AudioContext, wav: string, run: FfmpegRun, to: number, streamed: boolean): Promise<AudioOutcome> {
  const maxSeconds = ctx.config.maxDurationSeconds;
  const duration = wavSeconds((await stat(wav)).size);
  if (duration > maxSeconds) return { ok: false, failure: jobFailure('limit_exceeded', `The source lasts longer than the limit of ${maxSeconds} s.`) };
  if (duration < 0.05) return { ok: false, failure: jobFailure('media_error', 'The source has no audio.') };
  // An audio-only source declares its audio's length; one with video declares the longest
  // stream's, which the audio may legitimately fall short of (a truncated file with video is
  // caught by ffmpeg's own "partial file" instead: runner.ts).
  const source = run.inputs[0];
  const short = source && !source.hasVideo ? shortfall(source.duration, duration) : null;
  if (short) return { ok: false, failure: short };
  ctx.progress(to, 'extracting audio');
  return { ok: true, wav, duration, streamed };
}
