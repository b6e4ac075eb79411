import { describe, expect, it } from 'vitest';
import { READING_RULES, retimeText, shapeSegments, shapeWords, spreadWords, wrapLines, type TimedWord } from './cues.js';
import { toSrt, toTxt, toVtt } from './format.js';
import { parseSrt, parseVtt } from './parse.js';

/** Words one every `step` seconds, each lasting 80% of it, spelled like Whisper (" word"). */
function words(text: string, step = 0.4, from = 0): TimedWord[] {
  return text.split(' ').map((w, i) => ({ start: from + i * step, end: from + i * step + step * 0.8, word: ` ${w}` }));
}

const LONG = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo';

describe('wrapLines', () => {
  it('keeps short text on one line and balances two lines', () => {
    expect(wrapLines('short line')).toEqual(['short line']);
    const two = wrapLines('the quick brown fox jumps over the lazy dog and runs far away');
    expect(two).toHaveLength(2);
    for (const l of two!) expect(l.length).toBeLessThanOrEqual(42);
    expect(Math.abs(two![0].length - two![1].length)).toBeLessThan(10);
  });
  it('answers null when the text needs more than two lines', () => {
    expect(wrapLines(LONG)).toBeNull();
  });
  it('lets a single overlong word stand alone', () => {
    expect(wrapLines('x'.repeat(60))).toEqual(['x'.repeat(60)]);
  });
});

describe('shapeWords', () => {
  it('splits at word boundaries into cues of at most 2 lines of 42 characters', () => {
    const cues = shapeWords(words(LONG, 0.2));
    expect(cues.length).toBeGreaterThan(1);
    for (const c of cues) {
      expect(c.lines.length).toBeLessThanOrEqual(2);
      for (const l of c.lines) expect(l.length).toBeLessThanOrEqual(READING_RULES.maxLineChars);
    }
    expect(cues.flatMap((c) => c.lines.join(' ').split(' '))).toEqual(LONG.split(' '));
  });
  it('keeps each cue under 7 seconds of slow speech', () => {
    const cues = shapeWords(words('a b c d e f g h i j k l m n o p', 1.5));
    expect(cues.length).toBeGreaterThan(2);
    for (const c of cues) expect(c.end - c.start).toBeLessThanOrEqual(READING_RULES.maxCueSeconds);
  });
  it('takes cue times from the word timings', () => {
    const ws = words('hello there world', 1, 10);
    expect(shapeWords(ws)).toEqual([{ start: 10, end: 12.8, lines: ['hello there world'] }]);
  });
  it('closes a cue at a sentence end once it is half full', () => {
    const cues = shapeWords(words('This first sentence is long enough to close a cue. Next one.', 0.3));
    expect(cues[0].lines.join(' ')).toMatch(/cue\.$/);
  });
});

describe('retimeText', () => {
  it('spreads translated text over the segment and snaps boundaries to a source pause', () => {
    const plain = retimeText(LONG, 0, 6, []);
    expect(plain.length).toBe(2);
    expect(plain[0].start).toBe(0);
    expect(plain[1].end).toBeCloseTo(6, 9);
    for (const c of plain) for (const l of c.lines) expect(l.length).toBeLessThanOrEqual(42);
    const b = plain[1].start;
    // The speaker paused from b-0.2 to b+0.4: the cue change moves to the pause's middle.
    const src = [
      { start: 0, end: b - 0.2, word: ' x' },
      { start: b + 0.4, end: 6, word: ' y' },
    ];
    const snapped = retimeText(LONG, 0, 6, src);
    expect(snapped[0].end).toBeCloseTo(b + 0.1, 9);
    expect(snapped[1].start).toBeCloseTo(b + 0.1, 9);
    // A pause more than 1 s away is not worth bending the proportional timing for.
    const far = retimeText(LONG, 0, 6, [{ start: 0, end: 0.1, word: ' x' }, { start: 0.3, end: 6, word: ' y' }]);
    if (Math.abs(0.2 - b) > 1) expect(far[1].start).toBeCloseTo(b, 9);
  });
  it('spreadWords keeps order, covers the span and weights by length', () => {
    const ws = spreadWords('aaaa b', 0, 6);
    expect(ws[0].start).toBe(0);
    expect(ws[1].end).toBeCloseTo(6, 9);
    expect(ws[0].end - ws[0].start).toBeGreaterThan(ws[1].end - ws[1].start);
  });
});

describe('writers', () => {
  const segs = [
    { start: 0, end: 2.5, text: 'Hello <world> & you', words: words('Hello <world> & you', 0.5) },
    { start: 3, end: 9, text: LONG, words: words(LONG, 0.25, 3) },
  ];
  const cues = shapeSegments(segs);
  it('writes SubRip that parses back with the same cues', () => {
    const back = parseSrt(toSrt(cues));
    expect(back).toHaveLength(cues.length);
    expect(back[0]).toMatchObject({ start: 0, lines: ['Hello <world> & you'] });
    expect(back[0].end).toBeCloseTo(cues[0].end, 3);
  });
  it('writes WebVTT with a header and escaped text', () => {
    const vtt = toVtt(cues);
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.000 --> ')).toBe(true);
    const back = parseVtt(vtt);
    expect(back[0].lines).toEqual(['Hello &lt;world&gt; &amp; you']);
    expect(back).toHaveLength(cues.length);
  });
  it('formats hours and milliseconds', () => {
    expect(toSrt([{ start: 3723.456, end: 3724, lines: ['x'] }])).toBe('1\n01:02:03,456 --> 01:02:04,000\nx\n');
  });
  it('writes one transcript line per segment', () => {
    expect(toTxt([{ text: ' a  b ' }, { text: '' }, { text: 'c' }])).toBe('a b\nc\n');
  });
  it('rejects broken files', () => {
    expect(() => parseSrt('1\n00:00:01,000 --> 00:00:00,500\nx\n')).toThrow(/not after/);
    expect(() => parseVtt('00:00:00.000 --> 00:00:01.000\nx\n')).toThrow(/WEBVTT/);
  });
});
