/** Parses a contract time input (seconds, "12.5", "MM:SS", "HH:MM:SS(.ms)") into seconds. */
export function parseTimeInput(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(s);
  if (!m) return null;
  const [, h, mm, ss] = m;
  if (Number(mm) >= 60 || Number(ss) >= 60) return null;
  return Number(h ?? 0) * 3600 + Number(mm) * 60 + Number(ss);
}
