// Opening a source for ffmpeg to read: previews and fingerprints start here. yt-dlp resolves a
// page to one format's media URL; when that URL is a file, HLS or DASH, ffmpeg reads it
// directly with input-side seeking ("seek": only the bytes near the wanted frames are
// fetched). Otherwise, or when asked to, yt-dlp downloads the format first ("download").
// Either way the caller gets MediaInputs (ffmpeg/input.ts), never a path or URL to wire up.
import path from 'node:path';
import { jobFailure, type JobFailure } from '../../errors.js';
import type { UrlPolicy } from '../../net/urlpolicy.js';
import type { Pinned } from '../../net/pinned.js';
import { networkMedia, type MediaInput } from '../ffmpeg/input.js';
import { checkLimits } from '../ffmpeg/limits.js';
import type { MediaInfo } from '../ffmpeg/media-info.js';
import type { PreviewInput } from '../ffmpeg/preview-args.js';
import type { Ffmpeg } from '../ffmpeg/runner.js';
import type { RunScope } from '../process/scope.js';
import { fetchSource } from '../ytdlp/download.js';
import { previewDownloadArgs, resolveFormats, streamOf, type FormatChoice, type ResolvedFormat } from '../ytdlp/resolve.js';
import type { Ytdlp } from '../ytdlp/runner.js';
import { pinPlaylist } from './hls.js';
import { namesMediaFile } from './media-url.js';

export type SourceAccess = 'seek' | 'download';

export interface Pins {
  pin(body: string, type: string, name: string, ttlMs: number): Pinned;
}

/** What opening a source needs; a JobContext is one. */
export interface SourceContext extends RunScope {
  engines: { ytdlp: Ytdlp; ffmpeg: Ffmpeg; pins: Pins | null };
  urlPolicy: Pick<UrlPolicy, 'check'>;
  workDir: string;
  config: { maxFileBytes: number; maxDurationSeconds: number };
}

export interface Source {
  access: SourceAccess;
  video: PreviewInput;
  /** A separate audio input (when the chosen video format has no audio). */
  audio: PreviewInput | null;
  info: MediaInfo;
  duration: number;
  /** Frees what the source holds (pinned playlists); they also expire with the job. */
  release(): void;
}

const PLAYLIST_LIMIT_BYTES = 2 * 1024 * 1024;
const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
/** URL paths that name a media file: probed directly, without asking yt-dlp first. */

/**
 * Opens the source for seeking; null means "use the download path instead" (not seekable,
 * or ffprobe could not read it remotely). Failures of the page itself, and addresses the URL
 * policy refuses, are returned.
 */
export async function openSeekable(url: string, ctx: SourceContext, choice: FormatChoice, started: DirectSource | null = startDirect(url, ctx)): Promise<Source | JobFailure | null> {
  const direct = started ? await started.opened : null;
  if (direct) return direct;
  const formats = await resolveFormats(ctx.engines.ytdlp, url, choice, ctx);
  if (formats === null || 'code' in formats) return formats;
  const pins: Pinned[] = [];
  const release = (): void => pins.forEach((p) => p.release());
  const inputs: { f: ResolvedFormat; input: MediaInput }[] = [];
  for (const f of formats) {
    const opened = await openFormat(ctx, f, pins);
    // A refused address is final; a playlist we could not read or pin may still download.
    if (opened === null || 'code' in opened) {
      release();
      return opened;
    }
    inputs.push({ f, input: opened });
  }
  const pick = (video: boolean) => inputs.find((i) => i.f.hasVideo === video);
  const v = pick(true) as (typeof inputs)[number];
  const a = pick(false);
  const video = { input: v.input, videoStream: streamOf(v.f, 'v') };
  const audio = a ? { input: a.input, videoStream: streamOf(a.f, 'a') } : null;
  const info = await ctx.engines.ffmpeg.probe(video.input, ctx);
  const src = 'code' in info ? remoteFailure(info) : finish('seek', video, audio, info, ctx, release);
  if (src === null || 'code' in src) release();
  return src;
}

/** Downloads the chosen format through yt-dlp (the path every source supports). */
export async function openDownloaded(url: string, ctx: SourceContext, choice: FormatChoice): Promise<Source | JobFailure> {
  const argv = previewDownloadArgs(url, { ...choice, dir: ctx.workDir, maxFileBytes: ctx.config.maxFileBytes });
  const dl = await fetchSource(ctx.engines.ytdlp, argv, url, ctx, { cwd: ctx.workDir, maxFileBytes: ctx.config.maxFileBytes });
  if ('code' in dl) return dl;
  const info = await ctx.engines.ffmpeg.probe(dl.input, ctx, { timeoutMs: 60_000 });
  if ('code' in info) return info;
  return finish('download', { input: dl.input, videoStream: 'v:0' }, null, info, ctx, () => undefined);
}

/** A direct media URL whose probe is running (startDirect). */
export interface DirectSource {
  /** What ffmpeg reads; a run started on it before `opened` answers must be checked against it. */
  video: PreviewInput;
  /** The probed source; null: not readable as a file remotely (take the yt-dlp way). */
  opened: Promise<Source | JobFailure | null>;
}

/**
 * A URL whose path ends in a media extension is probed as it is: when it really is a file
 * (not HLS/DASH, whose manifests need the checks below), yt-dlp has nothing to add and
 * skipping it saves its ~0.3 s. Anything else (a page, an error) goes the yt-dlp way.
 */
export function startDirect(url: string, ctx: SourceContext): DirectSource | null {
  const video = directVideo(url);
  return video && probeDirect(video, ctx);
}

/** The input of a URL that names a media file (startDirect), null for any other URL. */
export function directVideo(url: string): PreviewInput | null {
  if (!namesMediaFile(url, 'video')) return null;
  // Container demuxers only: an HLS/DASH answer fails the probe and takes the yt-dlp path.
  return { input: networkMedia(url, 'file'), videoStream: 'v:0' };
}

/**
 * Starts the probe of a direct video and returns at once, so a caller that knows what it
 * wants can run ffmpeg on `video` meanwhile and check the outcome against `opened`
 * afterwards: over the network the probe takes as long as a seek and a decode
 * (bench/preview.ts, thumbnail at 170 s: ffprobe 190-350 ms, ffmpeg 210-340 ms).
 */
export function probeDirect(video: PreviewInput, ctx: SourceContext): DirectSource {
  const opened = ctx.engines.ffmpeg.probe(video.input, ctx).then((info) => ('code' in info ? remoteFailure(info) : finish('seek', video, null, info, ctx, () => undefined)));
  return { video, opened };
}

/** Failures of a remote read that are final; anything else tries the download path. */
function remoteFailure(f: JobFailure): JobFailure | null {
  return f.code === 'cancelled' || f.code === 'url_not_allowed' ? f : null;
}

/**
 * The input for one resolved format, after the URL policy has seen what ffmpeg will open:
 * the media URL, every DASH fragment URL yt-dlp reported and, for HLS, every URI of the
 * playlist, which ffmpeg then reads from a pinned copy (hls.ts) served by the egress proxy.
 * Distinct origins are checked once.
 */
async function openFormat(ctx: SourceContext, f: ResolvedFormat, pins: Pinned[]): Promise<MediaInput | JobFailure | null> {
  const urls = [f.url, ...f.fragmentUrls];
  let location = f.url;
  if (f.kind === 'hls') {
    const pinned = await pinnedPlaylist(ctx, f.url);
    if (pinned === null || 'code' in pinned) return pinned;
    urls.push(...pinned.uris);
    if (pinned.pin) {
      pins.push(pinned.pin);
      location = pinned.pin.url;
    }
  }
  const seen = new Set<string>();
  for (const u of urls) {
    const origin = new URL(u).origin;
    if (seen.has(origin)) continue;
    seen.add(origin);
    const verdict = await ctx.urlPolicy.check(u);
    if (!verdict.ok) return jobFailure('url_not_allowed', `the media URL is not allowed: ${verdict.reason}`);
  }
  return networkMedia(location, f.kind, f.headers);
}

/**
 * The playlist at `url`, fetched once, checked and pinned. Without the egress proxy (debug
 * only) nothing can serve the pinned copy, and ffmpeg reads the URL itself.
 */
async function pinnedPlaylist(ctx: SourceContext, url: string): Promise<{ uris: string[]; pin: Pinned | null } | JobFailure | null> {
  // This fetch is the service's own (not an engine's, so not through the egress proxy): the
  // playlist URL is checked before it is fetched, not only afterwards with the rest.
  const first = await ctx.urlPolicy.check(url);
  if (!first.ok) return jobFailure('url_not_allowed', `the media URL is not allowed: ${first.reason}`);
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(15_000)]) }).catch(() => null);
  if (!res || res.status !== 200) return null;
  const text = await res.text();
  if (text.length > PLAYLIST_LIMIT_BYTES) return null;
  const pinned = pinPlaylist(text, url);
  if (!pinned.ok) return 'refused' in pinned ? jobFailure('url_not_allowed', `the playlist names a URI that is not http(s): ${pinned.refused.slice(0, 200)}`) : null;
  const pin = ctx.engines.pins?.pin(pinned.text, PLAYLIST_TYPE, path.posix.basename(new URL(url).pathname) || 'index.m3u8', ctx.remainingMs()) ?? null;
  return { uris: pinned.uris, pin };
}

function finish(access: SourceAccess, video: PreviewInput, audio: PreviewInput | null, info: MediaInfo, ctx: SourceContext, release: () => void): Source | JobFailure {
  if (!info.hasVideo) return jobFailure('media_error', 'the source has no video stream to preview');
  // A remote size is the server's Content-Length (none for HLS/DASH): the byte ceiling binds
  // what a server declares; a download is bounded by yt-dlp's --max-filesize as well.
  const limit = checkLimits(info, ctx.config);
  if (limit) return limit;
  if (info.duration === null) return jobFailure('media_error', 'the source has no known duration (a live stream?); previews need one');
  return { access, video, audio, info, duration: info.duration, release };
}
