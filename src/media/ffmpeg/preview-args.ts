// Pure ffmpeg argv builders for POST /v1/preview (thumbnail, auto thumbnail, gif/webp, clip).
// Mosaic and scene detection live in preview-mosaic.ts.
//
// Every builder seeks on the input side (`-ss` before `-i`): ffmpeg asks the demuxer to jump
// to the keyframe before the time (an HTTP Range request for files, the right segment for
// HLS/DASH) and decodes forward to the exact frame, so a frame near the end of a long source
// costs about what one near the start does, and only the bytes around it are fetched.
import { seconds, type MediaInput } from './input.js';

/** What a preview reads: an input (made by input.ts) and the video stream to use in it. */
export interface PreviewInput {
  input: MediaInput;
  /** Stream specifier without the input index, e.g. "v:0" or "m:id:3" (a DASH representation). */
  videoStream: string;
}

/** Seconds as ffmpeg reads them: fixed, millisecond precision, no exponent. */
export const ts = seconds;

/** Leading options of every run: quiet, no prompts, overwrite, progress as key=value lines. */
export function head(logLevel: 'error' | 'info' = 'error'): string[] {
  return ['-hide_banner', '-nostdin', '-loglevel', logLevel, '-y', '-progress', 'pipe:1', '-nostats'];
}

/** The input's own options and `-i`, seeking to `seek` and reading `duration` seconds. */
export function inputArgs(src: PreviewInput, seek: number | null, duration: number | null = null): string[] {
  return src.input.args({ seek, duration });
}

/** Width `w`, height from the display aspect ratio, rounded down to even; square pixels out. */
export function scaleTo(width: number): string {
  return `scale=${width}:trunc(ow/dar/2)*2:flags=bicubic,setsar=1`;
}

/** Height for `width` keeping `srcW`x`srcH`'s aspect, even and at least 2. */
export function evenHeight(width: number, srcW: number, srcH: number): number {
  return Math.max(2, Math.floor((width * srcH) / srcW / 2) * 2);
}

export interface ThumbnailRequest {
  time: number;
  width: number;
  output: string;
}

/** One JPEG of the frame at `time` (exact: input seek, then decode up to it). */
export function thumbnailArgs(src: PreviewInput, r: ThumbnailRequest): string[] {
  return [
    ...head(),
    ...inputArgs(src, r.time),
    '-map', `0:${src.videoStream}`,
    '-vf', scaleTo(r.width),
    '-frames:v', '1',
    '-q:v', '2',
    '-f', 'image2', '-update', '1',
    r.output,
  ];
}

export interface AutoThumbnailRequest {
  /** Start of the window searched. */
  start: number;
  /** Seconds searched. */
  window: number;
  width: number;
  output: string;
}

/** Candidate frames per second of window for "auto". */
export const AUTO_SAMPLE_FPS = 2;
/**
 * Normalised luma entropy at or below which a frame counts as blank (black, white, one flat
 * colour, the dark end of a fade). Measured: black 0, testsrc2 (large flat areas) 0.46,
 * testsrc2 darkened to a late-fade level (eq=brightness=-0.45) 0.27; camera footage is
 * typically 0.8–0.95.
 */
export const MIN_ENTROPY = 0.3;

/**
 * "auto": sample the window at AUTO_SAMPLE_FPS, drop blank frames by luma entropy, then let
 * ffmpeg's `thumbnail` filter pick the frame whose histogram is closest to the average of the
 * rest (the most representative, so not an outlier such as a flash or a fade). `showinfo`
 * logs the chosen frame's time (relative to `start`); parseShowinfoTimes reads it.
 */
export function autoThumbnailArgs(src: PreviewInput, r: AutoThumbnailRequest): string[] {
  const n = Math.max(1, Math.ceil(r.window * AUTO_SAMPLE_FPS));
  const filter = [
    // select, not fps: fps re-times frames onto its own grid, and the reported time must be
    // the frame's own.
    `select='isnan(prev_selected_t)+gte(t-prev_selected_t,${1 / AUTO_SAMPLE_FPS})'`,
    'entropy',
    `metadata=mode=select:key=lavfi.entropy.normalized_entropy.normal.Y:value=${MIN_ENTROPY}:function=greater`,
    `thumbnail=n=${n}`,
    scaleTo(r.width),
    'showinfo',
  ].join(',');
  return [
    ...head('info'),
    ...inputArgs(src, r.start, r.window),
    '-map', `0:${src.videoStream}`,
    '-vf', filter,
    '-frames:v', '1',
    '-q:v', '2',
    '-f', 'image2', '-update', '1',
    r.output,
  ];
}

/** `pts_time:` values of showinfo lines, in order. */
export function parseShowinfoTimes(lines: string[]): number[] {
  const out: number[] = [];
  for (const line of lines) {
    if (!line.includes('Parsed_showinfo')) continue;
    const m = /\bpts_time:\s*(-?[\d.]+)/.exec(line);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

export interface GifRequest {
  start: number;
  duration: number;
  fps: number;
  width: number;
  format: 'gif' | 'webp';
  output: string;
}

/**
 * GIF: one pass, the palette built from the clip itself (palettegen stats_mode=diff weighs
 * what moves) and applied with paletteuse (bayer dithering compresses better than
 * error diffusion; diff_mode=rectangle re-encodes only the changed region per frame).
 * WebP: libwebp_anim, lossy q70, looping.
 */
export function gifArgs(src: PreviewInput, r: GifRequest): string[] {
  const base = `fps=${r.fps},${scaleTo(r.width)}`;
  const tail =
    r.format === 'gif'
      ? ['-filter_complex', `[0:${src.videoStream}]${base},split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle[out]`, '-map', '[out]', '-loop', '0', '-f', 'gif']
      : ['-map', `0:${src.videoStream}`, '-vf', base, '-c:v', 'libwebp_anim', '-lossless', '0', '-q:v', '70', '-loop', '0', '-f', 'webp'];
  return [...head(), ...inputArgs(src, r.start, r.duration), ...tail, '-an', r.output];
}

export interface ClipRequest {
  start: number;
  duration: number;
  /** null: the source's width (height still capped by maxHeight). */
  width: number | null;
  maxHeight: number;
  output: string;
}

/**
 * MP4 of [start, start+duration), re-encoded whole (x264 veryfast, AAC). Re-encoding is what
 * makes the first frame exact; the alternative (re-encode to the next keyframe, copy the rest,
 * concatenate) saves little on ≤ 30 s at preview sizes and breaks on open GOPs and audio
 * priming. The audio comes from `audio` when yt-dlp chose a separate audio format.
 */
export function clipArgs(src: PreviewInput, audio: PreviewInput | null, r: ClipRequest): string[] {
  const scale = r.width !== null ? scaleTo(r.width) : `scale=-2:'min(ih,${r.maxHeight})':flags=bicubic,setsar=1`;
  return [
    ...head(),
    ...inputArgs(src, r.start, r.duration),
    ...(audio ? inputArgs(audio, r.start, r.duration) : []),
    '-map', `0:${src.videoStream}`,
    '-map', audio ? '1:a:0?' : '0:a:0?',
    '-vf', scale,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k',
    '-movflags', '+faststart',
    '-f', 'mp4',
    r.output,
  ];
}
