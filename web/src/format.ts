// Numbers, times and sizes as people read them.

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** 75.3 -> "1:15.3"; 3725 -> "1:02:05". */
export function clock(seconds: number | null | undefined, decimals = 0): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const secText = decimals > 0 ? sec.toFixed(decimals).padStart(decimals + 3, '0') : String(Math.floor(sec)).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${secText}` : `${m}:${secText}`;
}

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** "3 minutes ago" */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  let v = (Date.parse(iso) - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(v) < size) return rtf.format(Math.round(v), unit);
    v /= size;
  }
  return iso;
}

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });
export function when(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** The host and the tail of a URL, short enough for a list row. */
export function shortUrl(url: unknown): string {
  if (typeof url !== 'string') return '';
  try {
    const u = new URL(url);
    const tail = u.pathname.length > 28 ? `…${u.pathname.slice(-26)}` : u.pathname;
    return `${u.host}${tail}`;
  } catch {
    return url;
  }
}

/** UUIDv7 ids share their leading (time) digits with every id made the same minute: the tail tells them apart. */
export const shortId = (id: string) => `…${id.slice(-6)}`;
