// A processed download in a player, with the facts of the file and any further files.
import type { Job } from '../api';
import { bytes, clock } from '../format';
import type { DownloadResult, PlaylistFile } from '../results';
import { CopyButton, Facts } from '../ui';
import { mediaKind, Player } from './media';

export function DownloadView({ job }: { job: Job }) {
  const r = job.result as DownloadResult;
  const kind = mediaKind(r.mime_type);
  const files = (r.files ?? []).filter((f): f is PlaylistFile => typeof f === 'object' && f !== null);
  return (
    <section class="card result download" aria-labelledby="result-h">
      <h2 id="result-h">{r.filename ?? 'Download'}</h2>
      {job.download_url && kind && <Player source={{ url: job.download_url, kind, from: 'download' }} label={`Downloaded ${kind}`} />}
      {!job.download_url && <p class="muted">The file has expired; run the job again to fetch it anew.</p>}
      <Facts
        rows={[
          ['Format', r.format ? `${r.format} (${r.mime_type ?? '?'})` : r.mime_type],
          ['Size', bytes(r.size_bytes)],
          ['Duration', r.duration ? clock(r.duration, 1) : null],
          ['Resolution', r.width && r.height ? `${r.width} × ${r.height}` : null],
          ['Video', r.vcodec],
          ['Audio', r.acodec],
          [
            'SHA-256',
            r.sha256 ? (
              <span class="id-cell">
                <code class="hash">{r.sha256}</code> <CopyButton text={r.sha256} />
              </span>
            ) : null,
          ],
        ]}
      />
      {files.length > 0 && (
        <>
          <h3>Files</h3>
          <ul class="file-list">
            {files.map((f) => (
              <li key={f.filename}>
                {f.download_url ? (
                  <a href={f.download_url} download>
                    {f.title ?? f.filename}
                  </a>
                ) : (
                  (f.title ?? f.filename)
                )}{' '}
                <span class="muted small">
                  {bytes(f.size_bytes)}
                  {f.duration ? ` · ${clock(f.duration)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
