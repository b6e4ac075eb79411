import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app.js';
import { CommonJobOptions } from '../schemas.js';
import { postJobRoute } from './job-route.js';
import type { CommentsPayload } from '../../jobs/comments.js';

export const MAX_COMMENTS = 10_000;

export const CommentsBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 4096 }),
    max_comments: Type.Integer({ minimum: 1, maximum: MAX_COMMENTS, default: 100, description: 'Comments in the result, replies included' }),
    sort: Type.Union([Type.Literal('top'), Type.Literal('new')], { default: 'top', description: 'top: most liked first; new: newest first (pinned comments lead either way)' }),
    include_replies: Type.Boolean({ default: true, description: 'Replies follow their parent, oldest first' }),
    ...CommonJobOptions,
  },
  { additionalProperties: false },
);

function toPayload(body: Static<typeof CommentsBody>): CommentsPayload {
  return { url: body.url, max_comments: body.max_comments, sort: body.sort, include_replies: body.include_replies };
}

export function commentsRoutes(app: App): void {
  postJobRoute(app, {
    path: '/v1/comments',
    jobType: 'comments',
    tags: ['comments'],
    summary: 'Extract the comments of a video (async job)',
    description: 'Costs 1 credit. Result: comment_count, comments[{id, parent_id, author, author_id, text, like_count, timestamp, is_pinned, author_is_uploader, timestamps}], also served as comments.json. Platforms without comments fail the job with comments_unavailable (refunded).',
    body: CommentsBody,
    payload: toPayload,
  });
}
