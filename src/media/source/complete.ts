// Is what we made as long as the source said it was? A server can cut a file short (a complete
// HTTP answer, Content-Length and all) while its header still declares the whole duration;
// the engines then read what is there and exit 0. The declared length is what the source's
// own header says (ffprobe of the download, or the input dump of the ffmpeg that read it),
// never an extra request.
import { jobFailure, type JobFailure } from '../../errors.js';
import type { MediaInfo } from '../ffmpeg/media-info.js';
import type { DeclaredInput } from '../ffmpeg/stderr.js';

/**
 * How far short an output may fall: max(1 s, 2 %). Container durations are rounded to a frame
 * or a packet, encoders pad and trim audio, and a cut lands on a frame; none of that comes
 * near a second on a short source or 2 % on a long one.
 */
export const TOLERANCE = { seconds: 1, share: 0.02 } as const;

/** media_error when `actual` falls short of `declared` beyond TOLERANCE; null otherwise or when either is unknown. */
export function shortfall(declared: number | null, actual: number | null): JobFailure | null {
  if (declared === null || !(declared > 0) || actual === null) return null;
  if (actual >= declared - Math.max(TOLERANCE.seconds, declared * TOLERANCE.share)) return null;
  return jobFailure('media_error', `the source is truncated: it declares ${round(declared)} s, but only ${round(actual)} s of it could be read`);
}

export interface Kept {
  video: boolean;
  audio: boolean;
}

/**
 * What a probed source declares for the streams an output keeps: those streams' own
 * durations; the container's only when the output keeps every kind of stream it has (an
 * audio track may end before the video, legitimately).
 */
export function declaredFor(info: MediaInfo, keep: Kept): number | null {
  const own = [keep.video && info.hasVideo ? info.videoDuration : null, keep.audio && info.hasAudio ? info.audioDuration : null];
  const known = own.filter((d): d is number => d !== null);
  if (known.length > 0) return Math.max(...known);
  const all = (!info.hasVideo || keep.video) && (!info.hasAudio || keep.audio);
  return all ? info.duration : null;
}

/**
 * The same from input dumps (the ffmpeg yt-dlp downloaded with): only inputs whose streams are
 * all kept count, since a dump gives the container's duration only.
 */
export function declaredByInputs(inputs: DeclaredInput[], keep: Kept): number | null {
  const usable = inputs.filter((i) => i.duration !== null && (!i.hasVideo || keep.video) && (!i.hasAudio || keep.audio));
  return usable.length > 0 ? Math.max(...usable.map((i) => i.duration as number)) : null;
}

/** The length a trim of a source declaring `declared` seconds should have. */
export function windowOf(declared: number | null, start: number | null, end: number | null): number | null {
  if (declared === null) return null;
  return Math.max(0, Math.min(end ?? declared, declared) - (start ?? 0));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
