// POST /v1/fingerprint: the source is downloaded at <=480p (yt-dlp, as previews do), then
// the imagehash-compatible frame hashes at `timestamp`, the whole-video fingerprint (visual
// samples + Chromaprint), storage in the account's index, and matching against the
// account's earlier fingerprints.
import { jobFailure, type JobFailure } from '../errors.js';
import { fingerprintFile, hashFrameAt } from '../media/fingerprint/extract.js';
import type { FrameHashes } from '../media/fingerprint/imagehash.js';
import { compareFingerprints, type Segment, type VideoPrint } from '../media/fingerprint/match.js';
import { candidateFingerprints, encodeAudio, encodeVisual, rowToPrint, saveFingerprint } from '../store/fingerprints.js';
import { openDownloaded } from '../media/source/open.js';
import type { HandlerOutcome, JobContext } from './types.js';

export type HashSize = 8 | 16 | 32;

export interface FingerprintPayload {
  url: string;
  /** Seconds; null = 25% of the duration. */
  timestamp: number | null;
  hash_size: HashSize;
}

export interface FingerprintMatch {
  job_id: string;
  similarity: number;
  visual_similarity: number | null;
  audio_similarity: number | null;
  speed: number;
  offset: number;
  segments: Segment[];
}

export interface FingerprintResult extends FrameHashes {
  hash_size: HashSize;
  timestamp: number;
  duration: number;
  fingerprint: {
    version: 1;
    /** Seconds between visual samples. */
    visual_interval: number;
    /** base64: 8 bytes (big-endian 64-bit DCT hash) per sample. */
    visual: string;
    /** base64: Chromaprint raw items, 4 bytes little-endian each; null without audio. */
    audio: string | null;
    audio_item_seconds: number;
  };
  matches: FingerprintMatch[];
}

/** Frames are hashed at <=480p: plenty for a 128x128 pHash, and decoding stays cheap. */
const SOURCE_HEIGHT = 480;

export async function runFingerprint(p: FingerprintPayload, ctx: JobContext): Promise<HandlerOutcome<FingerprintResult>> {
  const fail = (failure: JobFailure) => ({ ok: false as const, failure });
  ctx.progress(2, 'downloading source');
  const src = await openDownloaded(p.url, ctx, { height: SOURCE_HEIGHT, withAudio: true });
  if ('code' in src) return fail(src);
  const input = src.video.input;
  const duration = src.duration;
  const timestamp = p.timestamp ?? duration * 0.25;
  if (timestamp >= duration) return fail(jobFailure('out_of_range', `timestamp ${timestamp} s is not before the end of the video (${duration.toFixed(2)} s)`));

  const ws = { workDir: ctx.workDir, scope: ctx };
  ctx.progress(40, 'hashing frame');
  const hashes = await hashFrameAt(ctx.engines, input, timestamp, p.hash_size, ws);
  if ('code' in hashes) return fail(hashes);

  ctx.progress(45, 'fingerprinting');
  const media = { durationSeconds: duration, hasAudio: src.info.hasAudio };
  const print = await fingerprintFile(ctx.engines, input, media, ws, (pct) => ctx.progress(45 + pct * 0.45, 'fingerprinting'));
  if ('code' in print) return fail(print);

  ctx.progress(92, 'matching');
  const matches = await findMatches(ctx, print);
  await saveFingerprint(ctx.store.db, { jobId: ctx.jobId, accountId: ctx.accountId, durationSeconds: duration, print });
  return {
    ok: true,
    result: {
      ...hashes,
      hash_size: p.hash_size,
      timestamp: Math.round(timestamp * 1000) / 1000,
      duration,
      fingerprint: {
        version: 1,
        visual_interval: print.interval,
        visual: encodeVisual(print.visual),
        audio: print.audio ? encodeAudio(print.audio) : null,
        audio_item_seconds: 4096 / 3 / 11025,
      },
      matches,
    },
  };
}

/** The account's earlier fingerprints this one duplicates, best first. */
async function findMatches(ctx: JobContext, print: VideoPrint): Promise<FingerprintMatch[]> {
  const rows = await candidateFingerprints(ctx.store.db, ctx.accountId, print, ctx.jobId);
  const out: FingerprintMatch[] = [];
  for (const row of rows) {
    const c = compareFingerprints(print, rowToPrint(row));
    if (!c.match) continue;
    out.push({ job_id: row.job_id, similarity: c.similarity, visual_similarity: c.visual_similarity, audio_similarity: c.audio_similarity, speed: c.speed, offset: c.offset, segments: c.segments });
  }
  return out.sort((a, b) => b.similarity - a.similarity);
}
