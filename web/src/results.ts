// Shapes of job results. The OpenAPI document types `result` as unknown (one schema for six job
// types), so the dashboard states here what each handler writes (src/jobs/*.ts) and reads
// every field defensively.
export type JobType = 'download' | 'preview' | 'transcribe' | 'translate' | 'fingerprint' | 'comments';
export const JOB_TYPES: JobType[] = ['download', 'preview', 'transcribe', 'translate', 'fingerprint', 'comments'];

export const JOB_LABELS: Record<JobType, string> = {
  download: 'Download',
  preview: 'Preview',
  transcribe: 'Transcript',
  translate: 'Translation',
  fingerprint: 'Fingerprint',
  comments: 'Comments',
};

export interface FileList {
  filename?: string;
  mime_type?: string;
  size_bytes?: number;
  files?: (string | PlaylistFile)[];
}

export interface PlaylistFile {
  index?: number;
  title?: string;
  filename: string;
  size_bytes?: number;
  duration?: number;
  download_url?: string;
}

export interface DownloadResult extends FileList {
  duration?: number | null;
  width?: number | null;
  height?: number | null;
  vcodec?: string | null;
  acodec?: string | null;
  format?: string;
  sha256?: string;
}

export interface Tile {
  index: number;
  time: number;
  x: number;
  y: number;
  width: number;
  height: number;
  scene_change?: boolean;
}

export interface PreviewResult extends FileList {
  preview_type: 'thumbnail' | 'gif' | 'mosaic' | 'clip';
  width: number;
  height: number;
  timestamp?: number;
  start?: number;
  duration?: number;
  columns?: number;
  rows?: number;
  tiles?: Tile[];
  storyboard_url?: string;
}

export interface Word {
  start: number;
  end: number;
  word: string;
  probability?: number;
}

export interface Segment {
  id: number;
  start: number;
  end: number;
  text: string;
  words?: Word[];
  translated_text?: string;
}

export interface TranscriptResult extends FileList {
  language?: string;
  language_probability?: number;
  duration?: number;
  text?: string;
  segments?: Segment[];
  model_size?: string;
}

export interface TranslationResult extends FileList {
  source_language?: string;
  target_language?: string;
  engine?: string;
  text?: string;
  source_text?: string;
  segments?: Segment[];
}

export interface AlignedSegment {
  start_a: number;
  end_a: number;
  start_b: number;
  end_b: number;
}

export interface FingerprintMatch {
  job_id: string;
  similarity: number;
  visual_similarity: number | null;
  audio_similarity: number | null;
  speed: number;
  offset: number;
  segments: AlignedSegment[];
}

export interface FingerprintResult {
  average_hash?: string;
  perceptual_hash?: string;
  difference_hash?: string;
  hash_size?: number;
  timestamp?: number;
  duration?: number;
  matches?: FingerprintMatch[];
}

export interface Comment {
  id: string;
  parent_id: string | null;
  author: string | null;
  text: string;
  like_count: number | null;
  timestamp: number | null;
  is_pinned: boolean;
  author_is_uploader: boolean;
  timestamps?: number[];
}

export interface CommentsResult extends FileList {
  comment_count?: number;
  comments?: Comment[];
}

/** What a failed job's error code means for the person looking at it. */
export const ERROR_ADVICE: Record<string, string> = {
  unsupported_url: 'No extractor recognises this URL. Check it opens a video page, or try the direct media link.',
  upstream_error: 'The source platform refused or failed (removed, private, geo-blocked). Check the video plays in a browser, then run the job again.',
  media_error: 'The media could not be decoded (corrupt or not a video). Try another format or source.',
  limit_exceeded: 'The source is over a limit this server sets (duration, size or resolution). Trim it with start/end, pick a lower quality, or ask the operator.',
  timeout: 'The job ran past its time limit. Try a shorter section or a smaller model.',
  cancelled: 'The job was cancelled. Run it again if that was a mistake.',
  server_error: 'Something failed inside the service; your credits were refunded. Run the job again, and tell the operator if it keeps happening.',
  comments_unavailable: 'This platform or video has no comments to read (turned off, or not supported).',
  url_not_allowed: 'The URL points somewhere this server may not fetch (a private or local address, or a scheme other than http/https).',
};
