// yt-dlp as a resolver: which format(s) of a page a preview or a transcript reads, and where
// they are, without downloading them (ffmpeg then reads the media URL itself). Raw yt-dlp
// JSON stops here; what comes out is our own small types.
import path from 'node:path';
import { jobFailure, type JobFailure } from '../../errors.js';
import type { RunScope } from '../process/scope.js';
import { within } from '../process/scope.js';
import { AFTER_MOVE_PRINTS } from './args.js';
import { webOnly } from './guards.js';
import type { Ytdlp } from './runner.js';

const COMMON = ['--no-playlist', '--ignore-config', '--no-cache-dir', '--no-warnings'];
/** Resolving reads a page or two; longer means a stalled or hostile site. */
const RESOLVE_TIMEOUT_MS = 120_000;

export interface FormatChoice {
  /** Height to aim for: the best at or below it, else the smallest above it. */
  height: number;
  /** A separate audio format joins a video-only one. */
  withAudio: boolean;
}

/** Formats ffmpeg can read over HTTP with seeking. */
const SEEKABLE = new Set(['http', 'https', 'm3u8', 'm3u8_native', 'http_dash_segments']);

/**
 * yt-dlp -J for one format: the best at or below `height` (else the smallest above it), then
 * the most seekable protocol (yt-dlp ranks https > http > m3u8 > dash). With audio, a
 * separate audio format joins a video-only one.
 */
export function resolveArgs(url: string, opts: FormatChoice): string[] {
  return ['-J', ...COMMON, '-f', webOnly(opts.withAudio ? 'bv*+ba/b' : 'bv*/b'), '-S', `res:${opts.height},proto`, '--', url];
}

/** Downloads the same format choice into `dir` and prints its path (args.ts parseDownloadOutput). */
export function previewDownloadArgs(url: string, opts: FormatChoice & { dir: string; maxFileBytes: number }): string[] {
  return [
    ...COMMON, '--no-progress', '--no-mtime',
    ...AFTER_MOVE_PRINTS,
    '-f', webOnly(opts.withAudio ? 'bv*+ba/b' : 'bv*/b'),
    '-S', `res:${opts.height},proto`,
    '--merge-output-format', 'mkv',
    '--max-filesize', String(opts.maxFileBytes),
    '-o', path.join(opts.dir, 'source.%(ext)s'),
    '--', url,
  ];
}

export interface ResolvedFormat {
  url: string;
  kind: 'file' | 'hls' | 'dash';
  formatId: string;
  headers: Record<string, string>;
  hasVideo: boolean;
  /** DASH: every fragment URL yt-dlp saw, for the URL policy. */
  fragmentUrls: string[];
}

/** The chosen format(s); null when it is nothing ffmpeg can seek in (download it instead). */
export async function resolveFormats(ytdlp: Ytdlp, url: string, opts: FormatChoice, scope: RunScope): Promise<ResolvedFormat[] | null | JobFailure> {
  const run = await ytdlp.run(resolveArgs(url, opts), url, scope, { timeoutMs: within(scope, RESOLVE_TIMEOUT_MS) });
  if ('code' in run) return run;
  try {
    return parseResolved(JSON.parse(run.stdout));
  } catch {
    return jobFailure('upstream_error', 'yt-dlp returned metadata that is not JSON');
  }
}

/** yt-dlp's info JSON -> the chosen format(s); null when it is nothing we can seek in. */
export function parseResolved(raw: unknown): ResolvedFormat[] | null {
  if (!raw || typeof raw !== 'object') return null;
  const info = raw as Record<string, unknown>;
  const list = Array.isArray(info.requested_formats) ? (info.requested_formats as Record<string, unknown>[]) : [info];
  const formats: ResolvedFormat[] = [];
  for (const f of list) {
    const protocol = typeof f.protocol === 'string' ? f.protocol : '';
    if (!SEEKABLE.has(protocol)) return null;
    // DASH: ffmpeg reads the manifest and picks the representation; HLS/files: the URL itself.
    const u = protocol === 'http_dash_segments' ? f.manifest_url : f.url;
    if (typeof u !== 'string' || !/^https?:\/\//i.test(u)) return null;
    const headers = f.http_headers && typeof f.http_headers === 'object' ? (f.http_headers as Record<string, string>) : {};
    // Cookies mean a logged-in or signed session; ffmpeg should not carry those around.
    if (Object.keys(headers).some((k) => k.toLowerCase() === 'cookie')) return null;
    const base = typeof f.fragment_base_url === 'string' ? f.fragment_base_url : null;
    const fragments = Array.isArray(f.fragments) ? (f.fragments as { url?: unknown; path?: unknown }[]) : [];
    const fragmentUrls = fragments.flatMap((x) => (typeof x.url === 'string' ? [x.url] : typeof x.path === 'string' && base ? [new URL(x.path, base).href] : []));
    formats.push({
      url: u,
      kind: protocol.startsWith('m3u8') ? 'hls' : protocol === 'http_dash_segments' ? 'dash' : 'file',
      formatId: typeof f.format_id === 'string' ? f.format_id : '',
      headers,
      hasVideo: f.vcodec !== 'none',
      fragmentUrls: base ? [base, ...fragmentUrls] : fragmentUrls,
    });
  }
  return formats.some((f) => f.hasVideo) ? formats : null;
}

/** The stream of `f` inside what ffmpeg opens: DASH manifests hold every representation. */
export function streamOf(f: ResolvedFormat, kind: 'v' | 'a'): string {
  if (f.kind !== 'dash') return `${kind}:0`;
  // yt-dlp names DASH formats "<mpd_id>-<representation id>" or just the representation id.
  return `m:id:${f.formatId.split('-').pop() ?? f.formatId}`;
}

export const AUDIO_PREFIX = 'VCAUDIO ';

/** yt-dlp argv printing `VCAUDIO {url, protocol, http_headers, duration, is_live}` for the best audio. */
export function resolveAudioArgs(url: string): string[] {
  return [...COMMON, '-f', webOnly('ba/b'), '--print', `${AUDIO_PREFIX}%(.{url,protocol,http_headers,duration,is_live})j`, '--', url];
}

export interface ResolvedAudio {
  /** The direct URL when ffmpeg can read it as plain HTTP(S); null: download it instead. */
  url: string | null;
  headers: Record<string, string>;
  duration: number | null;
  isLive: boolean;
}

/** The best audio format of `url`, resolved without downloading it. */
export async function resolveAudio(ytdlp: Ytdlp, url: string, scope: RunScope, cwd: string): Promise<ResolvedAudio | JobFailure> {
  const run = await ytdlp.run(resolveAudioArgs(url), url, scope, { cwd, timeoutMs: within(scope, RESOLVE_TIMEOUT_MS) });
  if ('code' in run) return run;
  return parseResolvedAudio(run.stdout);
}

export function parseResolvedAudio(stdout: string): ResolvedAudio {
  const none: ResolvedAudio = { url: null, headers: {}, duration: null, isLive: false };
  const line = stdout.split('\n').find((l) => l.startsWith(AUDIO_PREFIX));
  if (!line) return none;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line.slice(AUDIO_PREFIX.length)) as Record<string, unknown>;
  } catch {
    return none;
  }
  const duration = typeof raw.duration === 'number' && Number.isFinite(raw.duration) ? raw.duration : null;
  const isLive = raw.is_live === true;
  const direct = typeof raw.url === 'string' && /^https?:\/\//i.test(raw.url) && (raw.protocol === 'http' || raw.protocol === 'https');
  const headers: Record<string, string> = {};
  if (raw.http_headers && typeof raw.http_headers === 'object') {
    for (const [k, v] of Object.entries(raw.http_headers as Record<string, unknown>)) if (typeof v === 'string') headers[k] = v;
  }
  return { url: direct ? (raw.url as string) : null, headers, duration, isLive };
}
