// Media facts for pages that give none (GET/POST /v1/info on a direct file: yt-dlp's generic
// extractor names the URL and nothing else). One network ffprobe of the format a download would
// pick reads the container header through the egress proxy (moov, or the first HLS segment):
// duration, dimensions, codecs, frame rate, bitrates, size. Only the fields the page left null
// are filled, and probed_fields names them. A probe that fails leaves them null: the lookup
// itself succeeded.
import type { JobFailure } from '../../errors.js';
import { networkMedia } from '../ffmpeg/input.js';
import type { MediaInfo } from '../ffmpeg/media-info.js';
import type { Ffmpeg } from '../ffmpeg/runner.js';
import type { RunScope } from '../process/scope.js';
import type { ProbeTarget, VideoFormat, VideoInfo } from '../ytdlp/info.js';

/** Probing reads a header; a source that takes longer is not worth holding a lookup for. */
const PROBE_TIMEOUT_MS = 15_000;

export type ProbeResult = MediaInfo | JobFailure;

/** One network ffprobe of `target` (early-probe.ts decides when it starts). */
export function probeTarget(ffmpeg: Pick<Ffmpeg, 'probe'>, target: ProbeTarget, scope: RunScope): Promise<ProbeResult> {
  return ffmpeg.probe(networkMedia(target.url, target.kind, target.headers), scope, { timeoutMs: Math.min(PROBE_TIMEOUT_MS, scope.remainingMs()) });
}

/** `info` with its null facts (and those of formats[index]) taken from the probe (exported for tests). */
export function mergeFacts(info: VideoInfo, m: MediaInfo, index: number): VideoInfo {
  const kbps = (bps: number | null) => (bps === null ? null : Math.round(bps / 100) / 10);
  const found: Record<string, number | string | null> = {
    duration: m.duration,
    width: m.hasVideo ? m.width : null,
    height: m.hasVideo ? m.height : null,
    fps: m.hasVideo ? m.fps : null,
    vcodec: m.hasVideo ? m.vcodec : null,
    acodec: m.hasAudio ? m.acodec : null,
  };
  const out: VideoInfo = { ...info, probed_fields: [...info.probed_fields] };
  const top = out as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(found)) {
    if (top[k] === null && v !== null) {
      top[k] = v;
      out.probed_fields.push(k);
    }
  }
  const f = index >= 0 ? out.formats[index] : undefined;
  if (f) {
    const formatFacts: Partial<Record<keyof VideoFormat, number | string | null>> = {
      width: found.width, height: found.height, fps: found.fps, vcodec: found.vcodec, acodec: found.acodec,
      tbr: kbps(m.bitRate), vbr: kbps(m.videoBitRate), abr: kbps(m.audioBitRate), filesize: m.sizeBytes > 0 ? m.sizeBytes : null,
    };
    const format = { ...f } as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(formatFacts)) {
      if (format[k] === null && v !== null && v !== undefined) {
        format[k] = v;
        if (!out.probed_fields.includes(k)) out.probed_fields.push(k);
      }
    }
    out.formats = out.formats.map((x, i) => (i === index ? (format as unknown as VideoFormat) : x));
  }
  return out;
}
