// Which URLs name a media file by their path's extension: the sources that can skip yt-dlp
// (or start their probe beside it), because ffmpeg can read them as they are. A guess only:
// each caller falls back to the yt-dlp way when ffmpeg cannot read the URL as media.

/** Containers that carry video and that ffmpeg can seek in over HTTP. */
const VIDEO_FILE = /\.(mp4|m4v|mov|webm|mkv)$/i;
/** Any audio or video file. */
const MEDIA_FILE = /\.(wav|mp3|m4a|aac|ogg|oga|opus|flac|webm|mp4|m4v|mkv|mov)$/i;

/** The path names an audio or video file (`kind: 'video'`: a video container). Non-http(s) URLs never do. */
export function namesMediaFile(url: string, kind: 'media' | 'video' = 'media'): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && (kind === 'video' ? VIDEO_FILE : MEDIA_FILE).test(u.pathname);
}
