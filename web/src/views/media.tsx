// The media a result is shown against: a direct media source plays as it is; otherwise a
// completed download of the same URL on this account; otherwise the page offers one.
import type { Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Job } from '../api';

export interface MediaSource {
  url: string;
  kind: 'video' | 'audio';
  from: 'source' | 'download';
}

const AUDIO = /\.(m4a|mp3|wav|ogg|oga|opus|flac|aac)$/i;
const VIDEO = /\.(mp4|m4v|webm|mov|ogv)$/i;

/** A URL whose path ends in a media extension the browser can play. */
export function directMedia(url: string | undefined): MediaSource | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  if (VIDEO.test(path)) return { url, kind: 'video', from: 'source' };
  if (AUDIO.test(path)) return { url, kind: 'audio', from: 'source' };
  return null;
}

export function mediaKind(mime: string | undefined): 'video' | 'audio' | null {
  if (!mime) return null;
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return null;
}

/** undefined while looking, null when nothing playable was found. */
export function useMediaSource(job: Job): MediaSource | null | undefined {
  const url = (job.request as { url?: string } | null)?.url;
  const direct = directMedia(url);
  const [found, setFound] = useState<MediaSource | null | undefined>(direct ?? undefined);
  useEffect(() => {
    if (direct || !url) {
      setFound(direct);
      return;
    }
    let live = true;
    api.jobs({ job_type: 'download', status: 'completed', limit: 100 }).then(
      (page) => {
        const dl = page.data.find((j) => (j.request as { url?: string } | null)?.url === url && j.download_url);
        const kind = mediaKind((dl?.result as { mime_type?: string } | null)?.mime_type);
        if (live) setFound(dl?.download_url && kind ? { url: dl.download_url, kind, from: 'download' } : null);
      },
      () => live && setFound(null),
    );
    return () => {
      live = false;
    };
  }, [url]);
  return found;
}

export function Player({ source, mediaRef, onTime, label }: { source: MediaSource; mediaRef?: Ref<HTMLMediaElement>; onTime?: (t: number) => void; label: string }) {
  const props = {
    src: source.url,
    controls: true,
    preload: 'metadata' as const,
    'aria-label': label,
    onTimeUpdate: onTime ? (e: Event) => onTime((e.currentTarget as HTMLMediaElement).currentTime) : undefined,
    onSeeked: onTime ? (e: Event) => onTime((e.currentTarget as HTMLMediaElement).currentTime) : undefined,
  };
  return source.kind === 'video' ? (
    <video {...props} ref={mediaRef as Ref<HTMLVideoElement>} playsInline class="player" />
  ) : (
    <audio {...props} ref={mediaRef as Ref<HTMLAudioElement>} class="player audio" />
  );
}

/** What to show where no media was found: a way to get some. */
export function NoMedia({ job, what }: { job: Job; what: string }) {
  const url = (job.request as { url?: string } | null)?.url ?? '';
  return (
    <p class="muted small no-media">
      The source is a page, not a media file, so there is nothing to play {what}.{' '}
      <a href={`/new/download?url=${encodeURIComponent(url)}`}>Download it</a> (1 credit) and this page plays the download.
    </p>
  );
}
