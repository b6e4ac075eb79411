// A download job's result: the file at download_url described (the video, or a ZIP of the
// job's files when there are several to take away: chapters, playlist entries), and files[]
// with every output file (its own signed link is added by jobs/view.ts).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { safeFilename } from '../files/signing.js';
import type { JobFailure } from '../errors.js';
import type { MediaInfo } from '../media/ffmpeg/media-info.js';
import type { OutputFile } from './download-extras.js';
import type { DownloadedItem } from './download-item.js';
import type { FileResult, JobContext } from './types.js';
import { writeZip } from './zip.js';

export interface ResultFile {
  /** The playlist entry (1-based) this file comes from; 1 outside playlists. */
  index: number;
  kind: OutputFile['kind'] | 'entry';
  title: string | null;
  source_url: string | null;
  /** null for an entry that failed (see error). */
  filename: string | null;
  size_bytes: number | null;
  duration: number | null;
  mime_type: string | null;
  /** Subtitle files: the language. */
  language: string | null;
  error: { code: string; detail: string } | null;
}

export interface DownloadResult extends FileResult {
  filename: string;
  size_bytes: number;
  mime_type: string;
  duration: number | null;
  width: number | null;
  height: number | null;
  vcodec: string | null;
  acodec: string | null;
  format: string;
  sha256: string;
  /** Chapters written into the file (embed_chapters). */
  chapters?: { start_time: number; end_time: number; title: string | null }[];
  subtitles?: { language: string; source: 'platform' | 'whisper'; embedded: boolean }[];
  /** The source was a live stream, recorded (live.max_duration). */
  live?: boolean;
  files?: ResultFile[];
  playlist?: { id: string | null; title: string | null; webpage_url: string | null; entries: number; downloaded: number; failed: number };
}

export async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** One output file as files[] lists it. */
export async function resultFile(f: OutputFile, index: number, sourceUrl: string | null): Promise<ResultFile> {
  return {
    index,
    kind: f.kind,
    title: f.title,
    source_url: sourceUrl,
    filename: path.basename(f.path),
    size_bytes: (await stat(f.path)).size,
    duration: f.duration,
    mime_type: f.mime,
    language: f.language,
    error: null,
  };
}

/** A failed playlist entry as files[] lists it (refunded). */
export function failedEntry(index: number, title: string | null, sourceUrl: string, failure: JobFailure): ResultFile {
  return { index, kind: 'entry', title, source_url: sourceUrl, filename: null, size_bytes: null, duration: null, mime_type: null, language: null, error: { code: failure.code, detail: failure.detail } };
}

/** Media facts of the result (of the whole file, also when only its chapters were kept). */
export function mediaFacts(m: MediaInfo): Pick<DownloadResult, 'duration' | 'width' | 'height' | 'vcodec' | 'acodec'> {
  return {
    duration: m.duration,
    width: m.hasVideo ? m.width : null,
    height: m.hasVideo ? m.height : null,
    vcodec: m.hasVideo ? m.vcodec : null,
    acodec: m.hasAudio ? m.acodec : null,
  };
}

/** `<name>.zip` in the output directory holding `files`; returns the ZIP's description. */
export async function zipOf(files: ResultFile[], name: string, ctx: JobContext): Promise<Pick<DownloadResult, 'filename' | 'size_bytes' | 'mime_type' | 'format' | 'sha256'>> {
  const taken = new Set(files.map((f) => f.filename));
  let filename = `${safeFilename(name, 'download')}.zip`;
  for (let n = 2; taken.has(filename); n++) filename = `${safeFilename(name, 'download')} (${n}).zip`;
  const out = path.join(ctx.outputDir, filename);
  const entries = files.flatMap((f) => (f.filename ? [{ path: path.join(ctx.outputDir, f.filename), name: f.filename }] : []));
  try {
    const size = await writeZip(out, entries, ctx.signal);
    return { filename, size_bytes: size, mime_type: 'application/zip', format: 'zip', sha256: await sha256(out) };
  } catch (err) {
    await rm(out, { force: true });
    throw err;
  }
}

/** The result of a single-video job. */
export async function itemResult(item: DownloadedItem, ctx: JobContext): Promise<DownloadResult> {
  const files = await Promise.all(item.files.map((f) => resultFile(f, 1, item.sourceUrl)));
  const extras = {
    chapters: item.chapters.map((c) => ({ start_time: round(c.start), end_time: round(c.end ?? c.start), title: c.title })),
    subtitles: item.subtitles,
    ...(item.live ? { live: true } : {}),
    ...(files.length > 1 || files.some((f) => f.kind !== 'media') ? { files } : {}),
  };
  const facts = mediaFacts(item.media.info);
  if (item.media.inOutput) {
    const filename = path.basename(item.media.file);
    return { filename, size_bytes: item.media.info.sizeBytes, mime_type: item.media.mime, ...facts, format: path.extname(filename).slice(1), sha256: await sha256(item.media.file), ...extras };
  }
  // Split into chapters: the ZIP of the chapter files (and side files) is the download.
  const zip = await zipOf(files, path.basename(item.media.file).replace(/\.[^.]+$/, ''), ctx);
  return { ...zip, ...facts, ...extras };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
