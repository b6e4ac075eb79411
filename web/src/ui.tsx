// Small shared pieces: status badges, progress, notices, copy buttons.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { problemText, type Job, type VideoConduitError } from './api';
import { ERROR_ADVICE } from './results';

export function StatusBadge({ status }: { status: Job['status'] }) {
  return <span class={`badge status-${status}`}>{status}</span>;
}

export function JobProgress({ job, label }: { job: Job; label?: string }) {
  const active = job.status === 'pending' || job.status === 'processing';
  if (!active) return null;
  const text = job.status === 'pending' ? 'Waiting in the queue' : `${job.progress}%${job.stage ? ` · ${job.stage}` : ''}`;
  return (
    <div class="progress">
      <progress max={100} value={job.status === 'pending' ? undefined : job.progress} aria-label={label ?? `Progress of job ${job.job_id}`} />
      <span class="muted small">{text}</span>
    </div>
  );
}

export function Problem({ error, title }: { error: VideoConduitError | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div class="notice error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <p>
        {problemText(error)} <code>{error.code}</code>
      </p>
      {ERROR_ADVICE[error.code] && <p>{ERROR_ADVICE[error.code]}</p>}
    </div>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warn'; children: ComponentChildren }) {
  return (
    <div class={`notice ${kind}`} role={kind === 'success' ? 'status' : undefined}>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      class="small secondary"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        });
      }}
    >
      {done ? 'Copied' : label}
    </button>
  );
}

/** A secret shown once, with the warning that goes with it. */
export function SecretOnce({ name, value }: { name: string; value: string }) {
  return (
    <Notice kind="success">
      <p>
        <strong>New {name}.</strong> Store it now: it is not shown again.
      </p>
      <div class="secret">
        <code>{value}</code>
        <CopyButton text={value} />
      </div>
    </Notice>
  );
}

export function Facts({ rows }: { rows: [string, ComponentChildren][] }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <dl class="facts">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A table that scrolls sideways on its own (keyboard too) instead of widening the page. */
export function ScrollTable({ label, class: cls, columns, children }: { label: string; class: string; columns: string[]; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table class={cls}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
