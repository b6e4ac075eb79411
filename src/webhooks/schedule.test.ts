import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule, retryDelayMs } from './schedule.js';
import { loadConfig } from '../config.js';

describe('retry schedule', () => {
  it('parses the default to waits that cover at least 24 h', () => {
    const r = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
    expect(r).toEqual({ ok: true, waitsMs: [5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] });
    if (r.ok) expect(r.waitsMs.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(24 * 3600 * 1000);
  });

  it('accepts ms, fractions and days; rejects junk', () => {
    expect(parseRetrySchedule('100ms, 0.5s,1d')).toEqual({ ok: true, waitsMs: [100, 500, 86_400_000] });
    expect(parseRetrySchedule('5x').ok).toBe(false);
    expect(parseRetrySchedule('').ok).toBe(false);
    expect(parseRetrySchedule('8d').ok).toBe(false);
    expect(parseRetrySchedule('0s').ok).toBe(false);
  });

  it('is validated by config', () => {
    expect(loadConfig({ VC_WEBHOOK_RETRY_SCHEDULE: '100ms,200ms' }).webhookRetrySchedule).toEqual([100, 200]);
    expect(() => loadConfig({ VC_WEBHOOK_RETRY_SCHEDULE: '5s,soon' })).toThrow(/VC_WEBHOOK_RETRY_SCHEDULE/);
  });

  it('jitters ±20% and stops after the last entry', () => {
    expect(retryDelayMs([1000], 1, () => 0)).toBe(800);
    expect(retryDelayMs([1000], 1, () => 1)).toBe(1200);
    expect(retryDelayMs([1000], 2)).toBeNull();
  });
});
