// GET /v1/info's answer: the source's facts and its formats.
import { bytes, clock } from '../format';
import { Facts } from '../ui';

interface Format {
  format_id?: string;
  ext?: string;
  width?: number | null;
  height?: number | null;
  vcodec?: string | null;
  acodec?: string | null;
  tbr?: number | null;
  filesize?: number | null;
  filesize_approx?: number | null;
}

const str = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : null);

export function InfoView({ info }: { info: Record<string, unknown> }) {
  if (info._type === 'playlist') {
    const entries = (info.entries as Record<string, unknown>[] | undefined) ?? [];
    return (
      <section class="card result info" aria-labelledby="info-h">
        <h2 id="info-h">Playlist: {str(info.title) ?? 'untitled'}</h2>
        <ol>
          {entries.map((e, i) => (
            <li key={i}>
              {str(e.title) ?? str(e.webpage_url)} <span class="muted small">{clock(e.duration as number)}</span>
            </li>
          ))}
        </ol>
      </section>
    );
  }
  const formats = ((info.formats as Format[] | undefined) ?? []).slice(-30).reverse();
  const thumb = str(info.thumbnail);
  return (
    <section class="card result info" aria-labelledby="info-h">
      <h2 id="info-h">{str(info.title) ?? 'Untitled'}</h2>
      <div class="info-top">
        {thumb && <img class="info-thumb" src={thumb} alt="" loading="lazy" />}
        <Facts
          rows={[
            ['Platform', str(info.extractor)],
            ['Uploader', str(info.uploader) ?? str(info.channel)],
            ['Duration', typeof info.duration === 'number' ? clock(info.duration, 1) : null],
            ['Uploaded', str(info.upload_date)],
            ['Views', typeof info.view_count === 'number' ? info.view_count.toLocaleString('en') : null],
            ['Live', info.is_live ? 'yes' : null],
          ]}
        />
      </div>
      {str(info.description) && <p class="description">{str(info.description)}</p>}
      {formats.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Formats">
          <table>
            <caption class="visually-hidden">Formats</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Type</th>
                <th scope="col">Size</th>
                <th scope="col">Codecs</th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {formats.map((f, i) => (
                <tr key={`${f.format_id}-${i}`}>
                  <td>{f.format_id}</td>
                  <td>{f.ext}</td>
                  <td>{f.width && f.height ? `${f.width}×${f.height}` : 'audio'}</td>
                  <td>{[f.vcodec, f.acodec].filter((c) => c && c !== 'none').join(' + ') || '—'}</td>
                  <td>{bytes(f.filesize ?? f.filesize_approx)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
