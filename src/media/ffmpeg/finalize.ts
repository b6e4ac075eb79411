// Download post-processing: one pure function decides the ffmpeg argv (copy when the target
// container takes the source codec, encode otherwise); the ffmpeg runner executes it.
import { audioEncoder, defaultAudioCodec, PROBED_NAME, VIDEO_ENCODERS, type AudioCodec, type VideoCodec } from './codecs.js';
import { localPath, type InputPosition, type MediaInput } from './input.js';
import { containerLanguage } from './languages.js';
import type { MediaInfo } from './media-info.js';
import { accepts, originalTarget, TARGETS, type Target, type TargetName } from './targets.js';

export { checkLimits, MAX_PIXELS, MAX_DIMENSION } from './limits.js';

export type FinalizeFormat = TargetName | 'original';

export interface FinalizeRequest {
  format: FinalizeFormat;
  audioOnly: boolean;
  /** Output height ceiling; the caller folds in config.maxOutputHeight. */
  maxHeight: number | null;
  /** Seconds into the source. */
  start: number | null;
  end: number | null;
  /** Only title, artist, date, comment (the source URL), description are written. */
  metadata: Record<string, string> | null;
  /** `at`: the file's own window when it differs from the media's (the media was already cut by
   * yt-dlp, the platform's subtitles were not); absent: the media's start/end. */
  subtitleFiles: { input: MediaInput; lang: string; at?: InputPosition }[];
  /** The caller's codecs (codecs.ts); auto or absent: copy when the container allows it. */
  videoCodec?: VideoCodec;
  audioCodec?: AudioCodec;
  /** kbit/s for lossy audio; forces an encode unless the source is that codec at no more. */
  audioBitrate?: number | null;
  /** Chapters to write (an ffmetadata input, chapters.ts); absent: the source's own, if any. */
  chapters?: MediaInput | null;
  /** false: no chapters at all in the output. */
  keepChapters?: boolean;
}

export interface FinalizePaths {
  input: MediaInput;
  /** Output path without extension; the plan appends the one it chose. */
  outputBase: string;
}

export interface FinalizePlan {
  args: string[];
  /** Where ffmpeg writes: outputBase + '.' + ext. */
  output: string;
  ext: string;
  mime: string;
  /** No video encode happens (stream copy, or no video in the output). */
  copyVideo: boolean;
  /** No audio encode happens (stream copy, or no audio in the input). */
  copyAudio: boolean;
}

const METADATA_KEYS: ReadonlySet<string> = new Set(['title', 'artist', 'date', 'comment', 'description']);
const METADATA_MAX_CHARS = 4096;

/**
 * Builds the ffmpeg argv for turning a downloaded file into what the caller asked for.
 *
 * Decisions worth knowing:
 * - A trim with start > 0 re-encodes the video: a stream copy can only start on a keyframe,
 *   which is up to a GOP (often 2–10 s) before the requested point. The audio is re-encoded
 *   with it: ffmpeg 5.1 with input -ss, encoded video and copied audio writes Matroska with
 *   the video 0.5 s late (measured on a 0.5–1.5 s cut); encoding both keeps them in sync.
 * - An external subtitle cue that spans the end of a trim keeps its full length, so the file
 *   can report up to that cue's remainder more duration than end - start.
 * - 'original' never re-encodes, except the video when a height limit demands it; its trims
 *   therefore snap to keyframes.
 * - Throws RangeError for an impossible trim: validation belongs upstream, reaching here is a bug.
 */
export function planFinalize(input: MediaInfo, req: FinalizeRequest, paths: FinalizePaths): FinalizePlan {
  checkTrim(req);
  const original = req.format === 'original';
  const target =
    req.format === 'original' ? originalTarget(input.formatName, paths.input.location, input.acodec) : TARGETS[req.format];
  const audioOnly = req.audioOnly || (!original && target.video === null);
  const withVideo = !audioOnly && input.hasVideo;
  const start = req.start !== null && req.start > 0 ? req.start : null;

  const scaleTo =
    withVideo && req.maxHeight !== null && input.height !== null && input.height > req.maxHeight
      ? Math.max(2, Math.floor(req.maxHeight / 2) * 2) // 4:2:0 encoders need even dimensions
      : null;
  const accurateCut = start !== null && withVideo && !original;
  const wantVideo = req.videoCodec ?? 'auto';
  const wantAudio = req.audioCodec ?? 'auto';
  const kbps = req.audioBitrate ?? null;
  const videoFits = wantVideo === 'auto' ? accepts(target.video, input.vcodec) : input.vcodec === PROBED_NAME[wantVideo];
  const audioFits = wantAudio === 'auto' ? accepts(target.audio, input.acodec) : input.acodec === PROBED_NAME[wantAudio];
  // A bitrate asked for is met by a copy only when the source already has no more (5 % slack).
  const bitrateFits = kbps === null || (input.audioBitRate !== null && input.audioBitRate <= kbps * 1050);
  const copyVideo = !withVideo || (scaleTo === null && (original || (videoFits && !accurateCut)));
  const copyAudio = !input.hasAudio || original || (audioFits && bitrateFits && !accurateCut);
  const subtitles = audioOnly || target.subtitleCodec === null ? [] : req.subtitleFiles;
  const audioCodec = wantAudio !== 'auto' ? wantAudio : kbps !== null && req.format !== 'original' ? defaultAudioCodec(req.format) : null;
  const audioEnc = audioCodec ? audioEncoder(audioCodec, kbps) : [...target.audioEncoder];

  const trim = { seek: start, to: req.end };
  const chapters = req.keepChapters === false ? null : (req.chapters ?? null);
  const ext = audioOnly ? target.audioOnly.ext : target.ext;
  const output = `${paths.outputBase}.${ext}`;
  const args = [
    '-hide_banner', '-nostdin', '-y',
    // errors only on stderr, so a failure's detail is the error itself; progress goes to stdout.
    '-v', 'error', '-nostats', '-progress', 'pipe:1',
    ...paths.input.args(trim),
    // Trims go on every input so external subtitles stay in sync with the cut.
    ...subtitles.flatMap((s) => s.input.args(s.at ?? trim)),
    ...(chapters ? chapters.args() : []),
    ...streamMaps(original, audioOnly, withVideo, scaleTo !== null, subtitles.length),
    ...(chapters ? ['-map_chapters', String(1 + subtitles.length)] : req.keepChapters === false ? ['-map_chapters', '-1'] : []),
    ...videoArgs(input, target, { withVideo, copyVideo, scaleTo, original, encoder: wantVideo === 'auto' ? target.videoEncoder : VIDEO_ENCODERS[wantVideo], wantHevc: wantVideo === 'h265' }),
    ...(input.hasAudio ? (copyAudio ? ['-c:a', 'copy'] : audioEnc) : []),
    ...subtitles.flatMap((s, i) => [
      `-c:s:${i}`, subtitleCodec(target, s.input.location),
      `-metadata:s:s:${i}`, `language=${containerLanguage(s.lang)}`,
    ]),
    ...metadataArgs(req.metadata),
    ...(target.faststart ? ['-movflags', '+faststart'] : []),
    // Sparse streams (subtitles, cover art) otherwise abort with "Too many packets buffered".
    '-max_muxing_queue_size', '4096',
    '-f', target.muxer, localPath(output),
  ];
  return { args, output, ext, mime: audioOnly ? target.audioOnly.mime : target.mime, copyVideo, copyAudio };
}

/** Seconds the output will last (for progress); null when the source duration is unknown. */
export function outputDuration(input: MediaInfo, req: Pick<FinalizeRequest, 'start' | 'end'>): number | null {
  const end = req.end === null ? input.duration : Math.min(req.end, input.duration ?? req.end);
  return end === null ? null : Math.max(0, end - (req.start ?? 0));
}

function streamMaps(original: boolean, audioOnly: boolean, withVideo: boolean, scaling: boolean, subtitleCount: number): string[] {
  const subs = Array.from({ length: subtitleCount }, (_, i) => ['-map', `${i + 1}:s:0`]).flat();
  if (original && !audioOnly) {
    // "Copy everything": all video (cover art included), audio and, unless external subtitles
    // are added, the embedded ones (their count is unknown, so -c:s:N could not address ours).
    // When scaling, only the first video stream, so the encoder is not aimed at cover art.
    return [
      '-map', scaling ? '0:v:0?' : '0:v?',
      '-map', '0:a?',
      ...(subtitleCount === 0 ? ['-map', '0:s?', '-c:s', 'copy'] : subs),
    ];
  }
  if (original) return ['-map', '0:a?', '-vn'];
  return [...(withVideo ? ['-map', '0:v:0?'] : []), '-map', '0:a:0?', ...(withVideo ? [] : ['-vn']), ...subs];
}

function videoArgs(
  input: MediaInfo,
  target: Target,
  o: { withVideo: boolean; copyVideo: boolean; scaleTo: number | null; original: boolean; encoder: readonly string[]; wantHevc: boolean },
): string[] {
  if (!o.withVideo) return [];
  // Apple players refuse HEVC in MP4/MOV unless tagged hvc1 (ffmpeg writes hev1 by default).
  const apple = target.muxer === 'mp4' || target.muxer === 'mov';
  if (o.copyVideo) {
    const appleTag = !o.original && input.vcodec === 'hevc' && apple;
    return ['-c:v', 'copy', ...(appleTag ? ['-tag:v', 'hvc1'] : [])];
  }
  const odd = (input.width ?? 0) % 2 === 1 || (input.height ?? 0) % 2 === 1;
  const filter =
    o.scaleTo !== null
      ? [`scale=-2:${o.scaleTo}`]
      : odd
        ? ['scale=trunc(iw/2)*2:trunc(ih/2)*2'] // yuv420p encoders reject odd sizes
        : [];
  return [...o.encoder, ...(o.wantHevc && apple ? ['-tag:v', 'hvc1'] : []), ...(filter.length ? ['-vf', filter.join(',')] : [])];
}

function subtitleCodec(target: Target, file: string): string {
  // Matroska keeps ASS styling as-is; everything else becomes SRT, which every player reads.
  if (target.muxer === 'matroska') return /\.(ass|ssa)$/i.test(file) ? 'copy' : 'srt';
  return target.subtitleCodec ?? 'copy';
}

function metadataArgs(metadata: Record<string, string> | null): string[] {
  if (!metadata) return [];
  return Object.entries(metadata)
    .filter(([k, v]) => METADATA_KEYS.has(k) && typeof v === 'string' && v !== '')
    // NUL cannot travel in argv (spawn would throw); the cap keeps hostile titles bounded.
    .flatMap(([k, v]) => ['-metadata', `${k}=${v.replace(/\0/g, '').slice(0, METADATA_MAX_CHARS)}`]);
}

function checkTrim(req: FinalizeRequest): void {
  const bad = (n: number | null): boolean => n !== null && (!Number.isFinite(n) || n < 0);
  if (bad(req.start) || bad(req.end)) throw new RangeError('planFinalize: start/end must be finite and >= 0');
  if (req.end !== null && req.end <= (req.start ?? 0)) throw new RangeError('planFinalize: end must be after start');
}
