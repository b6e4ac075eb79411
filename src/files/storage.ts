// Job outputs in shared storage. A handler writes its files into a local scratch folder on the
// worker (ctx.outputDir); right before the fenced completion the attempt publishes that folder
// under keys of its own, `<job id>/<attempt>/<name>`. Nothing links to those objects until
// the job row says `completed` with that attempt, so an attempt that loses its claim (the job
// was cancelled, or recovered by another worker) never becomes visible, and deletes its
// objects. Two implementations: a folder (file://, local-storage.ts) and an S3 bucket
// (s3://, s3-storage.ts).
import type { Config } from '../config.js';
import { LocalStorage } from './local-storage.js';
import { S3Storage } from './s3-storage.js';

/** One output file of one attempt, as a link names it. */
export interface OutputRef {
  jobId: string;
  attempt: number;
  filename: string;
  /** The type the download is served with. */
  mimeType: string;
}

export interface PublishedFile {
  /** Path relative to the output folder, with `/` separators. */
  name: string;
  bytes: number;
}

export interface OutputStorage {
  /**
   * Copies every file under `dir` (a worker's local scratch) to attempt `attempt` of `jobId`.
   * Invisible until the job completes with this attempt. `signal` aborts an upload.
   */
  publish(jobId: string, attempt: number, dir: string, mimeOf: (name: string) => string, signal?: AbortSignal): Promise<PublishedFile[]>;
  /**
   * A download link valid until `expiresAt` (or less: presigned S3 links live at most 7 days
   * and no longer than the credentials that sign them). Synchronous on purpose: job views are
   * built in many places, some of them inside a transaction.
   */
  link(output: OutputRef, expiresAt: Date): string;
  /** Deletes one attempt's objects: one that did not complete the job. */
  deleteAttempt(jobId: string, attempt: number): Promise<void>;
  /** Deletes the objects of every attempt but `keep` (attempts that died after uploading). */
  deleteOtherAttempts(jobId: string, keep: number): Promise<void>;
  /** Deletes everything of a job (retention). */
  deleteJob(jobId: string): Promise<void>;
  /** null when the storage answers; else what is wrong, for readyz and doctor. */
  check(): Promise<string | null>;
  close(): void;
}

export type Storage = LocalStorage | S3Storage;

export interface StorageDeps {
  /** Signs /v1/files links (folder storage). */
  signingSecret: string;
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

/**
 * The storage `config.storage` names. S3: resolves credentials (the standard AWS chain) and
 * the endpoint once; throws with what to set when there are no credentials. The bucket is
 * not contacted: check() (readyz, doctor) does that.
 */
export async function openStorage(config: Readonly<Config>, deps: StorageDeps): Promise<Storage> {
  const s = config.storage;
  if (s.kind === 'file') return new LocalStorage(s.root, config.publicUrl, deps.signingSecret);
  return S3Storage.open(s, deps.log);
}

