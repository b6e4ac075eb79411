// Mosaic previews: tile times (even or at scene changes), the one-run ffmpeg argv that grabs
// and stacks them, and the WebVTT storyboard that points players at each tile.
import { head, inputArgs, type PreviewInput } from './preview-args.js';

export interface Tile {
  index: number;
  /** Seconds into the source of the frame shown. */
  time: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** `count` times at the middles of equal slices of [0, duration). */
export function evenTimes(duration: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => round3((duration * (i + 0.5)) / count));
}

/** Row-major tiles of `tileW`x`tileH` for `times` (already in order). */
export function layoutTiles(times: number[], columns: number, tileW: number, tileH: number): Tile[] {
  return times.map((time, index) => ({
    index,
    time,
    x: (index % columns) * tileW,
    y: Math.floor(index / columns) * tileH,
    width: tileW,
    height: tileH,
  }));
}

/**
 * One ffmpeg run, one input per tile, each with its own input-side exact seek: the demuxer
 * jumps to the keyframe before the tile's time and decodes forward only to it, so every tile is
 * filled whatever the keyframe spacing, and nothing between tiles is fetched or decoded.
 * ffmpeg (5.x) reads each input on its own thread, so the seeks overlap. xstack places the
 * frames; `-frames:v 1` ends the run as soon as each input has delivered one frame.
 */
export function mosaicArgs(src: PreviewInput, tiles: Tile[], output: string): string[] {
  const inputs = tiles.flatMap((t) => inputArgs(src, t.time));
  const scaled = tiles.map((t, i) => `[${i}:${src.videoStream}]${scaleExact(t.width, t.height)}[t${i}]`);
  const graph =
    tiles.length === 1
      ? `[0:${src.videoStream}]${scaleExact(tiles[0].width, tiles[0].height)}[out]`
      : `${scaled.join(';')};${tiles.map((_, i) => `[t${i}]`).join('')}xstack=inputs=${tiles.length}:layout=${tiles.map((t) => `${t.x}_${t.y}`).join('|')}[out]`;
  return [...head(), ...inputs, '-filter_complex', graph, '-map', '[out]', '-frames:v', '1', '-q:v', '3', '-f', 'image2', '-update', '1', output];
}

function scaleExact(w: number, h: number): string {
  return `scale=${w}:${h}:flags=bicubic,setsar=1`;
}

/** Scene score above which a frame starts a new scene (ffmpeg's own docs suggest 0.3–0.4). */
export const SCENE_THRESHOLD = 0.3;

/** Sources longer than this are scanned on keyframes only (see sceneArgs). */
export const KEYFRAME_SCAN_AFTER_SECONDS = 600;

/**
 * Scene detection: every frame, scaled to 160 px wide before the scene filter, so cuts are
 * found to the frame. Sources longer than KEYFRAME_SCAN_AFTER_SECONDS decode keyframes only
 * (`-skip_frame nokey`, a GOP-length times cheaper): most encoders put a keyframe at a cut,
 * but not all (x264 `ultrafast` does not), so short sources get the exact scan. The whole
 * source is read once either way, which is why scene_aware is opt-in. `metadata=print`
 * logs each selected frame's time and score; parseSceneLines reads them.
 */
export function sceneArgs(src: PreviewInput, keyframesOnly: boolean): string[] {
  const filter = `scale=160:-2,select='gt(scene,${SCENE_THRESHOLD})',metadata=print:key=lavfi.scene_score`;
  const skip = keyframesOnly ? ['-skip_frame', 'nokey'] : [];
  return [...head('info'), ...skip, ...inputArgs(src, null), '-map', `0:${src.videoStream}`, '-vf', filter, '-an', '-f', 'null', '-'];
}

export interface SceneChange {
  time: number;
  score: number;
}

/** metadata=print lines ("frame:3 pts:… pts_time:12.5" then "lavfi.scene_score=0.61"). */
export function parseSceneLines(lines: string[]): SceneChange[] {
  const out: SceneChange[] = [];
  let time: number | null = null;
  for (const line of lines) {
    const t = /\bpts_time:\s*(-?[\d.]+)/.exec(line);
    if (t && line.includes('Parsed_metadata')) time = Number(t[1]);
    const s = /lavfi\.scene_score=([\d.]+)/.exec(line);
    if (s && time !== null) {
      out.push({ time, score: Number(s[1]) });
      time = null;
    }
  }
  return out;
}

/**
 * `count` tile times for scene_aware: the strongest scene changes (at most one per
 * `count`-th of the duration apart from each other, so one busy stretch cannot take every
 * tile), then, while tiles remain, the middle of the widest gap between chosen times; with
 * no scene change at all, even spacing. Returns times in order with how each was chosen.
 */
export function pickSceneTimes(scenes: SceneChange[], duration: number, count: number): { time: number; scene: boolean }[] {
  const minGap = duration / count / 2;
  const chosen: { time: number; scene: boolean }[] = [];
  const inside = scenes.filter((s) => s.time >= 0 && s.time < duration);
  for (const s of [...inside].sort((a, b) => b.score - a.score)) {
    if (chosen.length >= count) break;
    if (chosen.every((c) => Math.abs(c.time - s.time) >= minGap)) chosen.push({ time: round3(s.time), scene: true });
  }
  if (chosen.length === 0) return evenTimes(duration, count).map((time) => ({ time, scene: false }));
  while (chosen.length < count) {
    const edges = [0, ...chosen.map((c) => c.time).sort((a, b) => a - b), duration];
    let best = 0;
    for (let i = 1; i < edges.length - 1; i++) if (edges[i + 1] - edges[i] > edges[best + 1] - edges[best]) best = i;
    chosen.push({ time: round3((edges[best] + edges[best + 1]) / 2), scene: false });
  }
  return chosen.sort((a, b) => a.time - b.time);
}

/**
 * WebVTT storyboard: one cue per tile covering the span nearest its frame (from halfway
 * after the previous tile to halfway before the next; the first starts at 0, the last ends at
 * `duration`), its text `<image>#xywh=x,y,w,h` as video.js, Plyr, JW Player and Vidstack read
 * thumbnail tracks. `image` is resolved against the VTT's own URL.
 */
export function storyboardVtt(tiles: Tile[], duration: number, image: string): string {
  const cues = tiles.map((t, i) => {
    const start = i === 0 ? 0 : (tiles[i - 1].time + t.time) / 2;
    const end = i === tiles.length - 1 ? duration : (t.time + tiles[i + 1].time) / 2;
    return `${vttTime(start)} --> ${vttTime(end)}\n${image}#xywh=${t.x},${t.y},${t.width},${t.height}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/** 75.5 -> "00:01:15.500" */
export function vttTime(seconds: number): string {
  const ms = Math.round(Math.max(0, seconds) * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
