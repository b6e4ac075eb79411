import { describe, expect, it } from 'vitest';
import { networkMedia } from './input.js';
import type { PreviewInput } from './preview-args.js';
import { evenTimes, layoutTiles, mosaicArgs, parseSceneLines, pickSceneTimes, sceneArgs, storyboardVtt, vttTime } from './preview-mosaic.js';

const src: PreviewInput = { input: networkMedia('https://cdn.example/v.mpd', 'dash'), videoStream: 'm:id:3' };

describe('mosaic', () => {
  it('spaces tiles evenly and lays them out row-major', () => {
    expect(evenTimes(60, 6)).toEqual([5, 15, 25, 35, 45, 55]);
    const tiles = layoutTiles([5, 15, 25, 35], 2, 100, 56);
    expect(tiles[3]).toEqual({ index: 3, time: 35, x: 100, y: 56, width: 100, height: 56 });
  });

  it('seeks once per tile and stacks them in one run', () => {
    const tiles = layoutTiles([5, 15, 25], 3, 100, 56);
    const a = mosaicArgs(src, tiles, 'm.jpg');
    expect(a.filter((x) => x === '-i')).toHaveLength(3);
    expect(a.filter((x) => x === '-ss')).toEqual(['-ss', '-ss', '-ss']);
    const graph = a[a.indexOf('-filter_complex') + 1];
    expect(graph).toContain('[2:m:id:3]scale=100:56');
    expect(graph).toContain('xstack=inputs=3:layout=0_0|100_0|200_0[out]');
    expect(a[a.indexOf('-frames:v') + 1]).toBe('1');
    expect(mosaicArgs(src, layoutTiles([5], 1, 100, 56), 'm.jpg').join(' ')).not.toContain('xstack');
  });

  it('scene detection decodes keyframes only and parses metadata=print', () => {
    const a = sceneArgs(src, true);
    expect(a.indexOf('-skip_frame')).toBeLessThan(a.indexOf('-i'));
    expect(sceneArgs(src, false)).not.toContain('-skip_frame');
    expect(a[a.indexOf('-vf') + 1]).toContain("select='gt(scene,0.3)'");
    const lines = [
      '[Parsed_metadata_2 @ 0x1] frame:0    pts:50      pts_time:2',
      '[Parsed_metadata_2 @ 0x1] lavfi.scene_score=0.912',
      '[Parsed_metadata_2 @ 0x1] frame:1    pts:100     pts_time:4.04',
      '[Parsed_metadata_2 @ 0x1] lavfi.scene_score=0.5',
    ];
    expect(parseSceneLines(lines)).toEqual([{ time: 2, score: 0.912 }, { time: 4.04, score: 0.5 }]);
  });

  it('picks the strongest scene changes, spaced apart, then fills the widest gaps', () => {
    const scenes = [{ time: 2, score: 0.9 }, { time: 2.1, score: 0.8 }, { time: 6, score: 0.5 }];
    expect(pickSceneTimes(scenes, 8, 3)).toEqual([{ time: 2, scene: true }, { time: 4, scene: false }, { time: 6, scene: true }]);
    expect(pickSceneTimes([], 8, 4).map((t) => t.time)).toEqual(evenTimes(8, 4));
    expect(pickSceneTimes([{ time: 1, score: 1 }, { time: 3, score: 0.9 }, { time: 5, score: 0.8 }], 8, 2)).toEqual([{ time: 1, scene: true }, { time: 3, scene: true }]);
  });

  it('writes a WebVTT storyboard with contiguous cues and #xywh fragments', () => {
    const tiles = layoutTiles([5, 15], 2, 100, 56);
    expect(storyboardVtt(tiles, 20, 'mosaic.jpg')).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:10.000\nmosaic.jpg#xywh=0,0,100,56\n\n00:00:10.000 --> 00:00:20.000\nmosaic.jpg#xywh=100,0,100,56\n',
    );
    expect(vttTime(3725.5)).toBe('01:02:05.500');
  });
});
