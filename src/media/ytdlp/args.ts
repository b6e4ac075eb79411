// Pure yt-dlp argv builders and parsers of the lines those argv make yt-dlp print.
// Every argv ends in `-- <url>` so a URL can never be read as an option, and none of them
// uses --exec or anything else that runs a command: the URL and the page are strangers'.
// Output goes through --print/--progress-template lines with a VC prefix, parsed below,
// rather than through yt-dlp's human-readable messages, which change between releases.
// Format selectors name web protocols only (guards.ts webOnly).
import type { Chapter } from '../ffmpeg/chapters.js';
import { webOnly } from './guards.js';

export type DownloadFormat = 'mp4' | 'webm' | 'mkv' | 'mov' | 'mp3' | 'm4a' | 'opus' | 'wav' | 'flac' | 'original';
export type DownloadQuality = '2160p' | '1440p' | '1080p' | '720p' | '480p' | '360p' | '240p' | 'best' | 'worst';

export interface DownloadRequest {
  format: DownloadFormat;
  quality: DownloadQuality;
  audioOnly: boolean;
  /** Trim, in seconds; null = from the start / to the end. */
  start: number | null;
  end: number | null;
  /** Subtitle language codes to fetch as side files (embedding is the caller's step). */
  subtitles: string[];
  /** Which tracks `subtitles` names: the uploader's (default), automatic captions, or either (manual first). */
  subtitleSource?: SubtitleSource;
  /**
   * Live sources: absent/null refuses them (the run prints VCLIVE True and downloads nothing);
   * else records at most `maxDuration` s. `fromStartFlag`: ask the extractor for the stream
   * from its start (--live-from-start, which only some extractors support).
   */
  live?: { maxDuration: number; fromStartFlag: boolean } | null;
  /** yt-dlp output template, e.g. `/data/jobs/<id>/source.%(ext)s`. */
  outputTemplate: string;
  maxFileBytes: number;
}

/** How this deployment reaches the network and ffmpeg; the same for every run. */
export interface EngineOptions {
  /** --proxy: the egress proxy that enforces the URL policy; '' forces a direct connection
   * (ignoring *_proxy variables). Omitted: yt-dlp's default (the environment's proxy). */
  proxy?: string;
  /** ffmpeg binary or directory; a bare command name ('ffmpeg') means "from PATH". */
  ffmpegPath?: string;
}

export type SubtitleSource = 'manual' | 'auto' | 'any';

export const AUDIO_FORMATS: ReadonlySet<DownloadFormat> = new Set(['mp3', 'm4a', 'opus', 'wav', 'flac']);

const COMMON = ['--ignore-config', '--no-cache-dir', '--no-warnings'];

const PROGRESS_PREFIX = 'VCPROG';
const FILE_PREFIX = 'VCFILE ';
const SUBS_PREFIX = 'VCSUBS ';
const META_PREFIX = 'VCMETA ';
const LIVE_PREFIX = 'VCLIVE ';

/** The lines a download prints once its file is in place: path, subtitles, a few facts. */
export const AFTER_MOVE_PRINTS = [
  '--print', `after_move:${FILE_PREFIX}%(filepath)s`,
  '--print', `after_move:${SUBS_PREFIX}%(requested_subtitles)j`,
  '--print', `after_move:${META_PREFIX}%(.{title,uploader,upload_date,description,webpage_url,duration,chapters})j`,
];
// Missing fields print as NA. Fragment counts cover HLS/DASH, where byte totals are guesses.
const PROGRESS_TEMPLATE =
  `download:${PROGRESS_PREFIX} %(progress.downloaded_bytes)s %(progress.total_bytes)s ` +
  '%(progress.total_bytes_estimate)s %(progress.fragment_index)s %(progress.fragment_count)s';

/**
 * Metadata as one JSON document (-J). Playlists are listed flat: entries carry what the
 * playlist page itself says (id, title, url, often duration), the rest is null, and no
 * entry page is fetched, so a 5,000-video channel answers in one request, not 5,000.
 */
export function infoArgs(url: string, opts: { playlist: boolean; maxEntries?: number }, engine: EngineOptions = {}): string[] {
  const playlist = opts.playlist
    ? ['--flat-playlist', ...(opts.maxEntries ? ['--playlist-end', String(opts.maxEntries)] : [])]
    : ['--no-playlist'];
  return ['-J', '--no-progress', ...COMMON, ...engineArgs(engine), ...playlist, '--', url];
}

/**
 * Downloads the best source for `req` without converting it; the caller converts, scales
 * and embeds. Format choice is a sort (-S), not a filter, so something is always chosen:
 * `res:720` ranks every format at or below 720p above all taller ones, best first, and
 * falls back to the smallest taller one when nothing is that small. After the height, the
 * codecs that the target container takes by stream copy win (mp4/mov: h264+aac; webm:
 * vp9+opus), so the caller can usually remux instead of re-encoding.
 * Prints `VCPROG …` progress lines, then `VCFILE <final path>` and `VCSUBS <json>`.
 */
export function downloadArgs(url: string, req: DownloadRequest, engine: EngineOptions = {}): string[] {
  const audio = req.audioOnly || AUDIO_FORMATS.has(req.format);
  const sort = audio ? audioCodecPreference(req.format) : [resolutionSort(req.quality), ...videoCodecPreference(req.format)];
  const merge = audio ? null : mergeFormats(req.format);
  const args = [
    '--no-playlist',
    '--newline',
    // --print implies --quiet; --progress keeps the progress lines coming regardless.
    '--progress',
    '--progress-template',
    PROGRESS_TEMPLATE,
    ...AFTER_MOVE_PRINTS,
    ...COMMON,
    // File times are ours (retention sweeps by mtime), not the server's Last-Modified.
    '--no-mtime',
    ...engineArgs(engine),
    '-f',
    webOnly(audio ? 'ba/b' : 'bv*+ba/b'),
    ...(sort.length > 0 ? ['-S', sort.join(',')] : []),
    ...(merge ? ['--merge-output-format', merge] : []),
    '--max-filesize',
    String(req.maxFileBytes),
    '-o',
    req.outputTemplate,
  ];
  if (req.start !== null || req.end !== null) {
    args.push('--download-sections', `*${req.start ?? 0}-${req.end ?? 'inf'}`, '--force-keyframes-at-cuts');
  }
  if (req.subtitles.length > 0) {
    const source = req.subtitleSource ?? 'manual';
    // Both flags: yt-dlp takes the uploader's track of a language first, captions otherwise.
    if (source !== 'auto') args.push('--write-subs');
    if (source !== 'manual') args.push('--write-auto-subs');
    args.push('--sub-langs', req.subtitles.join(','));
  }
  // Printed before the match filter below decides: a refused live source says so.
  args.push('--print', `pre_process:${LIVE_PREFIX}%(is_live)s`);
  if (!req.live) args.push('--match-filter', '!is_live');
  else {
    // The ffmpeg yt-dlp records with stops after max_duration seconds, and the file is whole.
    args.push('--downloader-args', `ffmpeg_o:-t ${req.live.maxDuration}`);
    if (req.live.fromStartFlag) args.push('--live-from-start');
  }
  args.push('--', url);
  return args;
}

function engineArgs(engine: EngineOptions): string[] {
  const args: string[] = [];
  if (engine.proxy !== undefined) args.push('--proxy', engine.proxy);
  // yt-dlp treats the value as a path and warns "does not exist" for a bare name.
  if (engine.ffmpegPath?.includes('/')) args.push('--ffmpeg-location', engine.ffmpegPath);
  return args;
}

function resolutionSort(quality: DownloadQuality): string {
  if (quality === 'best') return 'res';
  if (quality === 'worst') return '+res';
  return `res:${quality.slice(0, -1)}`;
}

/** `vcodec:h264` ranks h264 first, then the codecs listed below it in yt-dlp's order. */
function videoCodecPreference(format: DownloadFormat): string[] {
  switch (format) {
    case 'mp4':
    case 'mov':
      return ['vcodec:h264', 'acodec:aac'];
    case 'webm':
      return ['vcodec:vp9', 'acodec:opus'];
    case 'mkv': // takes any codec by copy
    case 'original':
    case 'mp3':
    case 'm4a':
    case 'opus':
    case 'wav':
    case 'flac':
      return [];
  }
}

function audioCodecPreference(format: DownloadFormat): string[] {
  switch (format) {
    case 'mp3':
      return ['acodec:mp3'];
    case 'm4a':
    case 'mp4':
    case 'mov':
      return ['acodec:aac'];
    case 'opus':
    case 'webm':
      return ['acodec:opus'];
    case 'wav': // decoded anyway: the best-sounding source wins (yt-dlp's default order)
    case 'flac':
    case 'mkv':
    case 'original':
      return [];
  }
}

/** The target when the chosen codecs fit it, else mkv (which takes anything). */
function mergeFormats(format: DownloadFormat): string | null {
  switch (format) {
    case 'mp4':
    case 'webm':
    case 'mov':
      return `${format}/mkv`;
    case 'mkv':
      return 'mkv';
    default:
      return null; // 'original': yt-dlp's own choice
  }
}

/** Percent done (0-100) from a VCPROG line; null for any other line or unknown totals. */
export function parseProgressLine(line: string): number | null {
  const parts = line.trim().split(/\s+/);
  if (parts[0] !== PROGRESS_PREFIX) return null;
  const [done, total, estimate, fragIndex, fragCount] = parts.slice(1).map(num);
  let pct: number | null = null;
  const size = total ?? estimate;
  if (done !== null && size !== null && size > 0) pct = (done / size) * 100;
  else if (fragIndex !== null && fragCount !== null && fragCount > 0) pct = (fragIndex / fragCount) * 100;
  return pct === null ? null : Math.min(100, Math.max(0, pct));
}

function num(s: string | undefined): number | null {
  if (s === undefined || s === 'NA') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** What the extractor says about the source (strings as given; dates as YYYYMMDD). */
export interface SourceMeta {
  title: string | null;
  uploader: string | null;
  uploadDate: string | null;
  description: string | null;
  webpageUrl: string | null;
  /** Seconds, as the extractor declares them (with --download-sections: the section's length). */
  duration: number | null;
  /** The platform's chapters, in the uncut source's times. */
  chapters: Chapter[];
}

export interface DownloadOutput {
  /** The final file. null after exit 0 means yt-dlp skipped it: over --max-filesize. */
  filepath: string | null;
  /** Language code -> subtitle file, for the languages that existed. */
  subtitles: Record<string, string>;
  meta: SourceMeta;
  /** What the extractor said before the download (VCLIVE); null when nothing was said. */
  isLive: boolean | null;
}

const NO_META: SourceMeta = { title: null, uploader: null, uploadDate: null, description: null, webpageUrl: null, duration: null, chapters: [] };

/** Reads the VCFILE/VCSUBS/VCMETA lines of a download run's stdout. */
export function parseDownloadOutput(stdout: string): DownloadOutput {
  const out: DownloadOutput = { filepath: null, subtitles: {}, meta: NO_META, isLive: null };
  for (const line of stdout.split('\n')) {
    if (line.startsWith(FILE_PREFIX)) out.filepath = line.slice(FILE_PREFIX.length);
    if (line.startsWith(LIVE_PREFIX)) out.isLive = line.slice(LIVE_PREFIX.length).trim() === 'True';
    if (line.startsWith(META_PREFIX)) out.meta = parseMeta(line.slice(META_PREFIX.length));
    if (!line.startsWith(SUBS_PREFIX)) continue;
    try {
      const subs = JSON.parse(line.slice(SUBS_PREFIX.length)) as unknown;
      if (subs === null || typeof subs !== 'object') continue;
      for (const [lang, sub] of Object.entries(subs as Record<string, { filepath?: unknown }>)) {
        if (typeof sub?.filepath === 'string') out.subtitles[lang] = sub.filepath;
      }
    } catch {
      // NA (nothing requested) or a line we do not understand: no subtitles
    }
  }
  return out;
}

function parseMeta(json: string): SourceMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return NO_META;
  }
  if (!raw || typeof raw !== 'object') return NO_META;
  const r = raw as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  return {
    title: str(r.title),
    uploader: str(r.uploader),
    uploadDate: str(r.upload_date),
    description: str(r.description),
    webpageUrl: str(r.webpage_url),
    duration: typeof r.duration === 'number' && Number.isFinite(r.duration) && r.duration > 0 ? r.duration : null,
    chapters: (Array.isArray(r.chapters) ? r.chapters : []).flatMap((c): Chapter[] => {
      const x = (c ?? {}) as Record<string, unknown>;
      const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
      const start = n(x.start_time);
      return start === null ? [] : [{ start, end: n(x.end_time), title: str(x.title) }];
    }),
  };
}
