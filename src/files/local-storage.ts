// Outputs in a folder (VC_STORAGE_URL=file://…, default <data dir>/files): one host, or
// several sharing the folder (NFS). Links are signed /v1/files paths served by this service.
import fs from 'node:fs/promises';
import path from 'node:path';
import { jobKey } from './location.js';
import { listOutputFiles } from './outputs.js';
import { signFilePath } from './signing.js';
import type { OutputRef, OutputStorage, PublishedFile } from './storage.js';

export class LocalStorage implements OutputStorage {
  readonly kind = 'file';

  constructor(
    readonly root: string,
    private readonly publicUrl: string | null,
    private readonly signingSecret: string,
  ) {}

  async publish(jobId: string, attempt: number, dir: string, _mimeOf: (name: string) => string, signal?: AbortSignal): Promise<PublishedFile[]> {
    const dest = path.join(this.root, jobKey('', jobId, attempt));
    await fs.rm(dest, { recursive: true, force: true });
    const files = await listOutputFiles(dir);
    for (const f of files) {
      signal?.throwIfAborted();
      const to = path.join(dest, ...f.name.split('/'));
      await fs.mkdir(path.dirname(to), { recursive: true });
      await move(f.path, to);
    }
    return files.map(({ name, bytes }) => ({ name, bytes }));
  }

  link(output: OutputRef, expiresAt: Date): string {
    return `${this.publicUrl ?? ''}${signFilePath(this.signingSecret, output.jobId, output.filename, expiresAt)}`;
  }

  /**
   * The file to send: the attempt's, else the job folder's own (outputs published before
   * attempt folders existed lie directly in `<root>/<job id>/`).
   */
  async pathOf(output: Pick<OutputRef, 'jobId' | 'attempt' | 'filename'>): Promise<string> {
    const current = path.join(this.root, output.jobId, String(output.attempt), output.filename);
    const exists = await fs.stat(current).then(
      () => true,
      () => false,
    );
    return exists ? current : path.join(this.root, output.jobId, output.filename);
  }

  async deleteAttempt(jobId: string, attempt: number): Promise<void> {
    await fs.rm(path.join(this.root, jobId, String(attempt)), { recursive: true, force: true });
    // The job's folder too when that was all it held (a job that never completes is never swept).
    await fs.rmdir(path.join(this.root, jobId)).catch(() => undefined);
  }

  async deleteOtherAttempts(jobId: string, keep: number): Promise<void> {
    const entries = await fs.readdir(path.join(this.root, jobId), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory() && /^\d+$/.test(e.name) && Number(e.name) !== keep) await fs.rm(path.join(this.root, jobId, e.name), { recursive: true, force: true });
    }
  }

  async deleteJob(jobId: string): Promise<void> {
    await fs.rm(path.join(this.root, jobId), { recursive: true, force: true });
  }

  /** The folder can take a new entry (a real write: access(W_OK) is fooled by read-only mounts). */
  async check(): Promise<string | null> {
    try {
      await fs.mkdir(this.root, { recursive: true });
      await fs.rm(await fs.mkdtemp(path.join(this.root, '.vc-check-')), { recursive: true, force: true });
      return null;
    } catch (err) {
      return `${this.root} is not writable: ${(err as Error).message}`;
    }
  }

  close(): void {}
}

/** rename(), or copy and delete when the scratch folder is on another file system. */
async function move(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await fs.copyFile(from, to);
    await fs.rm(from, { force: true });
  }
}
