// ffprobe at the edge: raw ffprobe JSON goes in, our small MediaInfo comes out. Nothing past
// this file sees an ffprobe field name.
import type { Config } from '../../config.js';
import { jobFailure, type JobFailure } from '../../errors.js';
import { runProcess } from '../process/run.js';
import { protocolArgs, proxyEnv } from './proxy-args.js';

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
}

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Default 30 s: probing reads headers only, so longer means a stalled or hostile input. */
  timeoutMs?: number;
  log?: (msg: string) => void;
  /** The egress proxy (Engines.egressProxyUrl) for a URL input; unused for local files. */
  proxy?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Real files give a few KiB of JSON; thousands of streams or huge tags are an attack. */
const STDOUT_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Local files may only use file/pipe, so a hostile playlist or concat script cannot reach the
 * network or other local files. URLs get plain HTTP(S) and no `file`, for the same reason.
 */
export function probeArgs(file: string, proxy?: string): string[] {
  const remote = /^https?:\/\//i.test(file);
  return [
    '-v', 'error',
    '-print_format', 'json',
    '-show_format',
    '-show_streams',
    ...protocolArgs(remote ? 'http,https,tcp,tls' : 'file,pipe', proxy),
    remote ? file : localInput(file),
  ];
}

/** Probes `file`; corrupt, empty or streamless media is a `media_error` value, not a throw. */
export async function probe(config: Config, file: string, opts: ProbeOptions = {}): Promise<MediaInfo | JobFailure> {
  const args = probeArgs(file, opts.proxy);
  const r = await runProcess(config.ffprobePath, args, {
    env: proxyEnv(args, opts.proxy),
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: opts.signal,
    stdoutLimitBytes: STDOUT_LIMIT_BYTES,
    log: opts.log,
  });
  if (r.aborted) return jobFailure('cancelled', 'probe cancelled');
  if (r.timedOut) return jobFailure('timeout', `ffprobe did not finish within ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
  if (r.stdoutOverflow) return jobFailure('media_error', 'ffprobe output too large: hostile or broken media');
  if (r.code !== 0) return jobFailure('media_error', `cannot read media: ${lastLines(r.stderr) || `ffprobe exited with ${r.code ?? r.signal}`}`);
  let raw: unknown;
  try {
    raw = JSON.parse(r.stdout);
  } catch {
    return jobFailure('media_error', 'ffprobe returned unreadable output');
  }
  return toMediaInfo(raw);
}

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
}
interface RawFormat {
  format_name?: string;
  duration?: string;
  size?: string;
  bit_rate?: string;
}

/** Converts ffprobe's JSON into MediaInfo (exported for tests). */
export function toMediaInfo(raw: unknown): MediaInfo | JobFailure {
  const root = (raw ?? {}) as { streams?: RawStream[]; format?: RawFormat };
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
  };
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

/**
 * An argv token ffmpeg/ffprobe will read as a local path: "-x.mp4" would be an option and
 * "a:b.mp4" a protocol, so relative paths get "./".
 */
export function localInput(file: string): string {
  return file.startsWith('/') || file.startsWith('./') || file.startsWith('../') ? file : `./${file}`;
}

/** The last few meaningful stderr lines, for an error detail a human can act on. */
export function lastLines(stderr: string, count = 3, maxChars = 500): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(Conversion failed!|Exiting normally|frame=|size=)/.test(l));
  const text = lines.slice(-count).join('; ');
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
}
