// Subtitle and transcript writers: SubRip (.srt), WebVTT (.vtt) and plain text.
import type { Cue } from './cues.js';

export type TextFormat = 'srt' | 'vtt' | 'txt';

export const TEXT_MIME: Record<TextFormat | 'json', string> = {
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
  txt: 'text/plain',
  json: 'application/json',
};

function clock(seconds: number, sep: ',' | '.'): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(ms % 1000, 3)}`;
}

/** A cue must last; zero-length cues are dropped by players, so give them 1 ms at least. */
function times(c: Cue): [number, number] {
  return [c.start, Math.max(c.end, c.start + 0.001)];
}

/** Blank lines end a cue in both formats, so text never carries one. */
function clean(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

export function toSrt(cues: Cue[]): string {
  return cues
    .map((c, i) => {
      const [a, b] = times(c);
      return `${i + 1}\n${clock(a, ',')} --> ${clock(b, ',')}\n${c.lines.map(clean).join('\n')}\n`;
    })
    .join('\n');
}

/** WebVTT cue text is HTML-like: &, < and > must be escaped, and "-->" may not appear. */
function vttText(line: string): string {
  return clean(line).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function toVtt(cues: Cue[]): string {
  const body = cues.map((c) => {
    const [a, b] = times(c);
    return `${clock(a, '.')} --> ${clock(b, '.')}\n${c.lines.map(vttText).join('\n')}\n`;
  });
  return `WEBVTT\n\n${body.join('\n')}`;
}

/** One segment per line, so the transcript keeps the speaker's pauses. */
export function toTxt(segments: { text: string }[]): string {
  const lines = segments.map((s) => clean(s.text)).filter(Boolean);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
