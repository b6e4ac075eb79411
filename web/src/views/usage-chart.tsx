// Credits used per day, from the ledger: charges less refunds of jobs (grants are not usage).
// A hand-drawn SVG bar chart (no chart library: a few hundred bytes instead of tens of KB),
// with the same numbers in a table for screen readers and for copying.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LedgerEntry } from '../api';
import { plural } from '../format';

export interface Day {
  date: string;
  used: number;
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);

/** The last `days` days (UTC), oldest first, each with its net credits used. */
export function usageByDay(entries: LedgerEntry[], days = 30, now = new Date()): Day[] {
  const out: Day[] = [];
  const index = new Map<string, Day>();
  for (let i = days - 1; i >= 0; i--) {
    const d: Day = { date: dayKey(new Date(now.getTime() - i * 86_400_000)), used: 0 };
    out.push(d);
    index.set(d.date, d);
  }
  for (const e of entries) {
    if (!e.job_id) continue;
    const d = index.get(e.created_at.slice(0, 10));
    if (d) d.used -= e.delta;
  }
  return out;
}

const H = 180;
const PAD = { left: 34, right: 8, top: 10, bottom: 22 };
const short = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const label = (date: string) => short.format(new Date(`${date}T00:00:00Z`));

/** The element's width in CSS pixels: the chart is drawn at its real size, so its text stays 12 px at any width. */
function useWidth(): [{ current: HTMLElement | null }, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(600);
  useEffect(() => {
    if (!ref.current) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.max(240, Math.round(entry.contentRect.width))));
    ro.observe(ref.current);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function UsageChart({ days }: { days: Day[] }) {
  const [ref, W] = useWidth();
  const max = Math.max(1, ...days.map((d) => d.used));
  const total = days.reduce((n, d) => n + d.used, 0);
  const step = (W - PAD.left - PAD.right) / days.length;
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const busiest = days.reduce((a, b) => (b.used > a.used ? b : a), days[0]);
  const summary = `${plural(total, 'credit')} used in the last ${days.length} days${total ? `; busiest day ${label(busiest.date)} with ${busiest.used}` : ''}.`;
  return (
    <figure class="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Credits used per day. ${summary}`}>
        {[0, 0.5, 1].map((f) => {
          const v = Math.round(max * f);
          return (
            <g key={f} class="grid">
              <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
              <text x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
                {v}
              </text>
            </g>
          );
        })}
        {days.map((d, i) => (
          <rect key={d.date} class="bar" x={PAD.left + i * step + step * 0.15} width={step * 0.7} y={y(Math.max(0, d.used))} height={Math.max(0, H - PAD.bottom - y(Math.max(0, d.used)))}>
            <title>{`${label(d.date)}: ${plural(d.used, 'credit')}`}</title>
          </rect>
        ))}
        {[0, Math.floor(days.length / 2), days.length - 1].map((i, n) => (
          <text key={i} class="axis" x={n === 2 ? W - PAD.right : PAD.left + i * step + (n === 0 ? 0 : step / 2)} y={H - 6} text-anchor={['start', 'middle', 'end'][n]}>
            {label(days[i].date)}
          </text>
        ))}
      </svg>
      <figcaption class="muted small">{summary}</figcaption>
      <details>
        <summary>Numbers by day</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Credits used per day">
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Credits used</th>
              </tr>
            </thead>
            <tbody>
              {days
                .filter((d) => d.used !== 0)
                .map((d) => (
                  <tr key={d.date}>
                    <td>{label(d.date)}</td>
                    <td>{d.used}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
