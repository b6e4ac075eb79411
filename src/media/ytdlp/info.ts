// yt-dlp's info JSON -> our VideoInfo/PlaylistInfo (API contract §6, GET /v1/info). Nothing
// past this file sees a raw yt-dlp field.
import { jobFailure, type JobFailure } from '../../errors.js';
import type { RunScope } from '../process/scope.js';
import { infoArgs, type EngineOptions } from './args.js';
import type { Ytdlp } from './runner.js';

export interface VideoFormat {
  format_id: string | null;
  ext: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  vcodec: string | null;
  acodec: string | null;
  abr: number | null;
  vbr: number | null;
  tbr: number | null;
  /** Exact size, else yt-dlp's estimate (filesize_approx). */
  filesize: number | null;
  protocol: string | null;
}

export interface Thumbnail {
  url: string;
  width: number | null;
  height: number | null;
}

export interface Chapter {
  start_time: number;
  end_time: number | null;
  title: string | null;
}

/** Every field is present; what the platform does not give is null (lists: []). */
export interface VideoInfo {
  id: string | null;
  title: string | null;
  description: string | null;
  uploader: string | null;
  uploader_id: string | null;
  channel: string | null;
  /** YYYY-MM-DD */
  upload_date: string | null;
  /** Unix seconds */
  timestamp: number | null;
  /** Seconds */
  duration: number | null;
  view_count: number | null;
  like_count: number | null;
  comment_count: number | null;
  thumbnail: string | null;
  thumbnails: Thumbnail[];
  tags: string[];
  categories: string[];
  chapters: Chapter[];
  webpage_url: string | null;
  extractor: string | null;
  is_live: boolean | null;
  /** Language codes with subtitles (not automatic captions). */
  subtitles: string[];
  /** Language codes with automatic captions (subtitles_source "auto"). */
  automatic_captions: string[];
  formats: VideoFormat[];
  /** Of the format a download would pick (yt-dlp's best). */
  width: number | null;
  height: number | null;
  fps: number | null;
  vcodec: string | null;
  acodec: string | null;
  /**
   * Fields that came from probing the media itself (ffprobe), because the page did not give
   * them: names of this object's fields, and of the same fields of the probed format.
   */
  probed_fields: string[];
}

/** Where the media of a page that gives no facts can be probed (the format a download would pick). */
export interface ProbeTarget {
  url: string;
  kind: 'file' | 'hls';
  headers: Record<string, string>;
  /** Index in formats[] of the probed format (-1: none listed). */
  formatIndex: number;
}

export interface PlaylistInfo {
  _type: 'playlist';
  id: string | null;
  title: string | null;
  webpage_url: string | null;
  extractor: string | null;
  entries: VideoInfo[];
}

type Raw = Record<string, unknown>;

export function isPlaylist(info: VideoInfo | PlaylistInfo): info is PlaylistInfo {
  return '_type' in info && info._type === 'playlist';
}

/** Throws only when `raw` is not an object at all (not yt-dlp info JSON). */
export function normalizeInfo(raw: unknown): VideoInfo | PlaylistInfo {
  if (!isObject(raw)) throw new TypeError('yt-dlp info is not a JSON object');
  if (raw._type === 'playlist' || raw._type === 'multi_video') {
    return {
      _type: 'playlist',
      id: str(raw.id),
      title: str(raw.title),
      webpage_url: str(raw.webpage_url) ?? str(raw.original_url),
      extractor: str(raw.extractor),
      entries: playlistEntries(raw),
    };
  }
  return normalizeVideo(raw);
}

/** Nested playlists (a channel's tabs) are flattened; unavailable entries (null) dropped. */
function playlistEntries(raw: Raw): VideoInfo[] {
  const entries = Array.isArray(raw.entries) ? raw.entries : [];
  return entries.filter(isObject).flatMap((e) => {
    const info = normalizeInfo(e);
    return isPlaylist(info) ? info.entries : [info];
  });
}

function normalizeVideo(raw: Raw): VideoInfo {
  // Flat playlist entries (_type "url") carry only `url`, which is the video page.
  const webpageUrl = str(raw.webpage_url) ?? (raw._type === 'url' ? str(raw.url) : null) ?? str(raw.original_url);
  const thumbnails = list(raw.thumbnails).flatMap((t): Thumbnail[] => {
    const url = absolute(str(t.url), webpageUrl);
    return url ? [{ url, width: int(t.width), height: int(t.height) }] : [];
  });
  return {
    id: str(raw.id),
    title: str(raw.title),
    description: str(raw.description),
    uploader: str(raw.uploader),
    uploader_id: str(raw.uploader_id),
    channel: str(raw.channel),
    upload_date: date(raw.upload_date),
    timestamp: int(raw.timestamp),
    duration: num(raw.duration),
    view_count: int(raw.view_count),
    like_count: int(raw.like_count),
    comment_count: int(raw.comment_count),
    // yt-dlp sorts thumbnails worst to best and sets `thumbnail` to the best one.
    thumbnail: absolute(str(raw.thumbnail), webpageUrl) ?? thumbnails.at(-1)?.url ?? null,
    thumbnails,
    tags: strings(raw.tags),
    categories: strings(raw.categories),
    chapters: list(raw.chapters).flatMap((c): Chapter[] => {
      const start = num(c.start_time);
      return start === null ? [] : [{ start_time: start, end_time: num(c.end_time), title: str(c.title) }];
    }),
    webpage_url: webpageUrl,
    extractor: str(raw.extractor) ?? str(raw.ie_key)?.toLowerCase() ?? null,
    is_live: isLive(raw),
    // YouTube lists its live chat replay as a "subtitle"; it is not one.
    subtitles: isObject(raw.subtitles) ? Object.keys(raw.subtitles).filter((l) => l !== 'live_chat') : [],
    automatic_captions: isObject(raw.automatic_captions) ? Object.keys(raw.automatic_captions) : [],
    formats: list(raw.formats).map(normalizeFormat),
    width: int(raw.width),
    height: int(raw.height),
    fps: num(raw.fps),
    vcodec: codec(raw.vcodec),
    acodec: codec(raw.acodec),
    probed_fields: [],
  };
}

const PROBEABLE: Record<string, ProbeTarget['kind']> = { http: 'file', https: 'file', m3u8: 'hls', m3u8_native: 'hls' };

/**
 * The media to probe when the page gives no facts: no duration, or a chosen format with no
 * codec named (a direct file through the generic extractor). null when the page told enough, the
 * source is live, or yt-dlp picked separate video and audio formats (pages that do that describe them).
 */
export function probeTargetOf(raw: unknown, info: VideoInfo | PlaylistInfo): ProbeTarget | null {
  if (!isObject(raw) || isPlaylist(info) || info.is_live || Array.isArray(raw.requested_formats)) return null;
  if (info.duration !== null && (info.vcodec !== null || info.acodec !== null)) return null;
  const url = str(raw.url);
  const kind = PROBEABLE[str(raw.protocol) ?? ''];
  if (!url || !kind || !/^https?:\/\//i.test(url)) return null;
  const headers: Record<string, string> = {};
  if (isObject(raw.http_headers)) for (const [k, v] of Object.entries(raw.http_headers)) if (typeof v === 'string') headers[k] = v;
  return { url, kind, headers, formatIndex: info.formats.findIndex((f) => f.format_id !== null && f.format_id === str(raw.format_id)) };
}

function normalizeFormat(f: Raw): VideoFormat {
  return {
    format_id: str(f.format_id),
    ext: str(f.ext),
    width: int(f.width),
    height: int(f.height),
    fps: num(f.fps),
    vcodec: codec(f.vcodec),
    acodec: codec(f.acodec),
    abr: num(f.abr),
    vbr: num(f.vbr),
    tbr: num(f.tbr),
    filesize: int(f.filesize) ?? int(f.filesize_approx),
    protocol: str(f.protocol),
  };
}

function isLive(raw: Raw): boolean | null {
  if (typeof raw.is_live === 'boolean') return raw.is_live;
  const status = str(raw.live_status);
  return status === null ? null : status === 'is_live';
}

/** "none" is yt-dlp's word for "this format has no such stream". */
function codec(v: unknown): string | null {
  const s = str(v);
  return s === 'none' ? null : s;
}

/** Pages may name their poster relative to themselves (og:image "/thumb.jpg"). */
function absolute(url: string | null, base: string | null): string | null {
  if (url === null || base === null) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

function date(v: unknown): string | null {
  const s = str(v);
  if (s === null) return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function num(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function int(v: unknown): number | null {
  const n = num(v);
  return n === null ? null : Math.round(n);
}

export type InfoResult = { ok: true; info: VideoInfo | PlaylistInfo; probe?: ProbeTarget | null } | { ok: false; failure: JobFailure };

/** GET /v1/info's engine call: one yt-dlp -J run, its outcome as a value. */
export async function extractInfo(ytdlp: Ytdlp, url: string, scope: RunScope, opts: { playlist?: boolean; maxEntries?: number; engine?: EngineOptions } = {}): Promise<InfoResult> {
  const out = await ytdlp.run(infoArgs(url, { playlist: opts.playlist ?? true, maxEntries: opts.maxEntries }, opts.engine), url, scope);
  if ('code' in out) return { ok: false, failure: out };
  try {
    const raw = JSON.parse(out.stdout) as unknown;
    const info = normalizeInfo(raw);
    return { ok: true, info, probe: probeTargetOf(raw, info) };
  } catch {
    return { ok: false, failure: jobFailure('upstream_error', 'yt-dlp returned metadata that is not JSON') };
  }
}
