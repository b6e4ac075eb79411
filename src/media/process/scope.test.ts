import { describe, expect, it } from 'vitest';
import { overlapping, plainScope } from './scope.js';

describe('overlapping', () => {
  it('records the first started run still running, and writes only changes', () => {
    const recorded: (number | null)[] = [];
    const parent = { ...plainScope({ timeoutMs: 1000 }), onProcess: (pid: number | null) => void recorded.push(pid) };
    const scopes = overlapping(parent);
    const render = scopes(new AbortController().signal);
    const probe = scopes(new AbortController().signal);
    render.onProcess(11);
    probe.onProcess(22); // the render still runs: nothing to write
    probe.onProcess(null);
    expect(recorded).toEqual([11]);
    render.onProcess(null);
    expect(recorded).toEqual([11, null]);
  });

  it('hands the record to the run still going when the first one exits', () => {
    const recorded: (number | null)[] = [];
    const scopes = overlapping({ ...plainScope({ timeoutMs: 1000 }), onProcess: (pid: number | null) => void recorded.push(pid) });
    const a = scopes(new AbortController().signal);
    const b = scopes(new AbortController().signal);
    a.onProcess(1);
    b.onProcess(2);
    a.onProcess(null);
    expect(recorded).toEqual([1, 2]);
    b.onProcess(null);
    expect(recorded).toEqual([1, 2, null]);
  });

  it('gives each run its own signal', () => {
    const stop = new AbortController();
    const scopes = overlapping(plainScope({ timeoutMs: 1000 }));
    expect(scopes(stop.signal).signal).toBe(stop.signal);
  });
});
