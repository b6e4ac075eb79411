// Output targets as a table: which codecs each container takes as a stream copy, and what we
// encode to when it does not. Data, not classes: planFinalize reads it, tests read it.
//
// The copy lists were measured with ffmpeg 5.1 (Debian 12) by `-c copy` of every codec we
// could encode into each muxer:
//   mp4  video h264 hevc av1 vp9 (vp8 refused)  audio aac mp3 opus alac ac3 eac3
//        (flac is "experimental" there, needs -strict -2; vorbis muxes but few players read it)
//   mov  video h264 hevc (av1, vp9: "only supported in MP4")  audio aac mp3 alac ac3 eac3 pcm
//        (opus: "only supported in MP4")
//   ipod (m4a) aac alac ac3 — no mp3/opus/eac3
//   webm video vp8 vp9 av1  audio opus vorbis
// Newer ffmpeg accepts more (flac in mp4 from 6.x); these lists stay on the safe side.

export type VideoFormat = 'mp4' | 'webm' | 'mkv' | 'mov';
export type AudioFormat = 'mp3' | 'm4a' | 'opus' | 'wav' | 'flac';
export type TargetName = VideoFormat | AudioFormat;

export interface Target {
  ext: string;
  /** Passed as -f, so the output does not depend on extension guessing. */
  muxer: string;
  mime: string;
  /** Video codecs copied as-is; 'any' for Matroska; null for audio-only containers. */
  video: readonly string[] | 'any' | null;
  audio: readonly string[] | 'any';
  videoEncoder: readonly string[];
  audioEncoder: readonly string[];
  /** Codec for external subtitle files; null = container carries none. */
  subtitleCodec: string | null;
  /** moov atom up front, so browsers can play while downloading. */
  faststart: boolean;
  /** Extension and MIME type when a video container holds audio only. */
  audioOnly: { ext: string; mime: string };
}

// veryfast/crf 23: x264's default quality at ~3x the speed of "medium"; downloads are
// re-encoded only when the container or a height limit forces it, so speed wins.
const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'] as const;
// realtime/cpu-used 8 is libvpx's fastest mode; crf with -b:v 0 keeps it constant-quality.
const VP9 = ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-crf', '32', '-b:v', '0', '-row-mt', '1', '-pix_fmt', 'yuv420p'] as const;
const AAC = ['-c:a', 'aac', '-b:a', '192k'] as const;
// ffmpeg 5.1's libopus rejects 5.1(side) and other layouts it has no mapping for; aformat
// converts them to a layout it takes instead of failing the job.
const OPUS = ['-c:a', 'libopus', '-b:a', '128k', '-af', 'aformat=channel_layouts=7.1|5.1|stereo|mono'] as const;
const MP3 = ['-c:a', 'libmp3lame', '-q:a', '2'] as const;

const MP4_AUDIO = ['aac', 'mp3', 'opus', 'alac', 'ac3', 'eac3'] as const;

export const TARGETS: Readonly<Record<TargetName, Target>> = {
  mp4: {
    ext: 'mp4', muxer: 'mp4', mime: 'video/mp4',
    video: ['h264', 'hevc', 'av1', 'vp9'], audio: MP4_AUDIO,
    videoEncoder: X264, audioEncoder: AAC, subtitleCodec: 'mov_text', faststart: true,
    audioOnly: { ext: 'm4a', mime: 'audio/mp4' },
  },
  mov: {
    ext: 'mov', muxer: 'mov', mime: 'video/quicktime',
    video: ['h264', 'hevc'], audio: ['aac', 'mp3', 'alac', 'ac3', 'eac3', 'pcm_s16le'],
    videoEncoder: X264, audioEncoder: AAC, subtitleCodec: 'mov_text', faststart: true,
    audioOnly: { ext: 'mov', mime: 'audio/quicktime' },
  },
  webm: {
    ext: 'webm', muxer: 'webm', mime: 'video/webm',
    video: ['vp8', 'vp9', 'av1'], audio: ['opus', 'vorbis'],
    videoEncoder: VP9, audioEncoder: OPUS, subtitleCodec: 'webvtt', faststart: false,
    audioOnly: { ext: 'webm', mime: 'audio/webm' },
  },
  mkv: {
    ext: 'mkv', muxer: 'matroska', mime: 'video/x-matroska',
    video: 'any', audio: 'any',
    // Only a height limit makes us encode into Matroska; x264 is the fastest encoder we have.
    videoEncoder: X264, audioEncoder: AAC, subtitleCodec: 'srt', faststart: false,
    audioOnly: { ext: 'mka', mime: 'audio/x-matroska' },
  },
  mp3: {
    ext: 'mp3', muxer: 'mp3', mime: 'audio/mpeg',
    video: null, audio: ['mp3'], videoEncoder: [], audioEncoder: MP3, subtitleCodec: null, faststart: false,
    audioOnly: { ext: 'mp3', mime: 'audio/mpeg' },
  },
  m4a: {
    ext: 'm4a', muxer: 'ipod', mime: 'audio/mp4',
    video: null, audio: ['aac', 'alac'], videoEncoder: [], audioEncoder: AAC, subtitleCodec: null, faststart: true,
    audioOnly: { ext: 'm4a', mime: 'audio/mp4' },
  },
  opus: {
    ext: 'opus', muxer: 'opus', mime: 'audio/ogg',
    video: null, audio: ['opus'], videoEncoder: [], audioEncoder: OPUS, subtitleCodec: null, faststart: false,
    audioOnly: { ext: 'opus', mime: 'audio/ogg' },
  },
  wav: {
    ext: 'wav', muxer: 'wav', mime: 'audio/wav',
    video: null, audio: ['pcm_s16le'], videoEncoder: [], audioEncoder: ['-c:a', 'pcm_s16le'], subtitleCodec: null, faststart: false,
    audioOnly: { ext: 'wav', mime: 'audio/wav' },
  },
  flac: {
    ext: 'flac', muxer: 'flac', mime: 'audio/flac',
    video: null, audio: ['flac'], videoEncoder: [], audioEncoder: ['-c:a', 'flac'], subtitleCodec: null, faststart: false,
    audioOnly: { ext: 'flac', mime: 'audio/flac' },
  },
};

export function accepts(list: readonly string[] | 'any' | null, codec: string | null): boolean {
  if (codec === null) return true; // nothing to convert
  if (list === 'any') return true;
  return list !== null && list.includes(codec);
}

/**
 * The target that keeps an input's container for format 'original'. ffprobe names demuxers,
 * not files ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"), so the input's own extension picks
 * between siblings. Containers without a target here (flv, mpegts, avi, ogg/vorbis, …) are
 * remuxed to Matroska, which takes any codec, rather than trusting a muxer we never test.
 */
export function originalTarget(formatName: string, inputPath: string, acodec: string | null): Target {
  const fileExt = /\.([a-z0-9]{1,5})$/i.exec(inputPath)?.[1]?.toLowerCase() ?? '';
  const demuxers = formatName.split(',');
  const has = (name: string): boolean => demuxers.includes(name);
  if (has('matroska')) return fileExt === 'webm' ? TARGETS.webm : TARGETS.mkv;
  if (has('mov') || has('mp4')) {
    if (fileExt === 'mov') return TARGETS.mov;
    if (fileExt === 'm4a') return { ...TARGETS.mp4, ext: 'm4a', mime: 'audio/mp4' };
    return TARGETS.mp4;
  }
  if (has('mp3')) return TARGETS.mp3;
  if (has('flac')) return TARGETS.flac;
  if (has('wav')) return TARGETS.wav;
  if (has('ogg') && acodec === 'opus') return TARGETS.opus;
  return TARGETS.mkv;
}
