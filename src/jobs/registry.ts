// The closed registry of job types: the compiler rejects a type without a handler or policy.
import type { Config } from '../config.js';
import { runDownload, type DownloadPayload, type DownloadResult } from './download.js';
import type { Handler } from './types.js';

export const JOB_TYPES = ['download'] as const;
export type JobType = (typeof JOB_TYPES)[number];

interface Payloads {
  download: DownloadPayload;
}
interface Results {
  download: DownloadResult;
}

export const handlers: { [K in JobType]: Handler<Payloads[K], Results[K]> } = {
  download: runDownload,
};

export interface JobPolicy {
  /** Attempts after infrastructure faults or crashes (expected failures are never retried). */
  maxAttempts: number;
  /** Wall-time ceiling of one attempt. */
  timeoutSeconds: number;
}

export function jobPolicy(config: Readonly<Config>): { [K in JobType]: JobPolicy } {
  return {
    download: { maxAttempts: config.jobMaxAttempts, timeoutSeconds: config.jobTimeoutSeconds },
  };
}
