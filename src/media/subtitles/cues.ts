// Cue shaping for reading: at most 2 lines of ~42 characters, at most ~7 s on screen, split
// at word boundaries using the engine's word timings. The same rules re-time translated
// text, whose words have no timings of their own (retimeText).

export interface TimedWord {
  start: number;
  end: number;
  word: string;
}

export interface Cue {
  start: number;
  end: number;
  lines: string[];
}

export interface ReadingRules {
  maxLineChars: number;
  maxLines: number;
  maxCueSeconds: number;
}

/** The broadcast norm (BBC, Netflix): two lines of about 42 characters, about 7 seconds. */
export const READING_RULES: ReadingRules = { maxLineChars: 42, maxLines: 2, maxCueSeconds: 7 };

/**
 * Wraps `text` into at most `maxLines` lines of at most `maxChars`, breaking only at spaces
 * and keeping two lines as even as possible (easier to read than a full line and a stub).
 * Returns null when it does not fit. A single word longer than a line is its own line.
 */
export function wrapLines(text: string, rules: ReadingRules = READING_RULES): string[] | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= rules.maxLineChars || !t.includes(' ')) return [t];
  if (rules.maxLines < 2) return null;
  let best: [string, string] | null = null;
  for (let i = t.indexOf(' '); i !== -1; i = t.indexOf(' ', i + 1)) {
    const a = t.slice(0, i);
    const b = t.slice(i + 1);
    if (a.length > rules.maxLineChars || b.length > rules.maxLineChars) continue;
    if (!best || Math.abs(a.length - b.length) < Math.abs(best[0].length - best[1].length)) best = [a, b];
  }
  return best;
}

/** Text of words as the engine spelled them (Whisper words carry their leading space). */
function joinWords(words: TimedWord[]): string {
  return words
    .map((w) => w.word)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

const SENTENCE_END = /[.!?。！？]["')\]]?$/;

/**
 * Greedy cue building: a word joins the current cue while the cue still wraps into the line
 * budget and stays under the time budget; a sentence end closes a cue that is already at
 * least half full, so cues rarely start with the tail of the previous sentence.
 */
export function shapeWords(words: TimedWord[], rules: ReadingRules = READING_RULES): Cue[] {
  const cues: Cue[] = [];
  let cur: TimedWord[] = [];
  const flush = (): void => {
    if (cur.length === 0) return;
    const text = joinWords(cur);
    if (text) cues.push({ start: cur[0].start, end: cur[cur.length - 1].end, lines: wrapLines(text, rules) ?? [text] });
    cur = [];
  };
  const budget = rules.maxLineChars * rules.maxLines;
  for (const w of words) {
    if (!w.word.trim()) continue;
    if (cur.length > 0) {
      const candidate = [...cur, w];
      const tooLong = wrapLines(joinWords(candidate), rules) === null;
      const tooSlow = w.end - cur[0].start > rules.maxCueSeconds;
      if (tooLong || tooSlow) flush();
    }
    cur.push(w);
    if (SENTENCE_END.test(w.word.trim()) && joinWords(cur).length >= budget / 2) flush();
  }
  flush();
  return cues;
}

/**
 * Words of `text` with times spread over [start, end] in proportion to their length: the
 * best guess for text without word timings (a translation, or an engine that gave none).
 */
export function spreadWords(text: string, start: number, end: number): TimedWord[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  const total = tokens.reduce((n, t) => n + t.length + 1, 0);
  const span = Math.max(0, end - start);
  let at = 0;
  return tokens.map((t, i) => {
    const s = start + (span * at) / total;
    at += t.length + 1;
    return { start: s, end: start + (span * at) / total, word: i === 0 ? t : ` ${t}` };
  });
}

/**
 * Cues for a translated segment: its text spread over the segment's time, shaped by the
 * reading rules, then each inner cue boundary moved to the nearest pause between source
 * words (within 1 s), so a cue changes when the speaker pauses rather than mid-word.
 */
export function retimeText(text: string, start: number, end: number, sourceWords: TimedWord[], rules: ReadingRules = READING_RULES): Cue[] {
  const cues = shapeWords(spreadWords(text, start, end), rules);
  const gaps = sourceWords.slice(1).map((w, i) => (sourceWords[i].end + w.start) / 2);
  for (let i = 1; i < cues.length; i++) {
    const boundary = cues[i].start;
    let best: number | null = null;
    for (const g of gaps) if (Math.abs(g - boundary) <= 1 && (best === null || Math.abs(g - boundary) < Math.abs(best - boundary))) best = g;
    if (best !== null && best > cues[i - 1].start && best < cues[i].end) {
      cues[i - 1].end = best;
      cues[i].start = best;
    }
  }
  return cues;
}

export interface SegmentLike {
  start: number;
  end: number;
  text: string;
  words?: TimedWord[];
}

/** Cues for whole segments: from word timings where there are any, else spread. */
export function shapeSegments(segments: SegmentLike[], rules: ReadingRules = READING_RULES): Cue[] {
  return segments.flatMap((s) =>
    s.words && s.words.length > 0 ? shapeWords(s.words, rules) : shapeWords(spreadWords(s.text, s.start, s.end), rules),
  );
}
