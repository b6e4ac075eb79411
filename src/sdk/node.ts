// Node-only helpers (files on disk). Kept apart from the rest of the SDK, which also runs in
// browsers.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { Job, VideoConduit } from './client.js';

export interface JobOutput {
  /** File name as the server names it (Content-Disposition). */
  filename: string;
  url: string;
}

/** The downloadable outputs of a completed job: the main file, then extra files (storyboards, chapters, sidecars). */
export function jobOutputs(job: Job): JobOutput[] {
  const out: JobOutput[] = [];
  const result = (job.result ?? {}) as Record<string, unknown>;
  if (job.download_url && typeof result.filename === 'string') out.push({ filename: result.filename, url: job.download_url });
  for (const [key, value] of Object.entries(result)) {
    const name = result[`${key.slice(0, -'_url'.length)}_filename`];
    if (key.endsWith('_url') && typeof value === 'string' && typeof name === 'string') out.push({ filename: name, url: value });
  }
  const files = Array.isArray(result.files) ? (result.files as unknown[]) : [];
  for (const f of files) {
    const entry = f as { filename?: unknown; download_url?: unknown };
    if (entry && typeof entry.filename === 'string' && typeof entry.download_url === 'string' && !out.some((o) => o.filename === entry.filename)) {
      out.push({ filename: entry.filename, url: entry.download_url });
    }
  }
  return out;
}

/** Streams one URL to `file` (through a temporary name, so a broken transfer leaves nothing behind). */
export async function downloadTo(client: VideoConduit, url: string, file: string): Promise<number> {
  const res = await client.fetchFile(url);
  if (!res.body) throw new Error(`no body for ${url}`);
  const tmp = `${file}.part`;
  let bytes = 0;
  const body = Readable.fromWeb(res.body as unknown as NodeReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => (bytes += chunk.length));
  try {
    await pipeline(body, createWriteStream(tmp));
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return bytes;
}

/** Writes every output of a completed job into `dir` under its own file name; returns the paths. */
export async function saveJobOutputs(client: VideoConduit, job: Job, dir: string): Promise<{ path: string; bytes: number }[]> {
  await mkdir(dir, { recursive: true });
  const saved: { path: string; bytes: number }[] = [];
  for (const o of jobOutputs(job)) {
    // The server sanitises names already; basename keeps a hostile server inside `dir` too.
    const file = path.join(dir, path.basename(o.filename));
    saved.push({ path: file, bytes: await downloadTo(client, o.url, file) });
  }
  return saved;
}
