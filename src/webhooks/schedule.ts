// VC_WEBHOOK_RETRY_SCHEDULE: the waits between delivery attempts ("5s,5m,30m,2h,5h,10h,10h").
// One entry per retry, so a delivery is tried at most entries + 1 times.

export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ENTRY_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const MAX_ENTRIES = 30;
const MAX_WAIT_MS = 7 * 86_400_000;

/** Milliseconds per retry, or a list of problems (for config validation). */
export function parseRetrySchedule(raw: string): { ok: true; waitsMs: number[] } | { ok: false; problem: string } {
  const parts = raw.split(',').map((s) => s.trim().toLowerCase());
  if (parts.length > MAX_ENTRIES) return { ok: false, problem: `at most ${MAX_ENTRIES} entries` };
  const waitsMs: number[] = [];
  for (const p of parts) {
    const m = ENTRY_RE.exec(p);
    if (!m) return { ok: false, problem: `"${p}" is not a duration like 500ms, 5s, 5m, 2h or 1d` };
    const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
    if (ms < 1 || ms > MAX_WAIT_MS) return { ok: false, problem: `"${p}" must be from 1ms to 7d` };
    waitsMs.push(ms);
  }
  return { ok: true, waitsMs };
}

/**
 * The wait before retry number `retry` (1-based), with ±20% jitter so endpoints that failed
 * together (an outage) are not retried in lockstep. null: no retries left.
 */
export function retryDelayMs(waitsMs: readonly number[], retry: number, random: () => number = Math.random): number | null {
  const base = waitsMs[retry - 1];
  if (base === undefined) return null;
  return Math.max(1, Math.round(base * (0.8 + 0.4 * random())));
}
