// The closed registry of job types: the compiler rejects a type without a handler or policy.
import type { Config } from '../config.js';
import { runComments, type CommentsPayload, type CommentsResult } from './comments.js';
import { runDownload, type DownloadPayload, type DownloadResult } from './download.js';
import { runFingerprint, type FingerprintPayload, type FingerprintResult } from './fingerprint.js';
import { runPreview, type PreviewPayload, type PreviewResult } from './preview.js';
import { runTranscribe, type TranscribePayload, type TranscribeResult } from './transcribe.js';
import { runTranslate, type TranslatePayload, type TranslateResult } from './translate.js';
import type { Handler } from './types.js';

export const JOB_TYPES = ['download', 'comments', 'preview', 'transcribe', 'translate', 'fingerprint'] as const;
export type JobType = (typeof JOB_TYPES)[number];

interface Payloads {
  fingerprint: FingerprintPayload;
  download: DownloadPayload;
  comments: CommentsPayload;
  preview: PreviewPayload;
  transcribe: TranscribePayload;
  translate: TranslatePayload;
}
interface Results {
  fingerprint: FingerprintResult;
  download: DownloadResult;
  comments: CommentsResult;
  preview: PreviewResult;
  transcribe: TranscribeResult;
  translate: TranslateResult;
}

export const handlers: { [K in JobType]: Handler<Payloads[K], Results[K]> } = {
  fingerprint: runFingerprint,
  download: runDownload,
  comments: runComments,
  preview: runPreview,
  transcribe: runTranscribe,
  translate: runTranslate,
};

export interface JobPolicy {
  /** Attempts after infrastructure faults or crashes (expected failures are never retried). */
  maxAttempts: number;
  /** Wall-time ceiling of one attempt. */
  timeoutSeconds: number;
}

export function jobPolicy(config: Readonly<Config>): { [K in JobType]: JobPolicy } {
  return {
    fingerprint: { maxAttempts: config.jobMaxAttempts, timeoutSeconds: config.jobTimeoutSeconds },
    download: { maxAttempts: config.jobMaxAttempts, timeoutSeconds: config.jobTimeoutSeconds },
    comments: { maxAttempts: config.jobMaxAttempts, timeoutSeconds: config.jobTimeoutSeconds },
    preview: { maxAttempts: config.jobMaxAttempts, timeoutSeconds: config.jobTimeoutSeconds },
    transcribe: { maxAttempts: config.jobMaxAttempts, timeoutSeconds: config.jobTimeoutSeconds },
    translate: { maxAttempts: config.jobMaxAttempts, timeoutSeconds: config.jobTimeoutSeconds },
  };
}
