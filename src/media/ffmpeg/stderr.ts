// What ffmpeg's output says beyond its exit status: progress, the inputs' declared durations,
// and the messages of reads that came out incomplete although ffmpeg exits 0.

/**
 * One line of `-progress` output -> percent (0–100, clamped), or null when the line carries
 * no position. out_time_ms is, despite its name, microseconds too (a long-standing ffmpeg
 * quirk), so both keys are read the same way.
 */
export function parseProgressLine(line: string, durationSeconds: number | null): number | null {
  if (line.trim() === 'progress=end') return 100;
  const m = /^out_time_(?:us|ms)=(-?\d+)\s*$/.exec(line);
  if (!m || durationSeconds === null || !(durationSeconds > 0)) return null;
  const pct = (Number(m[1]) / 1e6 / durationSeconds) * 100;
  return Math.min(100, Math.max(0, pct));
}

/**
 * Messages of a read that skipped data and carried on: ffmpeg's HLS and DASH readers skip a
 * segment they cannot open (refused by the egress proxy, 404, timeout) and the run still
 * exits 0 with part of the media missing; mov/matroska report a file that ends before its
 * index says. Warning level: runs reading the network log at least that much (runner.ts).
 */
const SKIPPED_SEGMENT = /Failed to open (?:segment|fragment)|Error when loading first segment|Unable to (?:open|read) key file|Failed to reload playlist/;
const TRUNCATED = /: partial file$|File ended prematurely/;

export type ReadProblem = 'segment' | 'truncated';

export function readProblem(line: string): ReadProblem | null {
  if (SKIPPED_SEGMENT.test(line)) return 'segment';
  if (TRUNCATED.test(line)) return 'truncated';
  return null;
}

/** What an input dump (`Input #n …`, info log level) says about one input. */
export interface DeclaredInput {
  /** Seconds the container declares; null when it says N/A. */
  duration: number | null;
  hasVideo: boolean;
  hasAudio: boolean;
}

/** Accumulates the input dumps of an ffmpeg run, line by line. */
export class InputDumpReader {
  readonly inputs: DeclaredInput[] = [];

  push(line: string): void {
    if (/^Input #\d+, /.test(line)) {
      this.inputs.push({ duration: null, hasVideo: false, hasAudio: false });
      return;
    }
    const current = this.inputs.at(-1);
    if (!current) return;
    const d = /^\s+Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(line);
    if (d) current.duration = Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]);
    const s = /^\s+Stream #\d+:\d+.*?: (Video|Audio): /.exec(line);
    if (s?.[1] === 'Video' && !line.includes('(attached pic)')) current.hasVideo = true;
    if (s?.[1] === 'Audio') current.hasAudio = true;
  }
}

/** The last few meaningful stderr lines, for an error detail a human can act on. */
export function lastLines(stderr: string, count = 3, maxChars = 500): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(Conversion failed!|Exiting normally|frame=|size=)/.test(l));
  const text = lines.slice(-count).join('; ');
  return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
}

/** `text` with every occurrence of the given paths replaced by their last component. */
export function withoutPaths(text: string, paths: string[]): string {
  let out = text;
  for (const p of paths) if (p.includes('/')) out = out.split(p).join(p.slice(p.lastIndexOf('/') + 1));
  return out;
}
