// A download through yt-dlp as one call: the file (as an input ffmpeg may open), its subtitle
// side files, what the extractor says about it, and what the source declared about its
// duration. Any failure is a JobFailure value (runner.ts).
import fs from 'node:fs';
import { jobFailure, type JobFailure } from '../../errors.js';
import { localMedia, localSubtitles, type MediaInput } from '../ffmpeg/input.js';
import type { DeclaredInput } from '../ffmpeg/stderr.js';
import type { RunScope } from '../process/scope.js';
import { parseDownloadOutput, parseProgressLine, type SourceMeta } from './args.js';
import type { Ytdlp } from './runner.js';

export interface DownloadedSource {
  /** The downloaded file, as ffmpeg may open it. */
  input: MediaInput;
  subtitles: { lang: string; input: MediaInput }[];
  meta: SourceMeta;
  /** The input dumps of the ffmpeg yt-dlp downloaded with (--download-sections): the source's header. */
  ffmpegInputs: DeclaredInput[];
  /** The extractor called it a live stream (then it was recorded: `live` was given). */
  isLive: boolean;
}

export interface FetchOptions {
  /** The run's working directory (output templates are relative to nothing else). */
  cwd: string;
  /** The --max-filesize the argv carries, for the error message. */
  maxFileBytes: number;
  /** Percent of the download (0–100). */
  onProgress?: (pct: number) => void;
  /** Input options for the ffmpeg yt-dlp records a live stream with (its start). */
  ffmpegInputArgs?: string[];
}

/** What a live source without `live` fails with: fast, before anything is recorded. */
export const LIVE_REFUSED = jobFailure(
  'limit_exceeded',
  'The source is a live stream. To record it, pass "live": {"max_duration": <seconds>} (add "from_start": true to record from the start of what the stream still offers).',
);

/** Runs a download argv (args.ts downloadArgs, resolve.ts previewDownloadArgs) to its file. */
export async function fetchSource(ytdlp: Ytdlp, argv: string[], url: string, scope: RunScope, o: FetchOptions): Promise<DownloadedSource | JobFailure> {
  const tooLarge = jobFailure('limit_exceeded', `The source is larger than ${o.maxFileBytes} bytes.`);
  const run = await ytdlp.run(argv, url, scope, {
    cwd: o.cwd,
    onStdoutLine: o.onProgress
      ? (line) => {
          const pct = parseProgressLine(line);
          if (pct !== null) o.onProgress?.(pct);
        }
      : undefined,
    classify: (stderr) => (/max-filesize/i.test(stderr) ? tooLarge : null),
    ffmpegInputArgs: o.ffmpegInputArgs,
  });
  if ('code' in run) return run;
  const out = parseDownloadOutput(run.stdout);
  // Exit 0 without a file: a live source the match filter skipped (downloadArgs without
  // `live`), or a file over --max-filesize.
  if (!out.filepath || !fs.existsSync(out.filepath)) return out.isLive ? LIVE_REFUSED : tooLarge;
  return {
    input: localMedia(out.filepath),
    subtitles: Object.entries(out.subtitles).map(([lang, file]) => ({ lang, input: localSubtitles(file) })),
    meta: out.meta,
    ffmpegInputs: run.ffmpegInputs,
    isLive: out.isLive === true,
  };
}

const TAG_MAX_DESCRIPTION = 1000;

/** The tags a download embeds (embed_metadata): title, artist, date, the source URL, description. */
export function metadataTags(meta: SourceMeta, url: string): Record<string, string> {
  const tags: Record<string, string> = { comment: meta.webpageUrl ?? url };
  if (meta.title) tags.title = meta.title;
  if (meta.uploader) tags.artist = meta.uploader;
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(meta.uploadDate ?? '');
  if (d) tags.date = `${d[1]}-${d[2]}-${d[3]}`;
  if (meta.description) tags.description = meta.description.slice(0, TAG_MAX_DESCRIPTION);
  return tags;
}
