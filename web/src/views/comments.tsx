// Comments as threads: replies under what they answer, pinned and uploader comments marked.
import type { Job } from '../api';
import { plural } from '../format';
import type { Comment, CommentsResult } from '../results';

const MAX_DEPTH = 4;
const dateFmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });

function Thread({ c, byParent, depth }: { c: Comment; byParent: Map<string, Comment[]>; depth: number }) {
  const replies = byParent.get(c.id) ?? [];
  return (
    <li class={`comment${c.is_pinned ? ' pinned' : ''}`} data-comment-id={c.id}>
      <article aria-label={`Comment by ${c.author ?? 'unknown'}`}>
        <header>
          <strong class="author">{c.author ?? 'Unknown'}</strong>
          {c.author_is_uploader && <span class="badge tag">uploader</span>}
          {c.is_pinned && <span class="badge tag">pinned</span>}
          {c.timestamp !== null && (
            <time class="muted small" dateTime={new Date(c.timestamp * 1000).toISOString()}>
              {dateFmt.format(new Date(c.timestamp * 1000))}
            </time>
          )}
        </header>
        <p class="comment-text">{c.text}</p>
        {c.like_count !== null && <p class="muted small">{plural(c.like_count, 'like')}</p>}
      </article>
      {replies.length > 0 && (
        <ul class={`replies${depth >= MAX_DEPTH ? ' flat' : ''}`} aria-label={`Replies to ${c.author ?? 'unknown'}`}>
          {replies.map((r) => (
            <Thread key={r.id} c={r} byParent={byParent} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function CommentsView({ job }: { job: Job }) {
  const r = job.result as CommentsResult;
  const all = r.comments ?? [];
  const ids = new Set(all.map((c) => c.id));
  const byParent = new Map<string, Comment[]>();
  const roots: Comment[] = [];
  for (const c of all) {
    // A reply whose parent is not in the result (cut by max_comments) shows at top level.
    if (c.parent_id && ids.has(c.parent_id)) byParent.set(c.parent_id, [...(byParent.get(c.parent_id) ?? []), c]);
    else roots.push(c);
  }
  return (
    <section class="card result comments" aria-labelledby="result-h">
      <h2 id="result-h">Comments</h2>
      <p class="muted">
        {plural(r.comment_count ?? all.length, 'comment')} in {plural(roots.length, 'thread')}.
      </p>
      {all.length === 0 ? <p>No comments.</p> : (
        <ul class="threads">
          {roots.map((c) => (
            <Thread key={c.id} c={c} byParent={byParent} depth={1} />
          ))}
        </ul>
      )}
    </section>
  );
}
