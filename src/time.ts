// Time inputs (contract §1) and RFC 3339 times in query strings.

/** Largest time input accepted (seconds): the ceiling of VC_MAX_DURATION_SECONDS, 7 days. */
export const MAX_TIME_INPUT_SECONDS = 7 * 86_400;

/** The validation message for a time input parseTimeInput refused. */
export const TIME_INPUT_HINT = `expected seconds (12.5), "MM:SS" or "HH:MM:SS(.ms)", from 0 to ${MAX_TIME_INPUT_SECONDS}`;

/**
 * Parses a contract time input (seconds, "12.5", "MM:SS", "HH:MM:SS(.ms)") into seconds,
 * rounded to the millisecond (the precision every engine is given: `1e-9` is 0, never
 * "1e-9" on an engine's command line). null when absent or not a finite time from 0 to
 * MAX_TIME_INPUT_SECONDS (the schema lets "Infinity" through as a number: JSON coercion).
 */
export function parseTimeInput(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  const seconds = typeof v === 'number' ? v : parseTimeText(v.trim());
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_TIME_INPUT_SECONDS) return null;
  return Math.round(seconds * 1000) / 1000;
}

function parseTimeText(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(s);
  if (!m) return null;
  const [, h, mm, ss] = m;
  if (Number(mm) >= 60 || Number(ss) >= 60) return null;
  return Number(h ?? 0) * 3600 + Number(mm) * 60 + Number(ss);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * An RFC 3339 date-time (`2026-11-28T17:20:24Z`, `…+01:00`, fractions allowed) as a Date, or
 * null: no bare dates, no numbers, no five-digit years, no 31 February (Date.parse rolls
 * that over to March).
 */
export function parseRfc3339(text: string): Date | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s) return null;
  const offsetMin = m[8] === 'Z' || m[8] === 'z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (Math.abs(offsetMin) >= 24 * 60) return null;
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  return new Date(check.getTime() + fraction - offsetMin * 60_000);
}
