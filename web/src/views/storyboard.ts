// WebVTT storyboards: cues whose text is an image URL with a #xywh=x,y,w,h fragment, the format
// video players use for seek-bar thumbnails.

export interface StoryboardCue {
  start: number;
  end: number;
  image: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** "00:01:15.500" or "01:15.500" -> 75.5 */
export function vttSeconds(t: string): number {
  const parts = t.trim().split(':').map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/** Cues of a storyboard; image references resolve against the VTT's own URL, as players do. */
export function parseStoryboard(vtt: string, base: string): StoryboardCue[] {
  const out: StoryboardCue[] = [];
  for (const block of vtt.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n').filter(Boolean);
    const timing = lines.findIndex((l) => l.includes('-->'));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing].split('-->');
    const ref = lines[timing + 1].trim();
    const m = /#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(ref);
    if (!m) continue;
    out.push({
      start: vttSeconds(from),
      end: vttSeconds(to.trim().split(/\s/)[0]),
      image: new URL(ref.slice(0, m.index), base).href,
      x: +m[1],
      y: +m[2],
      w: +m[3],
      h: +m[4],
    });
  }
  return out;
}

export function cueFor(cues: StoryboardCue[], t: number): StoryboardCue | undefined {
  return cues.find((c) => t >= c.start && t < c.end) ?? (t >= (cues.at(-1)?.end ?? Infinity) ? cues.at(-1) : cues[0]);
}
