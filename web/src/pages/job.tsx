// One job at /jobs/<id>: live progress over SSE, the result shown the way it is meant to be
// seen, errors with what to do, and cancel / run again.
import { useEffect, useState } from 'preact/hooks';
import { api, followJob, TERMINAL, type Job, type VideoConduitError } from '../api';
import { ago, plural, shortUrl, when } from '../format';
import { asProblem, useLoad } from '../hooks';
import { ERROR_ADVICE, type JobType } from '../results';
import { CopyButton, Facts, JobProgress, Loading, Problem, StatusBadge } from '../ui';
import { CommentsView } from '../views/comments';
import { DownloadView } from '../views/download';
import { FingerprintView } from '../views/fingerprint';
import { PreviewView } from '../views/preview';
import { TranscriptView } from '../views/transcript';
import { cost, jobTitle } from './jobs';

function ResultView({ job }: { job: Job }) {
  if (job.status !== 'completed' || !job.result) return null;
  switch (job.job_type as JobType) {
    case 'download':
      return <DownloadView job={job} />;
    case 'preview':
      return <PreviewView job={job} />;
    case 'transcribe':
    case 'translate':
      return <TranscriptView job={job} />;
    case 'fingerprint':
      return <FingerprintView job={job} />;
    case 'comments':
      return <CommentsView job={job} />;
    default:
      return <pre class="json">{JSON.stringify(job.result, null, 2)}</pre>;
  }
}

function JobError({ job }: { job: Job }) {
  if (!job.error) return null;
  const advice = ERROR_ADVICE[job.error.code];
  return (
    <div class="notice error job-error" role="alert">
      <p>
        <strong>{job.status === 'cancelled' ? 'Cancelled' : 'Failed'}</strong> with <code>{job.error.code}</code>
      </p>
      <p class="detail">{job.error.detail}</p>
      {advice && <p>{advice}</p>}
      {job.credits_refunded > 0 && <p class="small">{plural(job.credits_refunded, 'credit')} refunded.</p>}
    </div>
  );
}

function Actions({ job, onChange }: { job: Job; onChange: (job: Job) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<VideoConduitError>();
  const active = !TERMINAL.includes(job.status);
  const cancel = async () => {
    try {
      onChange(await api.cancel(job.job_id));
    } catch (e) {
      setError(asProblem(e));
    }
    setConfirming(false);
  };
  return (
    <div class="actions">
      {job.download_url && (
        <a class="button" href={job.download_url} download>
          Download file
        </a>
      )}
      <a class="button secondary" href={`/new/${job.job_type}?from=${job.job_id}`}>
        Run again
      </a>
      {active && !confirming && (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          Cancel job
        </button>
      )}
      {active && confirming && (
        <span class="confirm" role="group" aria-label="Confirm cancelling">
          <span>{job.status === 'processing' ? 'Stop it? Running jobs are not refunded.' : 'Cancel it? The credits are refunded.'}</span>
          <button type="button" class="danger" onClick={() => void cancel()}>
            Yes, cancel
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Keep running
          </button>
        </span>
      )}
      <Problem error={error} title="Could not cancel" />
    </div>
  );
}

export function JobPage({ id }: { id: string }) {
  const loaded = useLoad(() => api.job(id), [id]);
  const [job, setJob] = useState<Job>();
  useEffect(() => setJob(loaded.data), [loaded.data]);
  const active = job ? !TERMINAL.includes(job.status) : false;
  useEffect(() => {
    if (!active) return;
    const ctrl = new AbortController();
    void followJob(id, setJob, ctrl.signal);
    return () => ctrl.abort();
  }, [id, active]);

  if (loaded.error) {
    return (
      <section>
        <h1>Job {id}</h1>
        <Problem error={loaded.error} title={loaded.error.code === 'not_found' ? 'No such job on this account' : 'Could not load the job'} />
        <a href="/jobs">Back to jobs</a>
      </section>
    );
  }
  if (!job) return <Loading what="the job" />;
  const source = (job.request as { url?: string } | null)?.url;
  return (
    <article class="job-page" data-status={job.status}>
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/jobs">Jobs</a> <span aria-hidden="true">/</span> <span>{job.job_id}</span>
      </nav>
      <div class="page-head">
        <h1>{jobTitle(job)}</h1>
        <StatusBadge status={job.status} />
      </div>
      {source && (
        <p class="source">
          <a href={source} rel="noopener noreferrer" target="_blank">
            {shortUrl(source)}
          </a>
        </p>
      )}
      <div aria-live="polite" class="live">
        <JobProgress job={job} label="Job progress" />
        {job.status === 'completed' && <p class="muted small">Completed {ago(job.completed_at)}.</p>}
      </div>
      <JobError job={job} />
      <Actions job={job} onChange={setJob} />
      {active && (
        <section class="card result waiting">
          <p>The result appears here as soon as the job completes; this page follows it live.</p>
        </section>
      )}
      <ResultView job={job} />
      <section class="card" aria-labelledby="details-h">
        <h2 id="details-h">Details</h2>
        <Facts
          rows={[
            ['Job id', <span class="id-cell"><code>{job.job_id}</code> <CopyButton text={job.job_id} label="Copy id" /></span>],
            ['Created', when(job.created_at)],
            ['Started', when(job.started_at)],
            ['Finished', when(job.completed_at)],
            ['Credits', `${job.credits_charged} charged${job.credits_refunded ? `, ${job.credits_refunded} refunded` : ''} (${cost(job)} net)`],
            ['Files expire', job.expires_at ? when(job.expires_at) : null],
          ]}
        />
        <details>
          <summary>Request parameters</summary>
          <pre class="json">{JSON.stringify(job.request, null, 2)}</pre>
        </details>
        {job.metadata !== null && job.metadata !== undefined && (
          <details>
            <summary>Metadata</summary>
            <pre class="json">{JSON.stringify(job.metadata, null, 2)}</pre>
          </details>
        )}
      </section>
    </article>
  );
}
