// A job's picture in lists: the image itself for a finished image preview, else its type's icon.
import type { Job } from '../api';
import type { JobType } from '../results';

const ICONS: Record<JobType, string> = {
  download: 'M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14',
  preview: 'M4 6h16v12H4zM4 15l4.5-4 3.5 3 3-2.5L20 15',
  transcribe: 'M5 7h14M5 11h14M5 15h9',
  translate: 'M4 6h8M8 4v2m-3 0c.8 3 3 5.5 6 7m-1-7c-.9 3.2-2.9 5.8-6 7.5M13 20l3.5-9 3.5 9m-6-2.5h5',
  fingerprint: 'M8 19c-1.5-2-2-4-2-7a6 6 0 0 1 12 0M12 12c0 3 .7 5.5 2 7.5M9.2 12a2.8 2.8 0 0 1 5.6 0c0 1.5.2 3 .7 4.5',
  comments: 'M5 5h14v10H10l-4 4v-4H5z',
};

export function JobIcon({ job }: { job: Job }) {
  const r = job.result as { mime_type?: string } | null;
  if (job.job_type === 'preview' && job.download_url && r?.mime_type?.startsWith('image/')) {
    return <img class="job-thumb" src={job.download_url} alt="" loading="lazy" width={64} height={36} />;
  }
  return (
    <span class="job-thumb icon" aria-hidden="true">
      <svg viewBox="0 0 24 24" width="22" height="22">
        <path d={ICONS[job.job_type as JobType] ?? ICONS.download} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
    </span>
  );
}
