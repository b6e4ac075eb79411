// Previews as images and video; a mosaic with its WebVTT storyboard scrubbing over the video.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type Job } from '../api';
import { bytes, clock } from '../format';
import type { PreviewResult } from '../results';
import { Facts } from '../ui';
import { NoMedia, Player, useMediaSource } from './media';
import { cueFor, parseStoryboard, type StoryboardCue } from './storyboard';

const TYPE_NAMES = { thumbnail: 'Thumbnail', gif: 'Animated preview', mosaic: 'Mosaic', clip: 'Clip' };

interface Scrub {
  t: number;
  setT: (t: number) => void;
  seek: (t: number) => void;
  media: { current: HTMLMediaElement | null };
}

function Storyboard({ job, r, scrub }: { job: Job; r: PreviewResult; scrub: Scrub }) {
  const [cues, setCues] = useState<StoryboardCue[]>();
  const [failed, setFailed] = useState(false);
  const [scrubbing, setScrubbing] = useState(false);
  const { t, setT, seek, media } = scrub;
  const source = useMediaSource(job);
  useEffect(() => {
    if (!r.storyboard_url) return;
    api.fileText(r.storyboard_url).then(
      (text) => setCues(parseStoryboard(text, new URL(r.storyboard_url!, location.href).href)),
      () => setFailed(true),
    );
  }, [r.storyboard_url]);
  if (failed) return <p class="muted">The storyboard file could not be loaded (it may have expired).</p>;
  if (!cues || cues.length === 0) return null;
  const duration = cues.at(-1)!.end;
  const cue = cueFor(cues, t)!;
  const scale = Math.min(2, 240 / cue.w);
  return (
    <div class={`storyboard${source ? ' with-video' : ''}`}>
      <h3>Storyboard</h3>
      {source && <Player source={source} mediaRef={media} label="Source video" onTime={(x) => !scrubbing && setT(x)} />}
      <div class="scrub">
        <div
          class={`tile-preview${scrubbing || !source ? ' shown' : ''}`}
          style={{ left: `${(t / duration) * 100}%` }}
          aria-hidden="true"
        >
          <div
            class="tile"
            data-testid="storyboard-tile"
            style={{
              width: `${cue.w * scale}px`,
              height: `${cue.h * scale}px`,
              backgroundImage: `url("${cue.image}")`,
              backgroundSize: `${(r.width ?? 0) * scale}px ${(r.height ?? 0) * scale}px`,
              backgroundPosition: `-${cue.x * scale}px -${cue.y * scale}px`,
            }}
          />
          <span class="tile-time">{clock(t, 1)}</span>
        </div>
        <label for="scrubber" class="visually-hidden">
          Scrub through the storyboard
        </label>
        <input
          id="scrubber"
          type="range"
          min={0}
          max={duration}
          step={0.1}
          value={t}
          aria-valuetext={clock(t, 1)}
          onInput={(e) => seek(+e.currentTarget.value)}
          onPointerDown={() => setScrubbing(true)}
          onPointerUp={() => setScrubbing(false)}
          onFocus={() => setScrubbing(true)}
          onBlur={() => setScrubbing(false)}
        />
        <div class="scrub-times muted small" aria-hidden="true">
          <span>{clock(0)}</span>
          <span>{clock(duration)}</span>
        </div>
      </div>
      {source === null && <NoMedia job={job} what="under the storyboard" />}
      <p class="muted small">
        {cues.length} frames from <a href={r.storyboard_url}>storyboard.vtt</a> (WebVTT with <code>#xywh</code>, the format players use for seek-bar previews).
      </p>
    </div>
  );
}

function Mosaic({ job, r }: { job: Job; r: PreviewResult }) {
  const tiles = r.tiles ?? [];
  const [t, setT] = useState(0);
  const media = useRef<HTMLMediaElement>(null);
  const seek = (to: number) => {
    setT(to);
    if (media.current) media.current.currentTime = to;
  };
  return (
    <>
      {/* Shown up to twice its size: tiles are small, and the picture is what the job is for. */}
      <div class="mosaic" style={{ width: `${Math.min(2 * r.width, 900)}px` }}>
        <img src={job.download_url!} width={r.width} height={r.height} alt={`Mosaic of ${tiles.length} frames`} />
        {tiles.map((tile) => (
          <button
            type="button"
            key={tile.index}
            class="mosaic-tile"
            title={`Frame at ${clock(tile.time, 1)}`}
            aria-label={`Go to frame ${tile.index + 1} at ${clock(tile.time, 1)}`}
            onClick={() => seek(tile.time)}
            style={{ left: `${(tile.x / r.width) * 100}%`, top: `${(tile.y / r.height) * 100}%`, width: `${(tile.width / r.width) * 100}%`, height: `${(tile.height / r.height) * 100}%` }}
          >
            <span>{clock(tile.time)}</span>
          </button>
        ))}
      </div>
      <Storyboard job={job} r={r} scrub={{ t, setT, seek, media }} />
    </>
  );
}

export function PreviewView({ job }: { job: Job }) {
  const r = job.result as PreviewResult;
  const url = job.download_url;
  return (
    <section class="card result preview" aria-labelledby="result-h">
      <h2 id="result-h">{TYPE_NAMES[r.preview_type] ?? 'Preview'}</h2>
      {!url && <p class="muted">The output has expired; run the job again to make it anew.</p>}
      {url && r.preview_type === 'clip' && <Player source={{ url, kind: 'video', from: 'download' }} label="Clip" />}
      {url && (r.preview_type === 'thumbnail' || r.preview_type === 'gif') && (
        <img class="preview-image" src={url} width={r.width} height={r.height} alt={`${TYPE_NAMES[r.preview_type]} of the source${r.timestamp !== undefined ? ` at ${clock(r.timestamp, 1)}` : ''}`} />
      )}
      {url && r.preview_type === 'mosaic' && <Mosaic job={job} r={r} />}
      <Facts
        rows={[
          ['Size', `${r.width} × ${r.height}`],
          ['File', `${r.mime_type ?? ''} · ${bytes(r.size_bytes)}`],
          ['At', r.timestamp !== undefined ? clock(r.timestamp, 1) : null],
          ['From', r.start !== undefined ? `${clock(r.start, 1)} for ${r.duration ?? '?'} s` : null],
          ['Grid', r.columns ? `${r.columns} × ${r.rows}` : null],
        ]}
      />
    </section>
  );
}
