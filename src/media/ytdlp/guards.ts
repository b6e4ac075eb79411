// Options every yt-dlp run gets (runner.ts), for the programs yt-dlp starts on its own and the
// fragments it fetches. The ffmpeg input options themselves come from ffmpeg/input.ts, the
// one place that decides how ffmpeg opens anything.
import { downloaderInputGuards, postprocessorInputGuards } from '../ffmpeg/input.js';

/**
 * yt-dlp's ffmpeg post-processors, each named in --postprocessor-args (there is no key that
 * reaches them all: "ffmpeg_i" alone applies to none of them). They read what was downloaded.
 */
const FFMPEG_POSTPROCESSORS = [
  'Merger', 'FixupM3u8', 'FixupM4a', 'FixupTimestamp', 'FixupDuration', 'FixupStretched',
  'ExtractAudio', 'VideoRemuxer', 'VideoConvertor', 'Metadata', 'ModifyChapters', 'SplitChapters',
];

/** `ffmpegInput`: more input options for the downloading ffmpeg (after the guards; e.g. a live start). */
export function guardArgs(ffmpegInput: readonly string[] = []): string[] {
  const pp = postprocessorInputGuards().join(' ');
  return [
    // yt-dlp skips a fragment it could not fetch (refused, 404) and reports success.
    '--abort-on-unavailable-fragments',
    // One ffmpeg_i value only: yt-dlp takes the last one given, so these must come last.
    '--downloader-args', `ffmpeg_i:${[...downloaderInputGuards(), ...ffmpegInput].join(' ')}`,
    ...FFMPEG_POSTPROCESSORS.flatMap((name) => ['--postprocessor-args', `${name}+ffmpeg_i:${pp}`]),
  ];
}

/**
 * The protocols a chosen format may use: plain HTTP(S), HLS and DASH, which yt-dlp fetches
 * through the egress proxy (its own HTTP stack, or ffmpeg with the whitelist above). ftp://,
 * rtmp://, rtsp://, mms://… named by a page are never chosen.
 */
export const WEB_FORMAT = "[protocol~='^(https?|m3u8(_native)?|http_dash_segments(_generator)?)$']";

/** A format selector with WEB_FORMAT on every format it names ("bv*+ba/b" → each of bv*, ba, b). */
export function webOnly(selector: string): string {
  return selector
    .split('/')
    .map((alt) => alt.split('+').map((f) => `${f}${WEB_FORMAT}`).join('+'))
    .join('/');
}
