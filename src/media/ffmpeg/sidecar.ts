// Subtitle tracks as WebVTT (subtitles_mode "files", and any track a trim must cut): ffmpeg
// converts whatever the platform served (vtt, srt, ass) to WebVTT, the one format browsers
// play, so the file we serve is what ffmpeg parsed, not the platform's bytes; then cutVtt moves
// the cues into the trimmed window. ffmpeg's own -ss on a subtitle input shifts cues by the
// first cue it keeps, not by the cut point (a cue at 0.5 s with -ss 1 moves everything by
// 0.5 s, measured with ffmpeg 5.1), so the cut is ours.
import { localPath, type MediaInput } from './input.js';

export function toVttArgs(input: MediaInput, output: string): string[] {
  return ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-nostats', ...input.args(), '-map', '0:s:0', '-c:s', 'webvtt', '-f', 'webvtt', localPath(output)];
}

const TIMING = /^((?:\d+:)?\d{2}:\d{2}\.\d{3}) --> ((?:\d+:)?\d{2}:\d{2}\.\d{3})(.*)$/;

/**
 * The cues of WebVTT `text` (as ffmpeg writes it) within [start, end), moved so that `start`
 * is 0: cues that end before the window are dropped, one that straddles an edge is clipped.
 */
export function cutVtt(text: string, start: number, end: number | null): string {
  const blocks = text.replace(/\r\n/g, '\n').split(/\n{2,}/);
  const out = ['WEBVTT'];
  for (const block of blocks.slice(blocks[0].startsWith('WEBVTT') ? 1 : 0)) {
    const lines = block.split('\n');
    const at = lines.findIndex((l) => TIMING.test(l));
    if (at < 0) continue;
    const m = TIMING.exec(lines[at]) as RegExpExecArray;
    const a = Math.max(clock(m[1]), start);
    const b = Math.min(clock(m[2]), end ?? Infinity);
    if (b <= a) continue;
    lines[at] = `${stamp(a - start)} --> ${stamp(b - start)}${m[3]}`;
    out.push(lines.join('\n')); // a cue id line stays with its cue
  }
  return `${out.join('\n\n')}\n`;
}

function clock(s: string): number {
  const parts = s.split(':').map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

function stamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}
