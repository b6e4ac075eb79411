// The closed registry of job types. Each row is everything the service knows about a type:
// the schema of its stored payload (checked when a worker claims the job), its handler, its
// policy (attempts, wall time, per-worker concurrency) and its price. The compiler rejects a
// type without a row, and a handler that reads a required field its schema does not have.
import type { Static, TSchema } from '@sinclair/typebox';
import type { Config } from '../config.js';
import { runComments, type CommentsResult } from './comments.js';
import { chargedItems, runDownload, type DownloadResult } from './download.js';
import { runFingerprint, type FingerprintResult } from './fingerprint.js';
import * as payloads from './payloads.js';
import { runPreview, type PreviewResult } from './preview.js';
import { runTranscribe, type TranscribeResult } from './transcribe.js';
import { runTranslate, type TranslateResult } from './translate.js';
import type { Handler, HandlerOutcome, JobContext } from './types.js';

export const JOB_TYPES = ['download', 'comments', 'preview', 'transcribe', 'translate', 'fingerprint'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** Credits for a synchronous GET/POST /v1/info lookup (not a job; reserved, refunded on failure). */
export const INFO_PRICE = 1;

export interface JobPolicy {
  /** Attempts after infrastructure faults or crashes (expected failures are never retried). */
  maxAttempts: number;
  /** Wall-time ceiling of one attempt. */
  timeoutSeconds: number;
  /**
   * Types sharing a group run at most `max` at once in one worker process (on top of
   * VC_JOB_CONCURRENCY); null: no cap of their own.
   */
  limit: { group: string; max: number } | null;
}

export interface JobDefinition<S extends TSchema, R> {
  payload: S;
  handler: Handler<Static<S>, R>;
  policy(config: Readonly<Config>): JobPolicy;
  /** Credits charged when the job is accepted. */
  price(payload: Static<S>): number;
}

export interface Registry {
  download: JobDefinition<typeof payloads.DownloadPayload, DownloadResult>;
  comments: JobDefinition<typeof payloads.CommentsPayload, CommentsResult>;
  preview: JobDefinition<typeof payloads.PreviewPayload, PreviewResult>;
  transcribe: JobDefinition<typeof payloads.TranscribePayload, TranscribeResult>;
  translate: JobDefinition<typeof payloads.TranslatePayload, TranslateResult>;
  fingerprint: JobDefinition<typeof payloads.FingerprintPayload, FingerprintResult>;
}

const standard = (config: Readonly<Config>): JobPolicy => ({ maxAttempts: config.jobMaxAttempts, timeoutSeconds: config.jobTimeoutSeconds, limit: null });
// Transcription and translation share the faster-whisper processes: more jobs than processes
// would only queue inside the pool while holding a worker slot other types could use.
const whisper = (config: Readonly<Config>): JobPolicy => ({ ...standard(config), limit: { group: 'whisper', max: config.whisperWorkers } });

const HIGH_QUALITIES: ReadonlySet<string> = new Set(['best', '1440p', '2160p']);
const TRANSCRIBE_PRICE = 3;

export const registry: Registry = {
  download: {
    payload: payloads.DownloadPayload,
    handler: runDownload,
    policy: standard,
    // Per item: 1, 2 for best/1440p/2160p video (the payload's audio_only already counts audio
    // formats: mp3, m4a…), plus a transcription for subtitles_source whisper. A playlist is
    // charged for max_items; what it does not deliver is refunded when it completes.
    price: (p) => ((!p.audio_only && HIGH_QUALITIES.has(p.quality) ? 2 : 1) + (p.subtitles_source === 'whisper' ? TRANSCRIBE_PRICE : 0)) * chargedItems(p),
  },
  comments: { payload: payloads.CommentsPayload, handler: runComments, policy: standard, price: () => 1 },
  preview: { payload: payloads.PreviewPayload, handler: runPreview, policy: standard, price: () => 1 },
  transcribe: { payload: payloads.TranscribePayload, handler: runTranscribe, policy: whisper, price: () => TRANSCRIBE_PRICE },
  translate: { payload: payloads.TranslatePayload, handler: runTranslate, policy: whisper, price: () => 4 },
  fingerprint: { payload: payloads.FingerprintPayload, handler: runFingerprint, policy: standard, price: () => 1 },
};

/** A row as the queue and the accept path use it, whatever its type. */
export interface AnyJobDefinition {
  payload: TSchema;
  handler(payload: unknown, ctx: JobContext): Promise<HandlerOutcome<unknown>>;
  policy(config: Readonly<Config>): JobPolicy;
  price(payload: unknown): number;
}

export function isJobType(type: string): type is JobType {
  return (JOB_TYPES as readonly string[]).includes(type);
}

/** The row of `type` (undefined for a type this version does not know). */
export function definitionOf(reg: Registry, type: string): AnyJobDefinition | undefined {
  return isJobType(type) ? (reg[type] as unknown as AnyJobDefinition) : undefined;
}

/** Credits a job of `type` with this payload costs. */
export function priceOf(reg: Registry, type: JobType, payload: unknown): number {
  return (reg[type] as unknown as AnyJobDefinition).price(payload);
}

/** The registry with some handlers replaced (tests inject handlers; schemas, policies and prices stay). */
export function withHandlers(reg: Registry, handlers: { [K in JobType]?: Registry[K]['handler'] }): Registry {
  const out = { ...reg } as Record<JobType, AnyJobDefinition>;
  for (const type of JOB_TYPES) {
    const h = handlers[type];
    if (h) out[type] = { ...out[type], handler: h as AnyJobDefinition['handler'] };
  }
  return out as unknown as Registry;
}
