import { describe, expect, it } from 'vitest';
import { parseProgressLine } from './stderr.js';

describe('parseProgressLine', () => {
  it('reads out_time_us and out_time_ms, both in microseconds', () => {
    expect(parseProgressLine('out_time_us=5000000', 10)).toBe(50);
    expect(parseProgressLine('out_time_ms=2500000', 10)).toBe(25);
  });

  it('clamps to 0–100', () => {
    expect(parseProgressLine('out_time_us=-23220', 10)).toBe(0);
    expect(parseProgressLine('out_time_us=12000000', 10)).toBe(100);
  });

  it('reports 100 at progress=end, even without a duration', () => {
    expect(parseProgressLine('progress=end', null)).toBe(100);
  });

  it('ignores other keys, N/A values and unknown durations', () => {
    expect(parseProgressLine('progress=continue', 10)).toBeNull();
    expect(parseProgressLine('out_time=00:00:05.000000', 10)).toBeNull();
    expect(parseProgressLine('out_time_us=N/A', 10)).toBeNull();
    expect(parseProgressLine('out_time_us=5000000', null)).toBeNull();
    expect(parseProgressLine('out_time_us=5000000', 0)).toBeNull();
    expect(parseProgressLine('total_size=1234', 10)).toBeNull();
  });
});
