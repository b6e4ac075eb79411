// Pure argv builders for getting a source's audio to 16 kHz mono PCM, what Whisper consumes
// (faster-whisper would resample anything else itself, slower, in Python).
//
// Streaming: yt-dlp only resolves the best audio format's direct URL (no download), and
// ffmpeg reads it over HTTP(S), so decoding overlaps the transfer and nothing but the small
// WAV touches the disk. Anything not plain HTTP(S) (HLS, DASH, fragments, merged formats)
// is downloaded by yt-dlp first, then ffmpeg reads the local file (file,pipe only).

import { protocolArgs } from '../ffmpeg/proxy-args.js';

const COMMON = ['--ignore-config', '--no-cache-dir', '--no-warnings'];
export const RESOLVE_PREFIX = 'VCAUDIO ';

/** yt-dlp argv printing `VCAUDIO {url, protocol, http_headers, duration, is_live}` for the best audio. */
export function resolveAudioArgs(url: string, engine: { proxy?: string } = {}): string[] {
  return [
    ...COMMON,
    ...(engine.proxy !== undefined ? ['--proxy', engine.proxy] : []),
    '--no-playlist',
    '-f',
    'ba/b',
    '--print',
    `${RESOLVE_PREFIX}%(.{url,protocol,http_headers,duration,is_live})j`,
    '--',
    url,
  ];
}

export interface ResolvedAudio {
  url: string;
  headers: Record<string, string>;
  duration: number | null;
  isLive: boolean;
}

/** The direct URL when ffmpeg can read it as plain HTTP(S); null = download it instead. */
export function parseResolvedAudio(stdout: string): ResolvedAudio | null {
  const line = stdout.split('\n').find((l) => l.startsWith(RESOLVE_PREFIX));
  if (!line) return null;
  try {
    const raw = JSON.parse(line.slice(RESOLVE_PREFIX.length)) as Record<string, unknown>;
    if (typeof raw.url !== 'string' || !/^https?:\/\//i.test(raw.url)) return null;
    if (raw.protocol !== 'http' && raw.protocol !== 'https') return null;
    const headers: Record<string, string> = {};
    if (raw.http_headers && typeof raw.http_headers === 'object') {
      for (const [k, v] of Object.entries(raw.http_headers as Record<string, unknown>)) {
        // A header value with CR/LF would smuggle extra headers into ffmpeg's request.
        if (typeof v === 'string' && /^[A-Za-z0-9-]+$/.test(k) && !/[\r\n]/.test(v)) headers[k] = v;
      }
    }
    return { url: raw.url, headers, duration: typeof raw.duration === 'number' ? raw.duration : null, isLive: raw.is_live === true };
  } catch {
    return null;
  }
}

export interface AudioExtractOptions {
  /** Input read over the network (direct URL) rather than from a local file. */
  remote: boolean;
  headers?: Record<string, string>;
  /** Stop after this many seconds of audio (the configured source ceiling). */
  maxSeconds: number;
  /** The egress proxy (Engines.egressProxyUrl) a remote input connects through. */
  proxy?: string;
}

/** ffmpeg argv: first audio stream -> 16 kHz mono s16le WAV, with -progress on stdout. */
export function audioExtractArgs(input: string, output: string, o: AudioExtractOptions): string[] {
  const net = o.remote
    ? [
        ...protocolArgs('http,https,tcp,tls', o.proxy),
        // 30 s without a byte fails the read instead of hanging until the job time limit.
        '-rw_timeout',
        '30000000',
        ...(o.headers && Object.keys(o.headers).length
          ? ['-headers', Object.entries(o.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')]
          : []),
      ]
    : ['-protocol_whitelist', 'file,pipe'];
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-y',
    ...net,
    '-i',
    input,
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
    output,
  ];
}

/** Seconds of audio in a 16 kHz mono s16le WAV of `bytes` bytes (44-byte header). */
export function wavSeconds(bytes: number): number {
  return Math.max(0, bytes - 44) / (16_000 * 2);
}
