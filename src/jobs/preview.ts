// POST /v1/preview: thumbnail, gif/webp, mosaic (+ WebVTT storyboard), clip — read straight
// from the source where it can be seeked (media/source/open.ts), rendered by one ffmpeg run
// each (preview-render.ts), described by ffprobe.
import fs from 'node:fs';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../errors.js';
import { localMedia } from '../media/ffmpeg/input.js';
import { gifSize, jpegSize, webpInfo } from '../media/ffmpeg/preview-image.js';
import { overlapping } from '../media/process/scope.js';
import { directVideo, openDownloaded, openSeekable, probeDirect, type Source, type SourceAccess } from '../media/source/open.js';
import type { PreviewInput } from '../media/ffmpeg/preview-args.js';
import { DEFAULT_WIDTH, planRun, render, runPlan, type Plan, type PreviewPayload, type PreviewType, type Rendered } from './preview-render.js';
import type { HandlerOutcome, JobContext } from './types.js';

export type { PreviewPayload, PreviewType };

export interface PreviewResult {
  preview_type: PreviewType;
  filename: string;
  mime_type: string;
  width: number;
  height: number;
  size_bytes: number;
  /** "seek": ffmpeg read only what it needed from the source; "download": the source was downloaded first. */
  source_access: SourceAccess;
  /** Other files of this job (the mosaic's storyboard), served like the main one. */
  files: string[];
  [extra: string]: unknown;
}

const STANDARD_HEIGHTS = [144, 240, 360, 480, 720, 1080, 1440, 2160, 4320];

/** The smallest standard height at or above what `width` needs at 16:9, capped by `maxHeight`. */
export function heightFor(width: number, maxHeight: number): number {
  const need = Math.ceil((width * 9) / 16);
  return Math.min(STANDARD_HEIGHTS.find((h) => h >= need) ?? maxHeight, maxHeight);
}

export async function runPreview(p: PreviewPayload, ctx: JobContext): Promise<HandlerOutcome<PreviewResult>> {
  const fail = (failure: JobFailure) => ({ ok: false as const, failure });
  const choice = { height: heightFor(p.width ?? DEFAULT_WIDTH, ctx.config.maxOutputHeight), withAudio: p.preview_type === 'clip' };
  const seekable = ctx.config.previewSourceAccess === 'auto';
  const scopes = overlapping(ctx);
  const video = seekable ? directVideo(p.url) : null;
  // The early run starts first: it is the critical path, the probe only judges it. Then the
  // progress write (an fsync on SQLite, on this thread), which would otherwise delay both.
  const early = video ? startEarly(p, video, ctx, scopes) : null;
  const direct = video ? probeDirect(video, scopes(ctx.signal)) : null;
  ctx.progress(2, 'resolving source');
  const opening = seekable ? openSeekable(p.url, ctx, choice, direct) : Promise.resolve(null);
  let src: Source | JobFailure | null = await opening.catch(async (err: unknown) => {
    await early?.adopt(null); // an engine that could not start: stop the early run too
    throw err;
  });
  const adopted = early ? await early.adopt(src) : null;
  if (src === null) {
    ctx.progress(5, 'downloading source');
    src = await openDownloaded(p.url, ctx, choice);
  }
  if ('code' in src) return fail(src);

  if (adopted === null) ctx.progress(15, 'rendering');
  let made = adopted ?? (await render(p, src, ctx));
  src.release();
  // A server that answers the probe but not ranged reads, a DASH manifest whose representation
  // we could not map, a CDN that wants headers on HLS segments: the download path still
  // works, at its cost.
  if ('code' in made && made.code === 'media_error' && src.access === 'seek') {
    ctx.log('preview: seeking in the source failed; downloading it instead', { detail: made.detail });
    src = await openDownloaded(p.url, ctx, choice);
    if ('code' in src) return fail(src);
    made = await render(p, src, ctx);
  }
  if ('code' in made) return fail(made);

  // Progress is a database write (an fsync on SQLite) on the way to completion: an image's
  // header is read in no time, only a clip is probed.
  if (!made.mime_type.startsWith('image/')) ctx.progress(95, 'verifying');
  const described = await describe(made, p, ctx);
  if ('failure' in described) return fail(described.failure);
  return { ok: true, result: { ...described.result, source_access: src.access } };
}

interface Early {
  /** The early run's outcome when `src` plans the very same run; otherwise null (it is stopped, its output removed). */
  adopt(src: Source | JobFailure | null): Promise<Rendered | JobFailure | null>;
}

/**
 * A thumbnail at a given time, a gif or a clip of a direct media URL needs nothing from the
 * probe to start: ffmpeg runs while the probe reads the header (they take about as long each
 * over the network, so this halves the job), planned on a source of unbounded duration. The
 * run is kept only when the probed source plans exactly the same one (same argv), so every
 * check holds as before: a time or window past the end fails out_of_range, a default window
 * the source shortens runs again, a source the probe refuses (no video, limits, not media)
 * stops the run and the job takes the usual way.
 */
function startEarly(p: PreviewPayload, video: PreviewInput, ctx: JobContext, scopes: (signal: AbortSignal) => JobContext): Early | null {
  if (p.preview_type === 'mosaic' || (p.preview_type === 'thumbnail' && typeof p.timestamp !== 'number')) return null;
  const stop = new AbortController();
  const own = scopes(AbortSignal.any([ctx.signal, stop.signal]));
  // A thumbnail reports only its end, a database write (an fsync on SQLite) that would just
  // delay the completion.
  if (p.preview_type === 'thumbnail') own.progress = () => undefined;
  const plan = planRun(p, { video, audio: null, duration: Infinity }, own);
  if (plan === null || 'code' in plan) return null;
  const made = runPlan(plan, own);
  made.catch(() => undefined); // awaited by adopt(); not an unhandled rejection meanwhile
  return {
    async adopt(src) {
      const real = src === null || 'code' in src || src.video !== video ? null : planRun(p, src, ctx);
      if (real && !('code' in real) && sameRun(real, plan)) return await made;
      stop.abort();
      await made;
      fs.rmSync(plan.output, { force: true });
      return null;
    },
  };
}

function sameRun(a: Plan, b: Plan): boolean {
  return a.args.length === b.args.length && a.args.every((x, i) => x === b.args[i]) && JSON.stringify(a.rendered) === JSON.stringify(b.rendered);
}

type Described = Pick<PreviewResult, 'preview_type' | 'filename' | 'mime_type' | 'width' | 'height' | 'size_bytes' | 'files'> & Record<string, unknown>;

function imageSize(mime: string, buf: Buffer): { width: number; height: number } | null {
  if (mime === 'image/webp') return webpInfo(buf);
  if (mime === 'image/gif') return gifSize(buf);
  return jpegSize(buf);
}

/** Width/height/size of what was written, from the file itself (image headers; ffprobe for the clip). */
async function describe(made: Rendered, p: PreviewPayload, ctx: JobContext): Promise<{ result: Described } | { failure: JobFailure }> {
  const file = path.join(ctx.outputDir, made.filename);
  const size = fs.statSync(file).size;
  let width: number | null;
  let height: number | null;
  const header = made.mime_type.startsWith('image/') ? imageSize(made.mime_type, fs.readFileSync(file)) : null;
  if (header) {
    width = header.width;
    height = header.height;
  } else {
    const info = await ctx.engines.ffmpeg.probe(localMedia(file), ctx);
    if ('code' in info) return { failure: info };
    width = info.width;
    height = info.height;
  }
  if (!width || !height) return { failure: jobFailure('media_error', `the ${p.preview_type} written has no picture`) };
  return { result: { preview_type: p.preview_type, filename: made.filename, mime_type: made.mime_type, width, height, size_bytes: size, ...made.extra, files: made.files } };
}
