// A transcript (or a translation, side by side with its source text) beside the media: the cue
// being spoken is highlighted, and clicking a cue seeks there.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Job } from '../api';
import { clock, percent } from '../format';
import type { Segment, TranscriptResult, TranslationResult } from '../results';
import { CopyButton, Facts } from '../ui';
import { NoMedia, Player, useMediaSource } from './media';

const languageName = (code: string | undefined) => {
  if (!code) return '—';
  try {
    return `${new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
};

/** The index of the cue at `t` (the last one started), or -1. */
export function cueAt(segments: Segment[], t: number): number {
  let found = -1;
  for (let i = 0; i < segments.length; i++) {
    if (segments[i].start <= t + 0.05) found = i;
    else break;
  }
  return found >= 0 && t <= segments[found].end + 0.5 ? found : -1;
}

export function TranscriptView({ job }: { job: Job }) {
  const translated = job.job_type === 'translate';
  const r = (job.result ?? {}) as TranscriptResult & TranslationResult;
  const segments = r.segments ?? [];
  const source = useMediaSource(job);
  const media = useRef<HTMLMediaElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const [time, setTime] = useState(0);
  const current = cueAt(segments, time);

  // Keep the spoken cue in view inside the list, without scrolling the page.
  useEffect(() => {
    const box = list.current;
    const el = box?.querySelector<HTMLElement>(`[data-cue="${current}"]`);
    if (!box || !el) return;
    if (el.offsetTop < box.scrollTop || el.offsetTop + el.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = el.offsetTop - box.clientHeight / 3;
  }, [current]);

  const seek = (t: number) => {
    const m = media.current;
    if (!m) return;
    m.currentTime = t;
    setTime(t);
    void m.play().catch(() => {});
  };
  const text = r.text;
  return (
    <section class="card result transcript" aria-labelledby="result-h">
      <h2 id="result-h">{translated ? 'Translation' : 'Transcript'}</h2>
      <Facts
        rows={
          translated
            ? [
                ['From', languageName(r.source_language)],
                ['To', languageName(r.target_language)],
                ['Engine', r.engine],
              ]
            : [
                ['Language', languageName(r.language)],
                ['Confidence', r.language_probability !== undefined ? percent(r.language_probability) : null],
                ['Duration', clock(r.duration, 1)],
                ['Model', r.model_size],
              ]
        }
      />
      {/* Audio needs one line, not half the width: it sits above the cues. */}
      <div class={`media-and-cues${!source || source.kind === 'audio' ? ' stacked' : ''}`}>
        <div class="media-side">
          {source && <Player source={source} mediaRef={media} onTime={setTime} label="Source media" />}
          {source === null && <NoMedia job={job} what="beside the transcript" />}
        </div>
        <div class="cues-side">
          {translated && (
            <div class="cue-head" aria-hidden="true">
              <span />
              <span>{languageName(r.source_language)}</span>
              <span>{languageName(r.target_language)}</span>
            </div>
          )}
          <ol class={`cues${translated ? ' two' : ''}`} ref={list} aria-label={translated ? 'Translated cues' : 'Transcript cues'}>
            {segments.map((s, i) => (
              <li key={s.id} data-cue={i} aria-current={i === current ? 'true' : undefined} class={i === current ? 'current' : undefined}>
                <button type="button" class="cue" onClick={() => seek(s.start)} disabled={!source}>
                  <span class="cue-time">{clock(s.start)}</span>
                  <span class="cue-text">{s.text.trim()}</span>
                  {translated && (
                    <span class="cue-text translated" lang={r.target_language}>
                      {s.translated_text}
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ol>
          {segments.length === 0 && <p class="muted">No speech was found.</p>}
        </div>
      </div>
      {text && (
        <details>
          <summary>Full text</summary>
          <p class="full-text" lang={translated ? r.target_language : r.language}>
            {text}
          </p>
          <CopyButton text={text} label="Copy text" />
        </details>
      )}
    </section>
  );
}
