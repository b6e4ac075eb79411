// What a job handler sees and returns.
import type { Config } from '../config.js';
import type { JobFailure } from '../errors.js';
import type { Engines } from '../engines.js';
import type { SourceCookies } from '../media/process/scope.js';
import type { UrlPolicy } from '../net/urlpolicy.js';
import type { Store } from '../store/db.js';

export interface JobContext {
  jobId: string;
  accountId: string;
  attempt: number;
  /** Credits the job was charged at submit (a playlist's refund is a share of them). */
  creditsCharged: number;
  config: Readonly<Config>;
  engines: Engines;
  urlPolicy: UrlPolicy;
  /** For handlers whose work is stored beyond the job row (fingerprints and their index). */
  store: Store;
  signal: AbortSignal;
  /** Scratch space for this attempt; removed when the attempt ends. */
  workDir: string;
  /**
   * Where outputs go: local scratch of this attempt (inside workDir), published to the output
   * storage (a folder or S3) right before the job completes; links are made from there.
   */
  outputDir: string;
  /** Seconds this attempt may still run (the job wall-time ceiling). */
  remainingMs(): number;
  progress(percent: number, stage?: string): void;
  /** Records the engine process group so a crash recovery can kill orphans. */
  onProcess(pid: number | null): void;
  log(msg: string, extra?: Record<string, unknown>): void;
  /** The job's cookies (yt-dlp's file, the egress proxy's matcher); null or absent without `cookies`. */
  cookies?: SourceCookies | null;
}

/**
 * What a handler returns. `refund`: credits to give back when the job completes (for work
 * charged at submit and not done, such as a playlist's entries that were not downloaded),
 * at most the charge, exactly once (queue/lifecycle.ts).
 */
export type HandlerOutcome<R> = { ok: true; result: R; refund?: number } | { ok: false; failure: JobFailure };

export type Handler<P, R> = (payload: P, ctx: JobContext) => Promise<HandlerOutcome<R>>;

/** A result that names a file in outputDir gets a signed download_url. */
export interface FileResult {
  filename: string;
  mime_type: string;
}
