// ffprobe at the edge: raw ffprobe JSON goes in, our small MediaInfo comes out (runner.ts runs
// ffprobe). Nothing past this file sees an ffprobe field name.
import { jobFailure, type JobFailure } from '../../errors.js';

export interface MediaInfo {
  /** Seconds; null when unknown (live streams, some raw formats). */
  duration: number | null;
  width: number | null;
  height: number | null;
  vcodec: string | null;
  acodec: string | null;
  /** ffprobe's demuxer list, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm". */
  formatName: string;
  sizeBytes: number;
  bitRate: number | null;
  fps: number | null;
  /** A real video stream; cover art (attached pictures) does not count. */
  hasVideo: boolean;
  hasAudio: boolean;
  /** What the file declares for its first video / audio stream, seconds; null when it does not say. */
  videoDuration: number | null;
  audioDuration: number | null;
  /** Bits per second of the first audio stream, when the container says. */
  audioBitRate: number | null;
  /** Bits per second of the first video stream, when the container says. */
  videoBitRate: number | null;
  /** Chapters the file carries (ffprobe -show_chapters), in order. */
  chapters: MediaChapter[];
}

export interface MediaChapter {
  start: number;
  end: number;
  title: string | null;
}

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  bit_rate?: string;
  disposition?: { attached_pic?: number };
  /** Matroska keeps stream durations in a tag ("00:00:06.000000000"). */
  tags?: { DURATION?: string };
}
interface RawFormat {
  format_name?: string;
  duration?: string;
  size?: string;
  bit_rate?: string;
}

interface RawChapter {
  start_time?: string;
  end_time?: string;
  tags?: { title?: string };
}

/** Converts ffprobe's JSON into MediaInfo (exported for tests). */
export function toMediaInfo(raw: unknown): MediaInfo | JobFailure {
  const root = (raw ?? {}) as { streams?: RawStream[]; format?: RawFormat; chapters?: RawChapter[] };
  const streams = Array.isArray(root.streams) ? root.streams : [];
  const format = root.format;
  if (!format) return jobFailure('media_error', 'cannot read media: no container format found');
  const video = streams.find(
    (s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1 && positive(s.width) !== null && positive(s.height) !== null,
  );
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!video && !audio) return jobFailure('media_error', 'media has no audio or video stream');

  const streamDurations = streams.map((s) => positive(num(s.duration))).filter((d): d is number => d !== null);
  return {
    duration: positive(num(format.duration)) ?? (streamDurations.length ? Math.max(...streamDurations) : null),
    width: video ? positive(video.width) : null,
    height: video ? positive(video.height) : null,
    vcodec: video?.codec_name ?? null,
    acodec: audio?.codec_name ?? null,
    formatName: format.format_name ?? 'unknown',
    sizeBytes: positive(num(format.size)) ?? 0,
    bitRate: positive(num(format.bit_rate)),
    fps: video ? rate(video.avg_frame_rate) ?? rate(video.r_frame_rate) : null,
    hasVideo: video !== undefined,
    hasAudio: audio !== undefined,
    videoDuration: video ? streamDuration(video) : null,
    audioDuration: audio ? streamDuration(audio) : null,
    audioBitRate: audio ? positive(num(audio.bit_rate)) : null,
    videoBitRate: video ? positive(num(video.bit_rate)) : null,
    chapters: (Array.isArray(root.chapters) ? root.chapters : []).flatMap((c): MediaChapter[] => {
      const start = num(c.start_time);
      const end = num(c.end_time);
      return start === null || end === null ? [] : [{ start, end, title: typeof c.tags?.title === 'string' ? c.tags.title : null }];
    }),
  };
}

function streamDuration(s: RawStream): number | null {
  const tag = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(s.tags?.DURATION ?? '');
  return positive(num(s.duration)) ?? (tag ? positive(Number(tag[1]) * 3600 + Number(tag[2]) * 60 + Number(tag[3])) : null);
}

/** "30000/1001" -> 29.97; "0/0" and nonsense -> null. */
function rate(s: string | undefined): number | null {
  const m = /^(\d+)\/(\d+)$/.exec(s ?? '');
  if (!m) return null;
  const v = Number(m[1]) / Number(m[2]);
  // Above 1000 fps is a timebase, not a frame rate (seen on some VFR files).
  return Number.isFinite(v) && v > 0 && v <= 1000 ? Math.round(v * 1000) / 1000 : null;
}

function num(s: string | undefined): number | null {
  if (s === undefined || s === 'N/A') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function positive(n: number | null | undefined): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}
