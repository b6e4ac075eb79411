// video_codec, audio_codec, audio_bitrate (POST /v1/download): which codec each container can
// take, the encoder each codec gets, and the check that turns an impossible combination into a
// 422 naming the field. Data, read by planFinalize (finalize.ts) and the download route.
//
// Encoders, hardware-free and tuned for speed: downloads re-encode only when the container, a
// height limit or the caller's codec demands it. Measured with ffmpeg 5.1 (Debian 12) on the
// 6 s 640x360 25 fps fixture (150 frames), 2 shared cores, wall time and size:
//   h264 libx264 veryfast crf 23            0.26 s  345 KB   (faster presets lose much size)
//   h265 libx265 ultrafast crf 28           0.39 s  239 KB   superfast 0.51 s, veryfast 0.73 s
//   vp9  libvpx-vp9 realtime cpu-used 8     0.40 s  684 KB
//   av1  libsvtav1 preset 12 crf 35         0.40 s  428 KB   preset 10 0.68 s, preset 8 1.18 s;
//        libaom-av1 realtime cpu-used 8 0.83 s; librav1e speed 10 8.6 s
// Audio: aac 192k, opus 128k, mp3 VBR q2 (~190k) unless audio_bitrate says otherwise; flac is
// lossless and takes no bitrate.
import type { TargetName } from './targets.js';

export type VideoCodec = 'auto' | 'h264' | 'h265' | 'vp9' | 'av1';
export type AudioCodec = 'auto' | 'aac' | 'opus' | 'mp3' | 'flac';
export const VIDEO_CODECS = ['auto', 'h264', 'h265', 'vp9', 'av1'] as const;
export const AUDIO_CODECS = ['auto', 'aac', 'opus', 'mp3', 'flac'] as const;
export const AUDIO_BITRATE = { min: 32, max: 320 } as const;

/** ffprobe's codec_name for each codec we can ask for. */
export const PROBED_NAME: Record<Exclude<VideoCodec | AudioCodec, 'auto'>, string> = {
  h264: 'h264', h265: 'hevc', vp9: 'vp9', av1: 'av1', aac: 'aac', opus: 'opus', mp3: 'mp3', flac: 'flac',
};

const X264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'];
const X265 = ['-c:v', 'libx265', '-preset', 'ultrafast', '-crf', '28', '-pix_fmt', 'yuv420p', '-x265-params', 'log-level=error'];
const VP9 = ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-crf', '32', '-b:v', '0', '-row-mt', '1', '-pix_fmt', 'yuv420p'];
const AV1 = ['-c:v', 'libsvtav1', '-preset', '12', '-crf', '35', '-pix_fmt', 'yuv420p'];

export const VIDEO_ENCODERS: Record<Exclude<VideoCodec, 'auto'>, readonly string[]> = { h264: X264, h265: X265, vp9: VP9, av1: AV1 };

/** The encoder argv of an audio codec; `kbps` for the lossy ones (else their default). */
export function audioEncoder(codec: Exclude<AudioCodec, 'auto'>, kbps: number | null): string[] {
  switch (codec) {
    case 'aac':
      return ['-c:a', 'aac', '-b:a', `${kbps ?? 192}k`];
    case 'opus':
      // ffmpeg 5.1's libopus rejects 5.1(side) and other layouts it has no mapping for.
      return ['-c:a', 'libopus', '-b:a', `${kbps ?? 128}k`, '-af', 'aformat=channel_layouts=7.1|5.1|stereo|mono'];
    case 'mp3':
      return kbps === null ? ['-c:a', 'libmp3lame', '-q:a', '2'] : ['-c:a', 'libmp3lame', '-b:a', `${kbps}k`];
    case 'flac':
      return ['-c:a', 'flac'];
  }
}

/**
 * What each output container takes. MP4 would take FLAC only with `-strict experimental` in
 * ffmpeg 5.1, and players disagree on it: refused (mkv or format flac keep it lossless).
 * MOV takes neither VP9/AV1 nor Opus ("only supported in MP4"). Audio containers take their one
 * codec; wav is PCM and takes none of these.
 */
const VIDEO_OK: Record<TargetName, readonly Exclude<VideoCodec, 'auto'>[]> = {
  mp4: ['h264', 'h265', 'vp9', 'av1'], mov: ['h264', 'h265'], webm: ['vp9', 'av1'], mkv: ['h264', 'h265', 'vp9', 'av1'],
  mp3: [], m4a: [], opus: [], wav: [], flac: [],
};
const AUDIO_OK: Record<TargetName, readonly Exclude<AudioCodec, 'auto'>[]> = {
  mp4: ['aac', 'mp3', 'opus'], mov: ['aac', 'mp3'], webm: ['opus'], mkv: ['aac', 'opus', 'mp3', 'flac'],
  mp3: ['mp3'], m4a: ['aac'], opus: ['opus'], wav: [], flac: ['flac'],
};
/** The codec an `auto` audio encode of each container produces (its audio target's encoder). */
const AUDIO_DEFAULT: Record<TargetName, Exclude<AudioCodec, 'auto'> | null> = {
  mp4: 'aac', mov: 'aac', webm: 'opus', mkv: 'aac', mp3: 'mp3', m4a: 'aac', opus: 'opus', wav: null, flac: 'flac',
};

/** The audio codec an encode into `format` produces when the caller leaves it at auto. */
export function defaultAudioCodec(format: TargetName): Exclude<AudioCodec, 'auto'> | null {
  return AUDIO_DEFAULT[format];
}

export interface CodecChoice {
  format: TargetName | 'original';
  audioOnly: boolean;
  videoCodec: VideoCodec;
  audioCodec: AudioCodec;
  audioBitrate: number | null;
}

export interface CodecProblem {
  field: 'video_codec' | 'audio_codec' | 'audio_bitrate';
  msg: string;
}

/** Why a combination cannot be made (one problem per field), or [] when it can. */
export function codecProblems(c: CodecChoice): CodecProblem[] {
  const problems: CodecProblem[] = [];
  const fmt = c.format;
  if (c.videoCodec !== 'auto') {
    if (fmt === 'original') problems.push({ field: 'video_codec', msg: 'format "original" keeps the source\'s codecs; choose a container (mp4, mkv, webm, mov) to encode' });
    else if (c.audioOnly || VIDEO_OK[fmt].length === 0) problems.push({ field: 'video_codec', msg: `a ${fmt}${c.audioOnly ? ' audio-only' : ''} download has no video; leave video_codec at auto` });
    else if (!VIDEO_OK[fmt].includes(c.videoCodec)) problems.push({ field: 'video_codec', msg: `${fmt} cannot hold ${c.videoCodec}; it takes ${VIDEO_OK[fmt].join(', ')} (mkv takes every codec)` });
  }
  if (c.audioCodec !== 'auto') {
    if (fmt === 'original') problems.push({ field: 'audio_codec', msg: 'format "original" keeps the source\'s codecs; choose a container to encode' });
    else if (!AUDIO_OK[fmt].includes(c.audioCodec)) problems.push({ field: 'audio_codec', msg: AUDIO_OK[fmt].length === 0 ? `${fmt} is uncompressed PCM; leave audio_codec at auto` : `${fmt} cannot hold ${c.audioCodec}; it takes ${AUDIO_OK[fmt].join(', ')}${c.audioCodec === 'flac' ? ' (for lossless audio use mkv or format flac)' : ''}` });
  }
  if (c.audioBitrate !== null) {
    const codec = c.audioCodec === 'auto' ? (fmt === 'original' ? null : AUDIO_DEFAULT[fmt]) : c.audioCodec;
    if (codec === null || codec === 'flac') problems.push({ field: 'audio_bitrate', msg: `applies to lossy audio (aac, opus, mp3); ${codec === 'flac' ? 'flac is lossless' : `format ${fmt} does not encode lossy audio`}` });
  }
  return problems;
}
