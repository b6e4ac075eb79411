// POST /v1/comments: one yt-dlp run extracts the comments (operator plugins included, see
// VC_YTDLP_PLUGIN_DIRS), normalizeComments threads, orders and caps them, and the result is
// streamed to comments.json, which is also the job's result.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fetchComments, normalizeComments, type Comment, type CommentSort } from '../media/ytdlp/comments.js';
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

export async function runComments(p: CommentsPayload, ctx: JobContext): Promise<HandlerOutcome<CommentsResult>> {
  ctx.progress(0, 'extracting');
  const request = { maxComments: p.max_comments, sort: p.sort, includeReplies: p.include_replies };
  let last = -1;
  const onProgress = (pct: number) => {
    const scaled = Math.floor((pct * EXTRACT_SHARE) / 100);
    if (scaled > last) ctx.progress((last = scaled), 'extracting');
  };
  const fetched = await fetchComments(ctx.engines.ytdlp, p.url, request, ctx, { workDir: ctx.workDir, onProgress });
  if ('code' in fetched) return { ok: false, failure: fetched };

  ctx.progress(EXTRACT_SHARE, 'normalizing');
  const comments = normalizeComments(fetched.raw, request, fetched.facts);
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
