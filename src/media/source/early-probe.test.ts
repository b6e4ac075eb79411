import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../ffmpeg/media-info.js';
import type { MediaInput } from '../ffmpeg/input.js';
import { plainScope, type RunScope } from '../process/scope.js';
import { normalizeInfo, type ProbeTarget, type VideoInfo } from '../ytdlp/info.js';
import { createInfoProbes } from './early-probe.js';

const probed: MediaInfo = {
  duration: 6, width: 640, height: 360, vcodec: 'h264', acodec: 'aac', formatName: 'mov,mp4', sizeBytes: 281786, bitRate: 375000, fps: 25,
  hasVideo: true, hasAudio: true, videoDuration: 6, audioDuration: 6, audioBitRate: 64000, videoBitRate: 300000, chapters: [],
};
const URL_ = 'http://h/video.mp4';
const UA = { 'User-Agent': 'UA' };
const info = normalizeInfo({ id: 'video', url: URL_, formats: [{ format_id: 'mp4', url: URL_ }] }) as VideoInfo;
const target = (over: Partial<ProbeTarget> = {}): ProbeTarget => ({ url: URL_, kind: 'file', headers: UA, formatIndex: 0, ...over });

/** An ffmpeg stand-in whose probes answer when told, recording what each was asked and whether it was cancelled. */
function fakeFfmpeg() {
  const calls: { args: string[]; signal: AbortSignal; answer: (m: MediaInfo) => void }[] = [];
  return {
    calls,
    probe: (input: MediaInput, scope: RunScope) =>
      new Promise<MediaInfo>((answer) => {
        calls.push({ args: input.args(), signal: scope.signal, answer });
      }),
  };
}
const scope = () => plainScope({ timeoutMs: 10_000 });
const tick = () => new Promise((r) => setImmediate(r));

/** Probes that have seen yt-dlp name the direct file once (so they know its headers). */
async function learned(ffmpeg: ReturnType<typeof fakeFfmpeg>, enabled = true) {
  const probes = createInfoProbes(ffmpeg, enabled);
  const learn = probes.facts(URL_, info, target(), scope(), null);
  await tick();
  ffmpeg.calls[ffmpeg.calls.length - 1].answer(probed);
  await learn;
  return probes;
}

describe('the probe of a direct file starts beside its extraction', () => {
  it('guesses only once yt-dlp has named a direct file, then uses the guess when the target is the same', async () => {
    const ffmpeg = fakeFfmpeg();
    const probes = createInfoProbes(ffmpeg, true);
    expect(probes.start(URL_, scope())).toBeNull(); // headers not learned yet
    const first = probes.facts(URL_, info, target(), scope(), null);
    await tick();
    ffmpeg.calls[0].answer(probed);
    expect((await first).duration).toBe(6);

    const early = probes.start(URL_, scope());
    expect(early).not.toBeNull();
    await tick();
    expect(ffmpeg.calls).toHaveLength(2);
    expect(ffmpeg.calls[1].args.join(' ')).toContain(URL_);
    ffmpeg.calls[1].answer({ ...probed, duration: 7 });
    const second = await probes.facts(URL_, info, target(), scope(), early);
    expect(second.duration).toBe(7);
    expect(second.probed_fields).toContain('duration');
    expect(ffmpeg.calls).toHaveLength(2); // no second probe
    expect(ffmpeg.calls[1].signal.aborted).toBe(false);
  });

  it('cancels the guess and probes what yt-dlp named when it differs (URL or headers), or when nothing is to be probed', async () => {
    const ffmpeg = fakeFfmpeg();
    const probes = await learned(ffmpeg);

    const early = probes.start(URL_, scope());
    const other = probes.facts(URL_, info, target({ url: 'http://cdn/other.mp4' }), scope(), early);
    await tick();
    expect(ffmpeg.calls[1].signal.aborted).toBe(true);
    expect(ffmpeg.calls[2].args.join(' ')).toContain('http://cdn/other.mp4');
    ffmpeg.calls[2].answer({ ...probed, duration: 9 });
    expect((await other).duration).toBe(9);

    const early2 = probes.start(URL_, scope());
    const referer = probes.facts(URL_, info, target({ headers: { ...UA, Referer: 'x' } }), scope(), early2);
    await tick();
    expect(ffmpeg.calls[3].signal.aborted).toBe(true);
    ffmpeg.calls[4].answer(probed);
    await referer;

    const early3 = probes.start(URL_, scope());
    probes.drop(early3);
    await tick();
    expect(ffmpeg.calls[5].signal.aborted).toBe(true);
  });

  it('makes no guess for pages, HLS, or when source hosts are limited', async () => {
    const ffmpeg = fakeFfmpeg();
    const probes = await learned(ffmpeg);
    expect(probes.start('http://h/watch?v=1', scope())).toBeNull();
    expect(probes.start('http://h/master.m3u8', scope())).toBeNull();
    expect(probes.start('ftp://h/video.mp4', scope())).toBeNull();
    const limited = await learned(ffmpeg, false);
    expect(limited.start(URL_, scope())).toBeNull();
  });
});
