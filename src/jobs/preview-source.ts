// Where a preview reads its source from. yt-dlp resolves the page to one format's media URL;
// when that URL is a file, HLS or DASH, ffmpeg reads it directly with input-side seeking
// ("seek": only the bytes near the wanted frames are fetched). Otherwise, or when the
// operator asks for it, yt-dlp downloads the format first ("download").
import fs from 'node:fs';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../errors.js';
import { checkLimits } from '../media/ffmpeg/limits.js';
import { DASH_DEMUXERS, FILE_DEMUXERS, HLS_DEMUXERS, REMOTE_PROTOCOLS, inputArgs, type SourceInput } from '../media/ffmpeg/preview-args.js';
import { proxyEnv } from '../media/ffmpeg/proxy-args.js';
import { lastLines, probe, toMediaInfo, type MediaInfo } from '../media/ffmpeg/probe.js';
import { runProcess } from '../media/process/run.js';
import { parseDownloadOutput } from '../media/ytdlp/args.js';
import { classifyYtdlpError } from '../media/ytdlp/info.js';
import type { JobContext } from './types.js';

export type SourceAccess = 'seek' | 'download';

export interface PreviewSource {
  access: SourceAccess;
  video: SourceInput;
  /** A separate audio input (clip only, when the chosen video format has no audio). */
  audio: SourceInput | null;
  info: MediaInfo;
  duration: number;
}

/** Formats ffmpeg can read over HTTP with seeking. */
const SEEKABLE = new Set(['http', 'https', 'm3u8', 'm3u8_native', 'http_dash_segments']);
const STANDARD_HEIGHTS = [144, 240, 360, 480, 720, 1080, 1440, 2160, 4320];

/** The smallest standard height at or above what `width` needs at 16:9, capped by `maxHeight`. */
export function heightFor(width: number, maxHeight: number): number {
  const need = Math.ceil((width * 9) / 16);
  return Math.min(STANDARD_HEIGHTS.find((h) => h >= need) ?? maxHeight, maxHeight);
}

/**
 * yt-dlp -J for one format: the best at or below `height` (else the smallest above it), then
 * the most seekable protocol (yt-dlp ranks https > http > m3u8 > dash). With audio, a
 * separate audio format joins a video-only one.
 */
export function resolveArgs(url: string, opts: { height: number; withAudio: boolean }): string[] {
  return [
    '-J', '--no-playlist', '--ignore-config', '--no-cache-dir', '--no-warnings',
    '-f', opts.withAudio ? 'bv*+ba/b' : 'bv*/b',
    '-S', `res:${opts.height},proto`,
    '--', url,
  ];
}

/** Downloads the same format choice into `dir` and prints `VCFILE <path>` (parseDownloadOutput). */
export function previewDownloadArgs(url: string, opts: { height: number; withAudio: boolean; dir: string; maxFileBytes: number }): string[] {
  return [
    '--no-playlist', '--ignore-config', '--no-cache-dir', '--no-warnings', '--no-progress', '--no-mtime',
    '--print', 'after_move:VCFILE %(filepath)s',
    '-f', opts.withAudio ? 'bv*+ba/b' : 'bv*/b',
    '-S', `res:${opts.height},proto`,
    '--merge-output-format', 'mkv',
    '--max-filesize', String(opts.maxFileBytes),
    '-o', path.join(opts.dir, 'source.%(ext)s'),
    '--', url,
  ];
}

export interface ResolvedFormat {
  url: string;
  protocol: string;
  formatId: string;
  headers: Record<string, string>;
  hasVideo: boolean;
  /** DASH: every fragment URL yt-dlp saw, for the URL policy. */
  fragmentUrls: string[];
}

/** yt-dlp's info JSON -> the chosen format(s); null when it is nothing we can seek in. */
export function parseResolved(raw: unknown): { formats: ResolvedFormat[] } | null {
  if (!raw || typeof raw !== 'object') return null;
  const info = raw as Record<string, unknown>;
  const list = Array.isArray(info.requested_formats) ? (info.requested_formats as Record<string, unknown>[]) : [info];
  const formats: ResolvedFormat[] = [];
  for (const f of list) {
    const protocol = typeof f.protocol === 'string' ? f.protocol : '';
    if (!SEEKABLE.has(protocol)) return null;
    // DASH: ffmpeg reads the manifest and picks the representation; HLS/files: the URL itself.
    const url = protocol === 'http_dash_segments' ? f.manifest_url : f.url;
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return null;
    const headers = f.http_headers && typeof f.http_headers === 'object' ? (f.http_headers as Record<string, string>) : {};
    // Cookies mean a logged-in or signed session; ffmpeg should not carry those around.
    if (Object.keys(headers).some((k) => k.toLowerCase() === 'cookie')) return null;
    const base = typeof f.fragment_base_url === 'string' ? f.fragment_base_url : null;
    const fragments = Array.isArray(f.fragments) ? (f.fragments as { url?: unknown; path?: unknown }[]) : [];
    const fragmentUrls = fragments.flatMap((x) => (typeof x.url === 'string' ? [x.url] : typeof x.path === 'string' && base ? [new URL(x.path, base).href] : []));
    formats.push({
      url,
      protocol,
      formatId: typeof f.format_id === 'string' ? f.format_id : '',
      headers,
      hasVideo: f.vcodec !== 'none',
      fragmentUrls: base ? [base, ...fragmentUrls] : fragmentUrls,
    });
  }
  return formats.some((f) => f.hasVideo) ? { formats } : null;
}

/** The stream of `f` inside what ffmpeg opens: DASH manifests hold every representation. */
export function streamOf(f: ResolvedFormat, kind: 'v' | 'a'): string {
  if (f.protocol !== 'http_dash_segments') return `${kind}:0`;
  // yt-dlp names DASH formats "<mpd_id>-<representation id>" or just the representation id.
  return `m:id:${f.formatId.split('-').pop() ?? f.formatId}`;
}

const PLAYLIST_LIMIT_BYTES = 2 * 1024 * 1024;

/** Every URI an HLS media playlist names: segment lines and URI="…" attributes (keys, maps). */
export function hlsUris(text: string, base: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      for (const m of line.matchAll(/URI="([^"]*)"/g)) out.push(new URL(m[1], base).href);
    } else {
      out.push(new URL(line, base).href);
    }
  }
  return out;
}

/**
 * The media playlist with every URI made absolute, for ffmpeg to read from a local file: what
 * ffmpeg plays is then exactly what the URL policy saw (a server cannot answer ffmpeg's own
 * request with a different list). null for a master playlist, whose variants would be fetched
 * unchecked.
 */
export function pinnedPlaylist(text: string, base: string): string | null {
  if (/^#EXT-X-(STREAM-INF|MEDIA):/m.test(text)) return null;
  return text
    .split(/\r?\n/)
    .map((raw) => {
      const line = raw.trim();
      if (!line) return line;
      if (line.startsWith('#')) return line.replace(/URI="([^"]*)"/g, (_, u: string) => `URI="${new URL(u, base).href}"`);
      return new URL(line, base).href;
    })
    .join('\n');
}

type Vetted = { failure: JobFailure } | { fallback: true } | { ok: true; pinned: string | null };

/**
 * The URL policy for what ffmpeg will open: the media URL, every DASH fragment URL yt-dlp
 * reported and, for HLS, every URI in the playlist (a manifest can point its segments
 * anywhere), which is then pinned to a local copy. Distinct origins are checked once.
 */
async function vet(ctx: JobContext, f: ResolvedFormat, n: number): Promise<Vetted> {
  const urls = [f.url, ...f.fragmentUrls];
  let pinned: string | null = null;
  if (f.protocol.startsWith('m3u8')) {
    // This fetch is the service's own (not an engine's, so not through the egress proxy):
    // the playlist URL is checked before it is fetched, not only afterwards with the rest.
    const first = await ctx.urlPolicy.check(f.url);
    if (!first.ok) return { failure: jobFailure('url_not_allowed', `the media URL is not allowed: ${first.reason}`) };
    const res = await fetch(f.url, { redirect: 'manual', signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(15_000)]) }).catch(() => null);
    if (!res || res.status !== 200) return { fallback: true };
    const text = await res.text();
    if (text.length > PLAYLIST_LIMIT_BYTES) return { fallback: true };
    const pinnedText = pinnedPlaylist(text, f.url);
    if (pinnedText === null) return { fallback: true };
    urls.push(...hlsUris(pinnedText, f.url));
    pinned = path.join(ctx.workDir, `pinned-${n}.m3u8`);
    fs.writeFileSync(pinned, pinnedText);
  }
  const seen = new Set<string>();
  for (const u of urls) {
    const origin = new URL(u).origin;
    if (seen.has(origin)) continue;
    seen.add(origin);
    const verdict = await ctx.urlPolicy.check(u);
    if (!verdict.ok) return { failure: jobFailure('url_not_allowed', `the media URL is not allowed: ${verdict.reason}`) };
  }
  return { ok: true, pinned };
}

const demuxersFor = (protocol: string): string => (protocol.startsWith('m3u8') ? HLS_DEMUXERS : protocol === 'http_dash_segments' ? DASH_DEMUXERS : FILE_DEMUXERS);
function asInput(f: ResolvedFormat, kind: 'v' | 'a', pinned: string | null, proxy: string | undefined): SourceInput {
  const base = { remote: true, proxy, videoStream: streamOf(f, kind), headers: f.headers, demuxers: demuxersFor(f.protocol) };
  // `file` only for the pinned playlist itself: every URI in it is an absolute, checked http(s)
  // one. ffmpeg takes no HTTP options on a file input, so segments go without yt-dlp's
  // headers; a CDN that insists on them fails the render, and the job falls back to download.
  if (pinned) return { ...base, location: pinned, protocols: `file,${REMOTE_PROTOCOLS}`, headers: {} };
  return { ...base, location: f.url };
}

/** ffprobe of a remote input with the same whitelists, headers and timeouts ffmpeg will use. */
async function probeRemote(ctx: JobContext, input: SourceInput): Promise<MediaInfo | JobFailure> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...inputArgs(input, null)];
  const r = await runProcess(ctx.config.ffprobePath, args, { env: proxyEnv(args, ctx.engines.egressProxyUrl), signal: ctx.signal, timeoutMs: Math.min(30_000, ctx.remainingMs()), stdoutLimitBytes: 8 * 1024 * 1024 });
  if (r.aborted) return jobFailure('cancelled', 'probe cancelled');
  if (r.timedOut || r.stdoutOverflow || r.code !== 0) return jobFailure('media_error', `cannot read the source remotely: ${lastLines(r.stderr) || 'ffprobe failed'}`);
  try {
    return toMediaInfo(JSON.parse(r.stdout));
  } catch {
    return jobFailure('media_error', 'ffprobe returned unreadable output');
  }
}

/** URL paths that name a media file: probed directly, without asking yt-dlp first. */
const MEDIA_PATH = /\.(mp4|m4v|mov|webm|mkv)$/i;

/**
 * A URL whose path ends in a media extension is probed as it is: when it really is a file
 * (not HLS/DASH, whose manifests need the URI checks below), yt-dlp has nothing to add and
 * skipping it saves its ~0.3 s. Anything else (a page, an error) goes the yt-dlp way.
 */
async function openDirect(url: string, ctx: JobContext): Promise<PreviewSource | JobFailure | null> {
  if (!MEDIA_PATH.test(new URL(url).pathname)) return null;
  // FILE_DEMUXERS: an HLS/DASH answer fails here and takes the yt-dlp path with its URI checks.
  const input: SourceInput = { location: url, remote: true, videoStream: 'v:0', headers: {}, demuxers: FILE_DEMUXERS, proxy: ctx.engines.egressProxyUrl };
  const info = await probeRemote(ctx, input);
  if ('code' in info) return info.code === 'cancelled' ? info : null;
  return finish('seek', input, null, info, ctx);
}

/**
 * Opens the source for seeking; null means "use the download path instead" (not seekable,
 * or ffprobe could not read it remotely). Failures of the page itself are returned.
 */
export async function openSeekable(url: string, ctx: JobContext, opts: { height: number; withAudio: boolean }): Promise<PreviewSource | JobFailure | null> {
  const direct = await openDirect(url, ctx);
  if (direct) return direct;
  const run = await ctx.engines.runYtdlp(resolveArgs(url, opts), { signal: ctx.signal, timeoutMs: Math.min(120_000, ctx.remainingMs()), onSpawn: (pid) => ctx.onProcess(pid) });
  ctx.onProcess(null);
  if (run.aborted) return jobFailure('cancelled', 'The job was cancelled.');
  if (run.timedOut) return jobFailure('timeout', 'Resolving the source took too long.');
  if (run.code !== 0) return classifyYtdlpError(run.stderr, url);
  let resolved: ReturnType<typeof parseResolved>;
  try {
    resolved = parseResolved(JSON.parse(run.stdout));
  } catch {
    return jobFailure('upstream_error', 'yt-dlp returned metadata that is not JSON');
  }
  if (!resolved) return null;
  const inputs: { f: ResolvedFormat; input: SourceInput }[] = [];
  for (const [n, f] of resolved.formats.entries()) {
    const vetted = await vet(ctx, f, n);
    // A refused address is final; a playlist we could not read or pin may still download.
    if ('failure' in vetted) return vetted.failure;
    if ('fallback' in vetted) return null;
    inputs.push({ f, input: asInput(f, f.hasVideo ? 'v' : 'a', vetted.pinned, ctx.engines.egressProxyUrl) });
  }
  const video = (inputs.find((i) => i.f.hasVideo) as (typeof inputs)[number]).input;
  const audio = inputs.find((i) => !i.f.hasVideo)?.input ?? null;
  const info = await probeRemote(ctx, video);
  if ('code' in info) return info.code === 'cancelled' ? info : null;
  return finish('seek', video, audio, info, ctx);
}

/** Downloads the chosen format through yt-dlp (the path every source supports). */
export async function openDownloaded(url: string, ctx: JobContext, opts: { height: number; withAudio: boolean }): Promise<PreviewSource | JobFailure> {
  const argv = previewDownloadArgs(url, { ...opts, dir: ctx.workDir, maxFileBytes: ctx.config.maxFileBytes });
  const run = await ctx.engines.runYtdlp(argv, { cwd: ctx.workDir, signal: ctx.signal, timeoutMs: ctx.remainingMs(), onSpawn: (pid) => ctx.onProcess(pid) });
  ctx.onProcess(null);
  if (run.aborted) return jobFailure('cancelled', 'The job was cancelled.');
  if (run.timedOut) return jobFailure('timeout', 'The download did not finish within the job time limit.');
  if (run.code !== 0) return classifyYtdlpError(run.stderr, url);
  const file = parseDownloadOutput(run.stdout).filepath;
  if (!file) return jobFailure('limit_exceeded', `The source is larger than ${ctx.config.maxFileBytes} bytes.`);
  const info = await probe(ctx.config, file, { signal: ctx.signal, timeoutMs: Math.min(60_000, ctx.remainingMs()) });
  if ('code' in info) return info;
  const input: SourceInput = { location: file, remote: false, videoStream: 'v:0', headers: {} };
  return finish('download', input, null, info, ctx);
}

function finish(access: SourceAccess, video: SourceInput, audio: SourceInput | null, info: MediaInfo, ctx: JobContext): PreviewSource | JobFailure {
  if (!info.hasVideo) return jobFailure('media_error', 'the source has no video stream to preview');
  // A remote size is the server's Content-Length (none for HLS/DASH): the byte ceiling binds
  // what a server declares; a download is bounded by yt-dlp's --max-filesize as well.
  const limit = checkLimits(info, ctx.config);
  if (limit) return limit;
  if (info.duration === null) return jobFailure('media_error', 'the source has no known duration (a live stream?); previews need one');
  return { access, video, audio, info, duration: info.duration };
}
