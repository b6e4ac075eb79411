import { describe, expect, it } from 'vitest';
import { commentsArgs, normalizeComment, normalizeComments, parseCommentsProgress, parseTimestamps, type CommentsRequest } from './comments.js';

const facts = { duration: 3725, uploaderId: 'u-owner' };
const req = (o: Partial<CommentsRequest> = {}): CommentsRequest => ({ maxComments: 100, sort: 'top', includeReplies: true, ...o });

describe('commentsArgs', () => {
  it('passes limit and order as extractor args and ends with -- url', () => {
    const argv = commentsArgs('https://x.test/v', req({ maxComments: 50, sort: 'new', includeReplies: false }));
    expect(argv.slice(-2)).toEqual(['--', 'https://x.test/v']);
    expect(argv).toContain('--write-comments');
    expect(argv).toContain('--skip-download');
    const ea = argv.flatMap((a, i) => (argv[i - 1] === '--extractor-args' ? [a] : []));
    expect(ea).toEqual(['youtube:max_comments=50,all,0;comment_sort=new', 'videoconduit:max_comments=50;comment_sort=new;include_replies=false']);
    expect(commentsArgs('u', req()).join(' ')).toContain('youtube:max_comments=100,all,all;comment_sort=top');
    expect(argv.some((a) => a === '--exec' || a === '-J')).toBe(false);
  });
});

describe('parseTimestamps', () => {
  it('reads m:ss and h:mm:ss in order, once each', () => {
    expect(parseTimestamps('at 2:31 and 1:02:03, again 2:31', null)).toEqual([151, 3723]);
    expect(parseTimestamps('0:05 (10:00)', null)).toEqual([5, 600]);
    expect(parseTimestamps('75:30 is fine', null)).toEqual([4530]);
  });
  it('ignores what is not a time into the video', () => {
    expect(parseTimestamps('ratio 3:2, score 1:99, 12:345, 1:2:3:45, 1:75:00', null)).toEqual([]);
    expect(parseTimestamps('no times here', null)).toEqual([]);
  });
  it('drops times past the end when the duration is known', () => {
    expect(parseTimestamps('10:00 and 3:00:00', 3725)).toEqual([600]);
    expect(parseTimestamps('1:02:05', 3725)).toEqual([3725]);
    expect(parseTimestamps('3:00:00', null)).toEqual([10800]);
  });
});

describe('parseCommentsProgress', () => {
  it('reads YouTube-style and plugin notes, capped by max_comments', () => {
    expect(parseCommentsProgress('[youtube] abc: Downloading comment API JSON page 3 (40/~1,000)', 1000)).toBe(4);
    expect(parseCommentsProgress('[youtube] abc: Downloading comment API JSON page 3 (40/~1,000)', 80)).toBe(50);
    expect(parseCommentsProgress('[faketube] t: Downloading comment page 2 (100/~?)', 400)).toBe(25);
    expect(parseCommentsProgress('[faketube] Extracted 9 comments', 100)).toBe(100);
    expect(parseCommentsProgress('[info] t: Downloading 1 format(s): mp4', 100)).toBeNull();
  });
});

const raw = (id: string, parent: string, likes: number | null, ts: number | null, extra: Record<string, unknown> = {}) => ({
  id,
  parent,
  author: `A-${id}`,
  author_id: `u-${id}`,
  text: `text ${id}`,
  like_count: likes,
  timestamp: ts,
  ...extra,
});

describe('normalizeComment', () => {
  it('maps yt-dlp fields and fills what is missing', () => {
    const c = normalizeComment({ id: 7, parent: 'root', author_id: 'u-owner', html: '<b>Hi</b> at 2:31<br>&amp; bye', like_count: '12' }, 0, facts);
    expect(c).toEqual({
      id: '7',
      parent_id: null,
      author: null,
      author_id: 'u-owner',
      text: 'Hi at 2:31\n& bye',
      like_count: 12,
      timestamp: null,
      is_pinned: false,
      author_is_uploader: true,
      timestamps: [151],
    });
    expect(normalizeComment({ id: 'x' }, 0, facts)).toBeNull();
    expect(normalizeComment('junk', 0, facts)).toBeNull();
    expect(normalizeComment({ text: 'a', author_is_uploader: false, author_id: 'u-owner' }, 3, facts)).toMatchObject({ id: '#3', author_is_uploader: false });
  });
});

describe('normalizeComments', () => {
  const sample = () => [
    raw('a', 'root', 5, 100),
    raw('b', 'root', 50, 10),
    raw('ra1', 'a', 1, 300),
    raw('p', 'root', 1, 50, { is_pinned: true }),
    raw('ra2', 'a', 9, 200),
    raw('rra', 'ra2', 0, 250),
    raw('c', 'root', null, null),
    raw('orphan', 'gone', 3, 400),
  ];
  const ids = (list: { id: string }[]) => list.map((c) => c.id);

  it('top: pinned, then likes; replies follow their parent, oldest first, depth first', () => {
    expect(ids(normalizeComments(sample(), req(), facts))).toEqual(['p', 'b', 'a', 'ra2', 'rra', 'ra1', 'orphan', 'c']);
  });
  it('new: pinned, then newest', () => {
    expect(ids(normalizeComments(sample(), req({ sort: 'new' }), facts))).toEqual(['p', 'orphan', 'a', 'ra2', 'rra', 'ra1', 'b', 'c']);
  });
  it('without replies keeps top-level comments only', () => {
    const out = normalizeComments(sample(), req({ includeReplies: false }), facts);
    expect(ids(out)).toEqual(['p', 'b', 'a', 'c']);
    expect(out.every((c) => c.parent_id === null)).toBe(true);
  });
  it('caps at max_comments, counting replies, whatever the extractor returned', () => {
    expect(ids(normalizeComments(sample(), req({ maxComments: 4 }), facts))).toEqual(['p', 'b', 'a', 'ra2']);
    expect(normalizeComments(sample(), req({ maxComments: 1 }), facts)).toHaveLength(1);
  });
  it('keeps the orphan parent_id and converts the input in place', () => {
    const input: unknown[] = sample();
    const out = normalizeComments(input, req(), facts);
    expect(out.find((c) => c.id === 'orphan')?.parent_id).toBe('gone');
    expect(input).toHaveLength(0);
  });
  it('drops duplicate ids', () => {
    expect(ids(normalizeComments([raw('a', 'root', 1, 1), raw('a', 'root', 1, 1)], req(), facts))).toEqual(['a']);
  });
});
