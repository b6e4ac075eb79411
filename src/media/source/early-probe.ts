// GET/POST /v1/info on a direct media file pays two engine runs one after the other: yt-dlp
// names the file (the generic extractor gives no facts), then ffprobe reads its header
// (facts.ts). For such a URL yt-dlp's answer is known in advance: the probe target is the
// URL itself, with the same standard request headers every time. So the probe starts beside
// the extraction, and its result is used only when the target yt-dlp then names is exactly
// what it probed (URL, kind, headers); otherwise it is cancelled and the named target is
// probed as before. The guess never widens what is fetched: the URL has passed the URL
// policy before the lookup starts, and the probe goes through the egress proxy like any.
import type { Ffmpeg } from '../ffmpeg/runner.js';
import { jobFailure } from '../../errors.js';
import type { RunScope } from '../process/scope.js';
import type { ProbeTarget, VideoInfo } from '../ytdlp/info.js';
import { mergeFacts, probeTarget, type ProbeResult } from './facts.js';
import { namesMediaFile } from './media-url.js';

interface Started {
  url: string;
  headers: Record<string, string>;
  result: Promise<ProbeResult>;
  cancel(): void;
}

export interface InfoProbes {
  /** Call before the extraction; null when no guess is made. */
  start(url: string, scope: RunScope): Started | null;
  /** `info` with the probed facts of `target`, from the early probe when it read exactly that. */
  facts(url: string, info: VideoInfo, target: ProbeTarget, scope: RunScope, early: Started | null): Promise<VideoInfo>;
  /** The extraction gave nothing to probe (or failed): the early probe is not needed. */
  drop(early: Started | null): void;
}

/** `enabled`: false when source hosts are limited (VC_SOURCE_HOST_CONCURRENCY), where a guess would take a second slot. */
export function createInfoProbes(ffmpeg: Pick<Ffmpeg, 'probe'>, enabled: boolean): InfoProbes {
  // yt-dlp's standard headers, learned from the last direct file it named (they change only
  // with yt-dlp): until one is seen, or when they differ, no guess is used.
  let headers: Record<string, string> | null = null;
  return {
    start(url, scope) {
      if (!enabled || headers === null || !namesMediaFile(url)) return null;
      const ac = new AbortController();
      const own: RunScope = {
        signal: AbortSignal.any([scope.signal, ac.signal]),
        remainingMs: () => scope.remainingMs(),
        // The extraction beside it is the lookup's recorded process; a lookup has no crash recovery.
        onProcess: () => undefined,
        log: (msg, extra) => scope.log(msg, extra),
        cookies: scope.cookies,
      };
      const target: ProbeTarget = { url, kind: 'file', headers, formatIndex: -1 };
      const result = probeTarget(ffmpeg, target, own).catch((err: unknown) => jobFailure('media_error', String(err)));
      return { url, headers, result, cancel: () => ac.abort() };
    },
    async facts(url, info, target, scope, early) {
      if (target.kind === 'file' && target.url === url) headers = target.headers;
      let probed: ProbeResult;
      if (early && target.kind === 'file' && target.url === early.url && sameHeaders(target.headers, early.headers)) probed = await early.result;
      else {
        early?.cancel();
        probed = await probeTarget(ffmpeg, target, scope);
      }
      return 'code' in probed ? info : mergeFacts(info, probed, target.formatIndex);
    },
    drop(early) {
      early?.cancel();
    },
  };
}

function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}
