// What a job result says about its output files: their names and their media types. The
// download route, the links in the job view and the upload to object storage all ask here.
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

type Result = Record<string, unknown> | null | undefined;

/** The result's own file, then the extra files (`files[]`: names, or objects with a `filename`). */
export function outputNames(result: Result): string[] {
  if (!result) return [];
  const extra = Array.isArray(result.files) ? result.files : [];
  const names = [result.filename, ...extra.map((f: unknown) => (f && typeof f === 'object' ? (f as { filename?: unknown }).filename : f))];
  return names.filter((n): n is string => typeof n === 'string' && n !== '');
}

const BY_EXTENSION: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.opus': 'audio/ogg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.zip': 'application/zip',
};

/** A media type from the file name alone (extra files carry none of their own). */
export function mimeForName(name: string): string {
  return BY_EXTENSION[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The media type to serve `filename` with: the result's `mime_type` for its own file (ffprobe
 * knows better than the extension), a `files[]` entry's `mime_type` when it has one, else the
 * extension's.
 */
export function outputMime(result: Result, filename: string): string {
  if (result && result.filename === filename && typeof result.mime_type === 'string') return result.mime_type;
  const extra = result && Array.isArray(result.files) ? (result.files as unknown[]) : [];
  for (const f of extra) {
    const entry = f && typeof f === 'object' ? (f as { filename?: unknown; mime_type?: unknown }) : null;
    if (entry?.filename === filename && typeof entry.mime_type === 'string') return entry.mime_type;
  }
  return mimeForName(filename);
}

export interface OutputFile {
  /** Relative to the output folder, `/`-separated. */
  name: string;
  path: string;
  bytes: number;
}

/**
 * The regular files under a scratch output folder (none when it does not exist). Symbolic
 * links and other special files are skipped: publishing follows no link, so a handler tricked
 * into leaving one cannot publish a file from elsewhere on the worker.
 */
export async function listOutputFiles(dir: string, sub = ''): Promise<OutputFile[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(path.join(dir, sub), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: OutputFile[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listOutputFiles(dir, name)));
    else if (e.isFile()) out.push({ name, path: path.join(dir, name), bytes: (await fs.stat(path.join(dir, name))).size });
  }
  return out;
}
