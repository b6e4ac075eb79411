// Pure argv builder for getting a source's audio to 16 kHz mono PCM, what Whisper consumes
// (faster-whisper would resample anything else itself, slower, in Python).
//
// Streaming: yt-dlp only resolves the best audio format's direct URL (no download), and
// ffmpeg reads it over HTTP(S), so decoding overlaps the transfer and nothing but the small
// WAV touches the disk. Anything not plain HTTP(S) (HLS, DASH, fragments, merged formats)
// is downloaded by yt-dlp first, then ffmpeg reads the local file. Either way the input and
// its guards come from ffmpeg/input.ts (media/source/audio.ts chooses).
import { localPath, type MediaInput } from '../ffmpeg/input.js';

export interface AudioExtractOptions {
  /** Stop after this many seconds of audio (the configured source ceiling). */
  maxSeconds: number;
}

/**
 * ffmpeg argv: first audio stream -> 16 kHz mono s16le WAV, with -progress on stdout. The
 * default log level keeps the input dump on stderr: its declared duration is what the WAV is
 * checked against (media/source/complete.ts).
 */
export function audioExtractArgs(input: MediaInput, output: string, o: AudioExtractOptions): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-y',
    ...input.args(),
    '-map',
    '0:a:0',
    '-vn',
    '-ac',
    '1',
    '-ar',
    '16000',
    '-c:a',
    'pcm_s16le',
    '-t',
    String(o.maxSeconds + 1),
    '-progress',
    'pipe:1',
    localPath(output),
  ];
}

/** Seconds of audio in a 16 kHz mono s16le WAV of `bytes` bytes (44-byte header). */
export function wavSeconds(bytes: number): number {
  return Math.max(0, bytes - 44) / (16_000 * 2);
}
