// Comments through yt-dlp: the pure argv builder, the progress-line parser, the run itself,
// and yt-dlp's comment dicts -> our Comment (API contract §6, POST /v1/comments). Nothing past
// this file sees a raw yt-dlp comment field.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../../errors.js';
import type { RunScope } from '../process/scope.js';
import type { Ytdlp } from './runner.js';

export type CommentSort = 'top' | 'new';

export interface Comment {
  id: string;
  /** null at top level. */
  parent_id: string | null;
  author: string | null;
  author_id: string | null;
  text: string;
  like_count: number | null;
  /** Unix seconds */
  timestamp: number | null;
  is_pinned: boolean;
  author_is_uploader: boolean;
  /** Seconds into the video named in the text ("2:31", "1:02:03"), in order, without repeats. */
  timestamps: number[];
}

export interface CommentsRequest {
  maxComments: number;
  sort: CommentSort;
  includeReplies: boolean;
}

/** Files (relative to the run's cwd) the argv makes yt-dlp write. */
export const COMMENTS_FILE = 'vc-comments.json';
export const META_FILE = 'vc-meta.json';

/**
 * Fetches the comments of one video without downloading it. The comments (only they, not the
 * formats and the rest of the info JSON: leaner than -J) go to COMMENTS_FILE as one JSON
 * array (`NA`/`null` when the extractor has none), a few facts to META_FILE. stdout stays
 * free for yt-dlp's messages, whose "(count/~total)" notes are the progress.
 * Limits and order are passed as extractor arguments: YouTube's own keys, and the
 * `videoconduit:` keys that operator plugins read (docs/comments.md). Extractors that ignore
 * them are capped and sorted afterwards by normalizeComments. Run it with cwd = a private dir:
 * --print-to-file names are templates, so they stay free of the (path) characters of cwd.
 */
export function commentsArgs(url: string, req: CommentsRequest): string[] {
  const replies = req.includeReplies ? 'all' : '0';
  return [
    '--ignore-config',
    '--no-cache-dir',
    '--no-warnings',
    '--no-progress',
    '--skip-download',
    // Comments need no formats; a page without playable media still has its comments.
    '--ignore-no-formats-error',
    // A playlist URL: the first video only (comments of a whole channel are not one job).
    '--no-playlist',
    '--playlist-items',
    '1',
    '--write-comments',
    '--no-write-info-json',
    '--extractor-args',
    // max_comments=total,parents,replies: replies=0 skips the reply threads entirely.
    `youtube:max_comments=${req.maxComments},all,${replies};comment_sort=${req.sort}`,
    '--extractor-args',
    `videoconduit:max_comments=${req.maxComments};comment_sort=${req.sort};include_replies=${req.includeReplies}`,
    '--print-to-file',
    '%(comments)j',
    COMMENTS_FILE,
    '--print-to-file',
    '%(.{id,duration,uploader_id,channel_id})j',
    META_FILE,
    '--',
    url,
  ];
}

/**
 * Percent (0-100) of the extraction from yt-dlp's comment notes, e.g. YouTube's
 * "Downloading comment API JSON page 3 (40/~1,234)" or a plugin's "... (40/~?)".
 * The larger of the two counts' ceilings is not known, so `max` caps the total.
 */
export function parseCommentsProgress(line: string, max: number): number | null {
  const m = /\((\d[\d,]*)\/~?([\d,]+|\?)\)\s*$/.exec(line);
  if (!m) return /\bExtracted \d+ comments\b/.test(line) ? 100 : null;
  const done = Number(m[1].replace(/,/g, ''));
  const total = m[2] === '?' ? max : Math.min(max, Number(m[2].replace(/,/g, '')));
  return total > 0 ? Math.min(100, (done / total) * 100) : null;
}

export interface FetchedComments {
  /** yt-dlp's comment dicts, in its order (normalizeComments makes them ours). */
  raw: unknown[];
  facts: VideoFacts;
}

/**
 * One yt-dlp run for the comments of `url`, in `workDir` (the files commentsArgs names go
 * there); comments_unavailable when the platform gives none. `onProgress` gets 0–100.
 */
export async function fetchComments(ytdlp: Ytdlp, url: string, req: CommentsRequest, scope: RunScope, o: { workDir: string; onProgress?: (pct: number) => void }): Promise<FetchedComments | JobFailure> {
  const run = await ytdlp.run(commentsArgs(url, req), url, scope, {
    cwd: o.workDir,
    onStdoutLine: (line) => {
      const pct = parseCommentsProgress(line, req.maxComments);
      if (pct !== null) o.onProgress?.(pct);
    },
  });
  if ('code' in run) return run;
  const raw = await readJson(path.join(o.workDir, COMMENTS_FILE));
  // yt-dlp prints NA (no such field) or null (comments disabled) when there is nothing to list.
  if (!Array.isArray(raw)) return jobFailure('comments_unavailable', `Comments are not available for ${url}: the platform does not offer them or has turned them off.`);
  const meta = ((await readJson(path.join(o.workDir, META_FILE))) ?? {}) as Record<string, unknown>;
  const duration = typeof meta.duration === 'number' && Number.isFinite(meta.duration) && meta.duration >= 0 ? meta.duration : null;
  return { raw, facts: { duration, uploaderId: str(meta.uploader_id) ?? str(meta.channel_id) } };
}

async function readJson(file: string): Promise<unknown> {
  let content: string;
  try {
    content = await fs.readFile(file, 'utf8');
  } catch {
    return null; // not written: yt-dlp found no video to print for
  }
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return null; // "NA"
  }
}

/** "2:31" -> 151, "1:02:03" -> 3723; not parts of longer digit/colon runs; within `duration` when known. */
export function parseTimestamps(text: string, duration: number | null): number[] {
  const out: number[] = [];
  const re = /(?<![\d:]|\d:)(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?!\d|:\d)/g;
  for (const m of text.matchAll(re)) {
    const h = m[1] === undefined ? 0 : Number(m[1]);
    const min = Number(m[2]);
    const s = Number(m[3]);
    if (s >= 60 || (m[1] !== undefined && min >= 60)) continue;
    const t = h * 3600 + min * 60 + s;
    if (duration !== null && t > duration) continue;
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

export interface VideoFacts {
  /** Seconds; timestamps beyond it are dropped. */
  duration: number | null;
  /** The uploader's id, for comments whose extractor does not say author_is_uploader. */
  uploaderId: string | null;
}

type Raw = Record<string, unknown>;

/** One yt-dlp comment dict -> Comment; null when it has no text at all. */
export function normalizeComment(raw: unknown, index: number, facts: VideoFacts): Comment | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Raw;
  const text = str(r.text) ?? (str(r.html) === null ? null : stripHtml(str(r.html)!));
  if (text === null) return null;
  const parent = str(r.parent);
  const authorId = str(r.author_id);
  return {
    id: str(r.id) ?? `#${index}`,
    parent_id: parent === null || parent === 'root' ? null : parent,
    author: str(r.author),
    author_id: authorId,
    text,
    like_count: int(r.like_count),
    timestamp: int(r.timestamp),
    is_pinned: r.is_pinned === true,
    author_is_uploader: typeof r.author_is_uploader === 'boolean' ? r.author_is_uploader : authorId !== null && authorId === facts.uploaderId,
    timestamps: parseTimestamps(text, facts.duration),
  };
}

/**
 * yt-dlp's `comments` list -> threads in the requested order, at most `maxComments`.
 * Top level: pinned first, then most liked (top) or newest (new); ties keep the extractor's
 * order. Each comment is followed by its replies (depth first), oldest first, as a
 * conversation reads. A reply whose parent is missing starts a thread of its own (its
 * parent_id kept). `raw` is converted in place so the raw and the normalised list are
 * never both whole in memory.
 */
export function normalizeComments(raw: unknown[], req: CommentsRequest, facts: VideoFacts): Comment[] {
  const all: Comment[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = normalizeComment(raw[i], i, facts);
    raw[i] = null;
    if (c && (req.includeReplies || c.parent_id === null)) all.push(c);
  }
  raw.length = 0;
  const order = new Map(all.map((c, i) => [c, i]));
  const ids = new Set(all.map((c) => c.id));
  const children = new Map<string, Comment[]>();
  const roots: Comment[] = [];
  for (const c of all) {
    if (c.parent_id !== null && ids.has(c.parent_id) && c.parent_id !== c.id) {
      const list = children.get(c.parent_id);
      if (list) list.push(c);
      else children.set(c.parent_id, [c]);
    } else roots.push(c);
  }
  const idx = (c: Comment) => order.get(c)!;
  // Unknown counts and times sort last either way.
  const desc = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a);
  const asc = (a: number | null, b: number | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a - b);
  const key = req.sort === 'new' ? (c: Comment) => c.timestamp : (c: Comment) => c.like_count;
  roots.sort((a, b) => Number(b.is_pinned) - Number(a.is_pinned) || desc(key(a), key(b)) || idx(a) - idx(b));
  for (const list of children.values()) list.sort((a, b) => asc(a.timestamp, b.timestamp) || idx(a) - idx(b));

  const out: Comment[] = [];
  const seen = new Set<string>();
  const stack = roots.reverse();
  while (stack.length > 0 && out.length < req.maxComments) {
    const c = stack.pop()!;
    if (seen.has(c.id)) continue; // duplicate ids from a careless extractor
    seen.add(c.id);
    out.push(c);
    const kids = children.get(c.id);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '');
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function int(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : null;
}
