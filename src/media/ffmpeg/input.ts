// The one place that decides how ffmpeg/ffprobe open an input. Everything else (argv builders,
// source openers, handlers) holds a MediaInput made here and asks it for its arguments; no
// other module writes -protocol_whitelist, -format_whitelist, headers or network timeouts,
// and the runner refuses an argv with an `-i` that did not come from here (guardedInputs).
//
// A local file (something we downloaded or wrote) may use `file`/`pipe` only and must be a
// single-file container: ffmpeg picks the demuxer from the bytes, not the name, so a "video"
// whose bytes are an HLS playlist (or a concat script, or a DASH manifest) would otherwise
// open what it names, `file:///…/files/<another job>/…` included.
// A network input may use web protocols only, never `file`, and the demuxers of what it is
// (a file, HLS or DASH). Nested opens (segments, keys, init sections) inherit both lists.
// The proxy is not an input option: the runner sets it in the environment (process/env.ts).

import { MAX_PIXELS } from './limits.js';

/**
 * Demuxers that read one file and open nothing else. Not here, on purpose: hls, dash, concat,
 * imf, mpl2/ffmetadata-style lists, image2 (patterns), vobsub (opens the .sub beside the
 * .idx), sdp/rtsp (open network streams), lavfi (filter graphs can open files).
 */
export const CONTAINERS = [
  'mov', 'matroska', 'flv', 'mpegts', 'avi', 'asf', 'ogg', 'mpeg', 'mpegvideo', 'mp3', 'aac',
  'wav', 'w64', 'flac', 'aiff', 'caf', 'ac3', 'eac3', 'ivf', 'amr',
].join(',');
/** Side files yt-dlp writes for --write-subs, muxed as subtitle streams. */
export const SUBTITLE_FORMATS = 'webvtt,srt,ass';
/** HLS: the playlist demuxer and what its segments are made of. */
export const HLS_DEMUXERS = 'hls,mpegts,mov,aac,mp3,ac3,eac3';
export const DASH_DEMUXERS = 'dash,mov,matroska';

export const LOCAL_PROTOCOLS = 'file,pipe';
/**
 * crypto: AES-128 HLS segments. httpproxy: how ffmpeg's TLS layer reaches https through the
 * egress proxy (CONNECT); without it an https input fails rather than connecting directly.
 */
export const WEB_PROTOCOLS = 'http,https,tcp,tls,crypto,httpproxy';

/**
 * The largest frame a decoder may allocate (limits.ts: MAX_PIXELS). A file declares its frame
 * size and decoders allocate what it says (up to 65535×65535), ffprobe's first-frame decode
 * included; checkLimits refuses such a source only after that probe, and a preview's early run
 * starts before it. Over the limit ffprobe says so and the probe fails limit_exceeded (runner.ts).
 */
const MAX_DECODED_PIXELS = String(MAX_PIXELS);

/** A stalled network read fails the run instead of hanging until the job's deadline. */
const RW_TIMEOUT_US = '30000000';
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
const HEADER_VALUE = /^[\x20-\x7e]*$/;

export type NetworkContainer = 'file' | 'hls' | 'dash';

export interface InputPosition {
  /** Input-side seek (`-ss` before `-i`): the demuxer jumps, nothing before is read. */
  seek?: number | null;
  /** Read this many seconds (`-t`). */
  duration?: number | null;
  /** Read up to this source time (`-to`). */
  to?: number | null;
}

/** An input ffmpeg may open, with its guards. Only this module makes them. */
export class MediaInput {
  readonly #guards: readonly string[];
  private constructor(
    /** A local path or an http(s) URL: for logs and for the caller's own file access. */
    readonly location: string,
    readonly network: boolean,
    guards: readonly string[],
  ) {
    this.#guards = guards;
  }

  /** A media file on local disk (a download, our own output). */
  static localMedia(file: string): MediaInput {
    return new MediaInput(file, false, ['-protocol_whitelist', LOCAL_PROTOCOLS, '-format_whitelist', CONTAINERS, '-max_pixels', MAX_DECODED_PIXELS]);
  }

  /**
   * A metadata file we wrote ourselves (chapters.ts: ";FFMETADATA1" chapters). The ffmetadata
   * demuxer reads key=value text and opens nothing else; no other format may claim the file.
   */
  static localMetadata(file: string): MediaInput {
    return new MediaInput(file, false, ['-protocol_whitelist', LOCAL_PROTOCOLS, '-format_whitelist', 'ffmetadata', '-f', 'ffmetadata']);
  }

  /** A subtitle side file on local disk. */
  static localSubtitles(file: string): MediaInput {
    return new MediaInput(file, false, ['-protocol_whitelist', LOCAL_PROTOCOLS, '-format_whitelist', SUBTITLE_FORMATS]);
  }

  /**
   * An http(s) URL ffmpeg fetches itself. `headers` are what the page's extractor says the
   * server wants (User-Agent, Referer…); names or values with control characters are dropped,
   * since `-headers` is CRLF-joined and a CR/LF from a page would inject a header of its own.
   */
  static network(url: string, container: NetworkContainer, headers: Record<string, string> = {}): MediaInput {
    if (!/^https?:\/\//i.test(url)) throw new RangeError(`MediaInput.network: not an http(s) URL: ${url.slice(0, 100)}`);
    const entries = Object.entries(headers).filter(([k, v]) => HEADER_NAME.test(k) && HEADER_VALUE.test(v));
    const ua = entries.find(([k]) => k.toLowerCase() === 'user-agent');
    const rest = entries.filter(([k]) => k.toLowerCase() !== 'user-agent');
    const demuxers = container === 'hls' ? HLS_DEMUXERS : container === 'dash' ? DASH_DEMUXERS : CONTAINERS;
    return new MediaInput(url, true, [
      '-protocol_whitelist', WEB_PROTOCOLS,
      '-format_whitelist', demuxers,
      '-rw_timeout', RW_TIMEOUT_US,
      '-max_pixels', MAX_DECODED_PIXELS,
      ...(ua ? ['-user_agent', ua[1]] : []),
      ...(rest.length > 0 ? ['-headers', rest.map(([k, v]) => `${k}: ${v}\r\n`).join('')] : []),
    ]);
  }

  /** The options that precede this input's `-i`, and the `-i` itself. */
  args(at: InputPosition = {}): string[] {
    return [
      ...this.#guards,
      ...(at.seek != null && at.seek > 0 ? ['-ss', seconds(at.seek)] : []),
      ...(at.duration != null ? ['-t', seconds(at.duration)] : []),
      ...(at.to != null ? ['-to', seconds(at.to)] : []),
      '-i', this.network ? this.location : localPath(this.location),
    ];
  }
}

export const localMedia = (file: string): MediaInput => MediaInput.localMedia(file);
export const localSubtitles = (file: string): MediaInput => MediaInput.localSubtitles(file);
export const localMetadata = (file: string): MediaInput => MediaInput.localMetadata(file);
export const networkMedia = (url: string, container: NetworkContainer, headers?: Record<string, string>): MediaInput =>
  MediaInput.network(url, container, headers);

/** Whether ffprobe's format name (e.g. "mov,mp4,m4a,3gp,3g2,mj2") is one of CONTAINERS. */
export function isContainer(formatName: string): boolean {
  const ours = new Set(CONTAINERS.split(','));
  return formatName.split(',').some((n) => ours.has(n));
}

/**
 * Input options for the ffmpeg that yt-dlp starts to download (--download-sections, some
 * formats), through `--downloader-args ffmpeg_i:…`: web protocols and the demuxers of any web
 * format; info-level logging, so its warnings about skipped segments and its input dump
 * (declared durations) reach yt-dlp's stderr, which the runner reads.
 */
export function downloaderInputGuards(): string[] {
  return ['-loglevel', 'info', '-nostats', '-protocol_whitelist', WEB_PROTOCOLS, '-format_whitelist', `hls,dash,${CONTAINERS}`, '-rw_timeout', RW_TIMEOUT_US];
}

/** Input options for yt-dlp's ffmpeg post-processors (merge, fixups), which read local files. */
export function postprocessorInputGuards(): string[] {
  return ['-protocol_whitelist', LOCAL_PROTOCOLS, '-format_whitelist', CONTAINERS];
}

/**
 * Throws unless every `-i` in `args` is preceded (since the previous `-i`) by both
 * whitelists: an argv that opens an input some other way is a bug, caught before it runs.
 */
export function assertGuardedInputs(args: readonly string[]): void {
  let since = 0;
  args.forEach((a, i) => {
    if (a !== '-i') return;
    const opts = args.slice(since, i);
    if (!opts.includes('-protocol_whitelist') || !opts.includes('-format_whitelist')) {
      throw new Error(`ffmpeg input "${String(args[i + 1])}" was not built by media/ffmpeg/input.ts (no whitelists)`);
    }
    since = i + 2;
  });
}

/**
 * An argv token ffmpeg reads as a local path: "-x.mp4" would be an option and "a:b.mp4" a
 * protocol, so relative paths get "./".
 */
export function localPath(file: string): string {
  return file.startsWith('/') || file.startsWith('./') || file.startsWith('../') ? file : `./${file}`;
}

/** Seconds as ffmpeg reads them: fixed, millisecond precision, no exponent. */
export function seconds(n: number): string {
  return (Math.round(Math.max(0, n) * 1000) / 1000).toFixed(3);
}
