// The live job list: filters in the URL, running jobs followed over SSE, a gentle refresh for
// jobs submitted elsewhere, and "Load more" through the cursor.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, followJob, TERMINAL, type Job, type JobStatus, type VideoConduitError } from '../api';
import { ago, shortUrl } from '../format';
import { asProblem, useInterval } from '../hooks';
import { JOB_LABELS, JOB_TYPES, type JobType } from '../results';
import { navigate, useLocation } from '../router';
import { JobProgress, Loading, Problem, StatusBadge } from '../ui';
import { JobIcon } from '../views/job-icon';

const STATUSES: JobStatus[] = ['pending', 'processing', 'completed', 'failed', 'cancelled'];
/** Browsers allow six connections per host; SSE streams hold one each, so follow a few and poll the rest. */
const MAX_STREAMS = 3;
const REFRESH_MS = 10_000;

export function jobTitle(job: Job): string {
  const r = (job.request ?? {}) as Record<string, unknown>;
  const label = JOB_LABELS[job.job_type as JobType] ?? job.job_type;
  const detail =
    job.job_type === 'preview' ? r.preview_type : job.job_type === 'translate' ? `→ ${String(r.target_language)}` : job.job_type === 'download' ? (r.audio_only ? 'audio' : r.format) : null;
  return detail ? `${label} · ${String(detail)}` : label;
}

export const cost = (job: Job) => job.credits_charged - job.credits_refunded;

export function JobsPage() {
  const { query } = useLocation();
  const status = (query.get('status') ?? '') as JobStatus | '';
  const type = (query.get('type') ?? '') as JobType | '';
  const [jobs, setJobs] = useState<Job[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<VideoConduitError>();

  const load = async (append: boolean) => {
    try {
      const page = await api.jobs({ status: status || undefined, job_type: type || undefined, cursor: append ? (cursor ?? undefined) : undefined });
      setError(undefined);
      setJobs((old) => {
        const have = new Set((old ?? []).map((j) => j.job_id));
        if (append) return [...(old ?? []), ...page.data.filter((j) => !have.has(j.job_id))];
        // A refresh replaces the first page and keeps what "Load more" added below it.
        const fresh = new Set(page.data.map((j) => j.job_id));
        const last = page.data.at(-1)?.job_id ?? '';
        return [...page.data, ...(old ?? []).filter((j) => !fresh.has(j.job_id) && j.job_id < last)];
      });
      if (append || !cursor) setCursor(page.next_cursor);
    } catch (e) {
      setError(asProblem(e));
    }
  };
  useEffect(() => {
    setJobs(undefined);
    setCursor(null);
    void load(false);
  }, [status, type]);
  useInterval(() => void load(false), REFRESH_MS);

  const activeIds = useMemo(
    () =>
      (jobs ?? [])
        .filter((j) => !TERMINAL.includes(j.status))
        .slice(0, MAX_STREAMS)
        .map((j) => j.job_id),
    [jobs],
  );
  const key = activeIds.join(',');
  useEffect(() => {
    const ctrl = new AbortController();
    for (const id of activeIds) {
      void followJob(id, (job) => setJobs((old) => old?.map((j) => (j.job_id === job.job_id ? job : j))), ctrl.signal);
    }
    return () => ctrl.abort();
  }, [key]);

  const setFilter = (name: 'status' | 'type', value: string) => {
    const q = new URLSearchParams(query);
    if (value) q.set(name, value);
    else q.delete(name);
    navigate(`/jobs${q.size ? `?${q}` : ''}`, { replace: true });
  };

  return (
    <section>
      <div class="page-head">
        <h1>Jobs</h1>
        <a class="button" href="/new">
          New job
        </a>
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter jobs">
        <label>
          Status
          <select value={status} onChange={(e) => setFilter('status', e.currentTarget.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setFilter('type', e.currentTarget.value)}>
            <option value="">Any type</option>
            {JOB_TYPES.map((t) => (
              <option key={t} value={t}>
                {JOB_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Problem error={error} title="Could not load jobs" />
      {!jobs && !error && <Loading what="jobs" />}
      {jobs && jobs.length === 0 && (
        <div class="empty">
          <p>{status || type ? 'No jobs match these filters.' : 'No jobs yet.'}</p>
          <a class="button" href="/new">
            Start your first job
          </a>
        </div>
      )}
      {jobs && jobs.length > 0 && (
        <ul class="job-list" aria-label="Jobs, newest first">
          {jobs.map((job) => (
            <li key={job.job_id} class="job-row" data-job-id={job.job_id} data-status={job.status}>
              <JobIcon job={job} />
              <a class="job-link" href={`/jobs/${job.job_id}`}>
                <span class="job-title">{jobTitle(job)}</span>
                <span class="job-source muted">{shortUrl((job.request as { url?: string } | null)?.url)}</span>
              </a>
              <div class="job-state">
                <StatusBadge status={job.status} />
                <JobProgress job={job} />
              </div>
              <div class="job-meta muted small">
                <span title="Credits charged, less refunds">{cost(job)} cr</span>
                <time dateTime={job.created_at}>{ago(job.created_at)}</time>
              </div>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="secondary" onClick={() => void load(true)}>
          Load more
        </button>
      )}
    </section>
  );
}
