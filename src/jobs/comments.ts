// POST /v1/comments: one yt-dlp run extracts the comments (operator plugins included, see
// VC_YTDLP_PLUGIN_DIRS), normalizeComments threads, orders and caps them, and the result is
// streamed to comments.json, which is also the job's result.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { jobFailure, type JobErrorCode } from '../errors.js';
import { COMMENTS_FILE, META_FILE, commentsArgs, normalizeComments, parseCommentsProgress, type Comment, type CommentSort } from '../media/ytdlp/comments.js';
import { classifyYtdlpError } from '../media/ytdlp/info.js';
import type { FileResult, HandlerOutcome, JobContext } from './types.js';

export interface CommentsPayload {
  url: string;
  max_comments: number;
  sort: CommentSort;
  include_replies: boolean;
}

export interface CommentsResult extends FileResult {
  /** Comments in this result (replies included). yt-dlp reports no platform-wide total
   * once comments are extracted (it overwrites comment_count); GET /v1/info has that. */
  comment_count: number;
  comments: Comment[];
}

export const COMMENTS_FILENAME = 'comments.json';
/** Share of the progress bar for the extraction; the rest is normalising and writing. */
const EXTRACT_SHARE = 90;
/** Writes to the result file are batched to about this many bytes. */
const WRITE_CHUNK = 64 * 1024;

interface Meta {
  duration?: unknown;
  uploader_id?: unknown;
  channel_id?: unknown;
}

export async function runComments(p: CommentsPayload, ctx: JobContext): Promise<HandlerOutcome<CommentsResult>> {
  const fail = (code: JobErrorCode, detail: string) => ({ ok: false as const, failure: jobFailure(code, detail) });
  ctx.progress(0, 'extracting');
  const request = { maxComments: p.max_comments, sort: p.sort, includeReplies: p.include_replies };
  let last = -1;
  const run = await ctx.engines.runYtdlp(commentsArgs(p.url, request), {
    cwd: ctx.workDir,
    signal: ctx.signal,
    timeoutMs: ctx.remainingMs(),
    onSpawn: (pid) => ctx.onProcess(pid),
    onStdoutLine: (line) => {
      const pct = parseCommentsProgress(line, p.max_comments);
      if (pct === null) return;
      const scaled = Math.floor((pct * EXTRACT_SHARE) / 100);
      if (scaled > last) ctx.progress((last = scaled), 'extracting');
    },
  });
  ctx.onProcess(null);
  if (run.aborted) return fail('cancelled', 'The job was cancelled.');
  if (run.timedOut) return fail('timeout', 'Comment extraction did not finish within the job time limit.');
  if (run.code !== 0) return { ok: false, failure: classifyYtdlpError(run.stderr, p.url) };

  const raw = await readJson(path.join(ctx.workDir, COMMENTS_FILE));
  // yt-dlp prints NA (no such field) or null (comments disabled) when there is nothing to list.
  if (!Array.isArray(raw)) return fail('comments_unavailable', `Comments are not available for ${p.url}: the platform does not offer them or has turned them off.`);
  const meta = ((await readJson(path.join(ctx.workDir, META_FILE))) ?? {}) as Meta;

  ctx.progress(EXTRACT_SHARE, 'normalizing');
  const facts = { duration: positive(meta.duration), uploaderId: text(meta.uploader_id) ?? text(meta.channel_id) };
  const comments = normalizeComments(raw, request, facts);

  ctx.progress(EXTRACT_SHARE + 2, 'writing');
  await writeCommentsFile(path.join(ctx.outputDir, COMMENTS_FILENAME), comments);
  return {
    ok: true,
    result: { filename: COMMENTS_FILENAME, mime_type: 'application/json', comment_count: comments.length, comments },
  };
}

/**
 * The result as JSON, a comment at a time: the document is never built as one string
 * beside the comments it is made of.
 */
export async function writeCommentsFile(file: string, comments: Comment[]): Promise<void> {
  const fh = await fs.open(file, 'w');
  try {
    let buf = `{"comment_count":${comments.length},"comments":[`;
    for (let i = 0; i < comments.length; i++) {
      buf += (i === 0 ? '\n' : ',\n') + JSON.stringify(comments[i]);
      if (buf.length >= WRITE_CHUNK) {
        await fh.write(buf);
        buf = '';
      }
    }
    await fh.write(`${buf}${comments.length ? '\n' : ''}]}\n`);
  } finally {
    await fh.close();
  }
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

function positive(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}
