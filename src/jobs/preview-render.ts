// The four preview renderers: given an opened source and the request, run ffmpeg and say what
// was made. Window checks against the source's duration live here too.
import fs from 'node:fs';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../errors.js';
import { loadOrCreateSecret, signFilePath } from '../files/signing.js';
import { autoThumbnailArgs, clipArgs, evenHeight, gifArgs, parseShowinfoTimes, thumbnailArgs } from '../media/ffmpeg/preview-args.js';
import { KEYFRAME_SCAN_AFTER_SECONDS, evenTimes, layoutTiles, mosaicArgs, parseSceneLines, pickSceneTimes, sceneArgs, storyboardVtt, type Tile } from '../media/ffmpeg/preview-mosaic.js';
import type { Source } from '../media/source/open.js';
import type { JobContext } from './types.js';

export type PreviewType = 'thumbnail' | 'gif' | 'mosaic' | 'clip';

export interface PreviewPayload {
  url: string;
  preview_type: PreviewType;
  /** Seconds, "auto", or null (25% of the duration). */
  timestamp: number | 'auto' | null;
  start: number | null;
  /** null: the type's default, shortened to fit the source; a given value must fit. */
  duration: number | null;
  /** null: 480 (clip: the source's width). */
  width: number | null;
  columns: number;
  rows: number;
  fps: number;
  format: 'gif' | 'webp';
  scene_aware: boolean;
}

export interface Rendered {
  filename: string;
  mime_type: string;
  /** Type-specific result fields. */
  extra: Record<string, unknown>;
  /** Further files written to outputDir (served through result.files). */
  files: string[];
}

export const DEFAULT_WIDTH = 480;
export const DEFAULT_DURATION = { gif: 5, clip: 10 } as const;
/** Longest stretch searched by timestamp "auto". */
const AUTO_WINDOW = 10;
/** A window may overrun the source by this much (container durations are rounded). */
const SLACK = 0.05;

const outOfRange = (detail: string) => jobFailure('out_of_range', detail);
const secs = (n: number) => `${Math.round(n * 1000) / 1000} s`;

/** One ffmpeg run that makes the whole preview (a thumbnail at a time, a gif, a clip). */
export interface Plan {
  args: string[];
  output: string;
  /** Seconds of output, for progress. */
  seconds: number | null;
  /** What the run makes when it succeeds. */
  rendered: Rendered;
}

/** What a plan needs of a source: a render may be planned on an assumed duration (preview.ts). */
export type PlanSource = Pick<Source, 'video' | 'audio' | 'duration'>;

export async function render(p: PreviewPayload, src: Source, ctx: JobContext): Promise<Rendered | JobFailure> {
  const plan = planRun(p, src, ctx);
  if (plan === null) return p.preview_type === 'mosaic' ? mosaic(p, src, ctx) : autoThumbnail(p, src, ctx);
  return 'code' in plan ? plan : runPlan(plan, ctx);
}

/**
 * The one run of a thumbnail, gif or clip, after the window checks against `src.duration`;
 * null for what takes more than one run (mosaic, thumbnail "auto").
 */
export function planRun(p: PreviewPayload, src: PlanSource, ctx: JobContext): Plan | JobFailure | null {
  switch (p.preview_type) {
    case 'thumbnail':
      return p.timestamp === 'auto' ? null : thumbnailPlan(p, src, ctx, p.timestamp ?? src.duration * 0.25);
    case 'gif':
      return gifPlan(p, src, ctx);
    case 'clip':
      return clipPlan(p, src, ctx);
    case 'mosaic':
      return null;
  }
}

export async function runPlan(plan: Plan, ctx: JobContext): Promise<Rendered | JobFailure> {
  return (await ffmpeg(ctx, plan.args, plan.output, plan.seconds)) ?? plan.rendered;
}

async function ffmpeg(ctx: JobContext, args: string[], output: string, seconds: number | null): Promise<JobFailure | null> {
  const run = await ctx.engines.ffmpeg.run(args, ctx, { durationSeconds: seconds, output, onProgress: (pct) => ctx.progress(20 + pct * 0.7, 'rendering') });
  if ('code' in run) return run;
  // ffmpeg exits 0 without writing anything when the seek lands after the last frame.
  if (!fs.existsSync(output) || fs.statSync(output).size === 0) return outOfRange('no frame at the requested time (past the last video frame?)');
  return null;
}

/** ffmpeg for the runs whose log we read (showinfo, metadata=print). */
async function ffmpegLog(ctx: JobContext, args: string[], output: string | null): Promise<{ lines: string[] } | JobFailure> {
  return ctx.engines.ffmpeg.run(args, ctx, {
    durationSeconds: null,
    output: output ?? undefined,
    keepLine: (line) => line.includes('pts_time') || line.includes('lavfi.scene_score'),
  });
}

function thumbnailPlan(p: PreviewPayload, src: PlanSource, ctx: JobContext, time: number): Plan | JobFailure {
  if (time >= src.duration) return outOfRange(`timestamp ${secs(time)} is at or beyond the end of the source (${secs(src.duration)})`);
  const output = path.join(ctx.outputDir, 'thumbnail.jpg');
  const args = thumbnailArgs(src.video, { time, width: p.width ?? DEFAULT_WIDTH, output });
  return { args, output, seconds: null, rendered: { filename: 'thumbnail.jpg', mime_type: 'image/jpeg', extra: { timestamp: round3(time) }, files: [] } };
}

/** Searches AUTO_WINDOW seconds from 25% in; when every sampled frame is blank, 25% it is. */
async function autoThumbnail(p: PreviewPayload, src: Source, ctx: JobContext): Promise<Rendered | JobFailure> {
  const window = Math.min(AUTO_WINDOW, src.duration);
  const start = Math.max(0, Math.min(src.duration * 0.25, src.duration - window));
  const output = path.join(ctx.outputDir, 'thumbnail.jpg');
  ctx.progress(20, 'choosing a frame');
  const run = await ffmpegLog(ctx, autoThumbnailArgs(src.video, { start, window, width: p.width ?? DEFAULT_WIDTH, output }), output);
  if ('code' in run) return run;
  const picked = parseShowinfoTimes(run.lines).at(0);
  if (picked === undefined || !fs.existsSync(output)) {
    ctx.log('auto thumbnail: every sampled frame was blank; using 25%');
    const plan = thumbnailPlan(p, src, ctx, src.duration * 0.25);
    const fallback = 'code' in plan ? plan : await runPlan(plan, ctx);
    return 'code' in fallback ? fallback : { ...fallback, extra: { ...fallback.extra, auto: 'fallback' } };
  }
  return { filename: 'thumbnail.jpg', mime_type: 'image/jpeg', extra: { timestamp: round3(start + picked), auto: 'picked' }, files: [] };
}

/** [start, start+duration) checked against the source: defaults shrink to fit, given values must fit. */
function window(p: PreviewPayload, src: PlanSource, def: number): { start: number; duration: number } | JobFailure {
  const start = p.start ?? 0;
  if (start >= src.duration) return outOfRange(`start ${secs(start)} is at or beyond the end of the source (${secs(src.duration)})`);
  if (p.duration === null) return { start, duration: Math.min(def, src.duration - start) };
  if (start + p.duration > src.duration + SLACK) {
    return outOfRange(`start ${secs(start)} + duration ${secs(p.duration)} runs past the end of the source (${secs(src.duration)})`);
  }
  return { start, duration: Math.min(p.duration, src.duration - start) };
}

function gifPlan(p: PreviewPayload, src: PlanSource, ctx: JobContext): Plan | JobFailure {
  const w = window(p, src, DEFAULT_DURATION.gif);
  if ('code' in w) return w;
  const name = p.format === 'webp' ? 'preview.webp' : 'preview.gif';
  const output = path.join(ctx.outputDir, name);
  const args = gifArgs(src.video, { ...w, fps: p.fps, width: p.width ?? DEFAULT_WIDTH, format: p.format, output });
  const extra = { start: round3(w.start), duration: round3(w.duration), fps: p.fps, format: p.format };
  return { args, output, seconds: w.duration, rendered: { filename: name, mime_type: p.format === 'webp' ? 'image/webp' : 'image/gif', extra, files: [] } };
}

function clipPlan(p: PreviewPayload, src: PlanSource, ctx: JobContext): Plan | JobFailure {
  const w = window(p, src, DEFAULT_DURATION.clip);
  if ('code' in w) return w;
  const output = path.join(ctx.outputDir, 'clip.mp4');
  const args = clipArgs(src.video, src.audio, { ...w, width: p.width, maxHeight: ctx.config.maxOutputHeight, output });
  return { args, output, seconds: w.duration, rendered: { filename: 'clip.mp4', mime_type: 'video/mp4', extra: { start: round3(w.start), duration: round3(w.duration) }, files: [] } };
}

async function mosaic(p: PreviewPayload, src: Source, ctx: JobContext): Promise<Rendered | JobFailure> {
  const count = p.columns * p.rows;
  const tileW = Math.max(2, Math.floor((p.width ?? DEFAULT_WIDTH) / p.columns / 2) * 2);
  const tileH = evenHeight(tileW, src.info.width ?? 16, src.info.height ?? 9);
  let times: { time: number; scene: boolean }[] = evenTimes(src.duration, count).map((time) => ({ time, scene: false }));
  if (p.scene_aware) {
    ctx.progress(15, 'finding scene changes');
    const run = await ffmpegLog(ctx, sceneArgs(src.video, src.duration > KEYFRAME_SCAN_AFTER_SECONDS), null);
    if ('code' in run) return run;
    times = pickSceneTimes(parseSceneLines(run.lines), src.duration, count);
  }
  const tiles: Tile[] = layoutTiles(times.map((t) => t.time), p.columns, tileW, tileH);
  const output = path.join(ctx.outputDir, 'mosaic.jpg');
  ctx.progress(30, 'rendering');
  const failure = await ffmpeg(ctx, mosaicArgs(src.video, tiles, output), output, null);
  if (failure) return failure;
  fs.writeFileSync(path.join(ctx.outputDir, 'storyboard.vtt'), storyboardVtt(tiles, src.duration, signedRef(ctx, 'mosaic.jpg')));
  const shown = p.scene_aware ? tiles.map((t, i) => ({ ...t, scene_change: times[i].scene })) : tiles;
  return {
    filename: 'mosaic.jpg',
    mime_type: 'image/jpeg',
    extra: { columns: p.columns, rows: p.rows, scene_aware: p.scene_aware, tiles: shown, storyboard_filename: 'storyboard.vtt' },
    files: ['storyboard.vtt'],
  };
}

/**
 * The storyboard's image reference. Players resolve it on their own against the VTT's URL, so
 * a bare "mosaic.jpg" would lose the signature the /v1/files link needs: the reference is a
 * signed link of its own (absolute with VC_PUBLIC_URL, else root-relative, which resolves
 * against the VTT's origin). It expires with the job's outputs (retention counted from now,
 * a moment before the queue counts it from completion).
 */
function signedRef(ctx: JobContext, name: string): string {
  const secret = loadOrCreateSecret(ctx.config.dataDir, ctx.config.signingSecret);
  const expires = new Date(Date.now() + ctx.config.retentionHours * 3600_000);
  return `${ctx.config.publicUrl ?? ''}${signFilePath(secret, ctx.jobId, name, expires)}`;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
