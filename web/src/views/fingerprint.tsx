// A fingerprint: its frame hashes, the earlier videos it duplicates with their similarity, and
// the aligned segments drawn on a timeline; compare with any other fingerprint job.
import { useEffect, useState } from 'preact/hooks';
import { api, type Comparison, type Job, type VideoConduitError } from '../api';
import { clock, percent, shortId, shortUrl } from '../format';
import { asProblem } from '../hooks';
import type { AlignedSegment, FingerprintMatch, FingerprintResult } from '../results';
import { Facts, Problem } from '../ui';

const W = 1000;
const TRACK = 26;
const GAP = 54;

/** Two tracks (this video above, the other below) with each aligned pair joined by a band. */
export function AlignmentTimeline({ a, b, segments, label }: { a: number; b: number; segments: AlignedSegment[]; label: string }) {
  const span = Math.max(a, b, 0.001);
  const x = (t: number) => (t / span) * W;
  const yB = TRACK + GAP;
  const described = segments.map((s) => `${clock(s.start_a)}–${clock(s.end_a)} here matches ${clock(s.start_b)}–${clock(s.end_b)} there`).join('; ');
  return (
    <figure class="timeline">
      <svg viewBox={`0 0 ${W} ${yB + TRACK + 18}`} role="img" aria-label={`${label}: ${described || 'no aligned segments'}`} preserveAspectRatio="none">
        <rect class="track" x={0} y={0} width={x(a)} height={TRACK} rx={4} />
        <rect class="track" x={0} y={yB} width={x(b)} height={TRACK} rx={4} />
        {segments.map((s, i) => (
          <g key={i}>
            <polygon class="band" points={`${x(s.start_a)},${TRACK} ${x(s.end_a)},${TRACK} ${x(s.end_b)},${yB} ${x(s.start_b)},${yB}`} />
            <rect class="seg" x={x(s.start_a)} y={0} width={Math.max(2, x(s.end_a) - x(s.start_a))} height={TRACK} rx={3} />
            <rect class="seg" x={x(s.start_b)} y={yB} width={Math.max(2, x(s.end_b) - x(s.start_b))} height={TRACK} rx={3} />
          </g>
        ))}
      </svg>
      <figcaption class="timeline-legend small muted">
        <span>
          Top: this video ({clock(a)}) · bottom: the other ({clock(b)})
        </span>
      </figcaption>
      <ul class="segments small">
        {segments.map((s, i) => (
          <li key={i}>
            {clock(s.start_a, 1)}–{clock(s.end_a, 1)} ↔ {clock(s.start_b, 1)}–{clock(s.end_b, 1)}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function Similarity({ m }: { m: Pick<FingerprintMatch, 'similarity' | 'visual_similarity' | 'audio_similarity' | 'speed' | 'offset'> }) {
  return (
    <div class="similarity">
      <meter min={0} max={1} low={0.5} high={0.8} optimum={1} value={m.similarity} aria-label="Similarity" />
      <strong>{percent(m.similarity)}</strong>
      <span class="muted small">
        picture {percent(m.visual_similarity)} · sound {percent(m.audio_similarity)} · speed ×{m.speed.toFixed(2)} · offset {m.offset.toFixed(1)} s
      </span>
    </div>
  );
}

function Match({ m, duration }: { m: FingerprintMatch; duration: number }) {
  const [other, setOther] = useState<Job>();
  useEffect(() => {
    api.job(m.job_id).then(setOther, () => {});
  }, [m.job_id]);
  const otherDuration = (other?.result as FingerprintResult | undefined)?.duration ?? Math.max(...m.segments.map((s) => s.end_b), 1);
  return (
    <li class="match" data-match-job={m.job_id}>
      <p>
        <a href={`/jobs/${m.job_id}`}>Fingerprint {shortId(m.job_id)}</a>{' '}
        <span class="muted small">{shortUrl((other?.request as { url?: string } | undefined)?.url)}</span>
      </p>
      <Similarity m={m} />
      <AlignmentTimeline a={duration} b={otherDuration} segments={m.segments} label={`Aligned segments with ${shortId(m.job_id)}`} />
    </li>
  );
}

function Compare({ job, duration }: { job: Job; duration: number }) {
  const [other, setOther] = useState('');
  const [result, setResult] = useState<Comparison>();
  const [error, setError] = useState<VideoConduitError>();
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      setResult(await api.compare(job.job_id, other.trim()));
    } catch (err) {
      setError(asProblem(err));
    }
  };
  return (
    <details class="compare">
      <summary>Compare with another fingerprint job (free)</summary>
      <form onSubmit={(e) => void submit(e)} class="inline-form">
        <label for="compare-id">Other job id</label>
        <input id="compare-id" value={other} onInput={(e) => setOther(e.currentTarget.value)} required pattern="[0-9a-fA-F-]{36}" placeholder="0190…" />
        <button type="submit">Compare</button>
      </form>
      <Problem error={error} title="Could not compare" />
      {result && (
        <div>
          <p>{result.match ? 'These are the same video.' : 'These do not match.'}</p>
          <Similarity m={result} />
          <AlignmentTimeline a={duration} b={Math.max(...result.segments.map((s) => s.end_b), 1)} segments={result.segments} label="Aligned segments" />
        </div>
      )}
    </details>
  );
}

export function FingerprintView({ job }: { job: Job }) {
  const r = job.result as FingerprintResult;
  const matches = r.matches ?? [];
  const duration = r.duration ?? 0;
  return (
    <section class="card result fingerprint" aria-labelledby="result-h">
      <h2 id="result-h">Fingerprint</h2>
      <Facts
        rows={[
          ['Duration', clock(duration, 1)],
          ['Frame at', clock(r.timestamp, 1)],
          ['Hash size', r.hash_size ? `${r.hash_size} × ${r.hash_size}` : null],
          ['Perceptual', <code class="hash">{r.perceptual_hash}</code>],
          ['Average', <code class="hash">{r.average_hash}</code>],
          ['Difference', <code class="hash">{r.difference_hash}</code>],
        ]}
      />
      <h3>Matches</h3>
      {matches.length === 0 ? (
        <p class="muted" data-testid="no-matches">
          No earlier video of yours matches this one.
        </p>
      ) : (
        <ol class="matches" aria-label="Earlier videos this one duplicates">
          {matches.map((m) => (
            <Match key={m.job_id} m={m} duration={duration} />
          ))}
        </ol>
      )}
      <Compare job={job} duration={duration} />
    </section>
  );
}
