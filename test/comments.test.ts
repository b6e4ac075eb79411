// End to end: POST /v1/comments with the real yt-dlp against FakeTube (a fake platform on
// 127.0.0.1) through the extractor plugin in test/fixtures/ytdlp-plugins.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { runComments, type CommentsPayload } from '../src/jobs/comments.js';
import type { JobContext } from '../src/jobs/types.js';
import { YtdlpForkServer } from '../src/media/ytdlp/forkserver.js';
import { createUrlPolicy } from '../src/net/urlpolicy.js';
import { startCommentsSite, type CommentsSite } from './fixtures/comments-site.js';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { REPO, startTestService, testEnv, waitForJob, type TestService } from './helpers/service.js';

const PLUGINS = path.join(REPO, 'test/fixtures/ytdlp-plugins');

describe('comments jobs', () => {
  let svc: TestService;
  let fake: CommentsSite;
  let site: MediaSite;
  let auth: { authorization: string };
  beforeAll(async () => {
    [fake, site] = await Promise.all([startCommentsSite(), startMediaSite()]);
    svc = await startTestService('sqlite', { VC_YTDLP_PLUGIN_DIRS: PLUGINS, VC_JOB_CONCURRENCY: '2' });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await Promise.all([fake?.close(), site?.close()]);
  });

  async function comments(body: Record<string, unknown>, headers = auth) {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/comments', headers, payload: body });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ job_type: 'comments', credits_charged: 1 });
    return waitForJob(svc, headers, res.json().job_id, 60_000);
  }
  const ids = (job: Record<string, any>) => (job.result.comments as { id: string }[]).map((c) => c.id);

  it('threads replies under their parent, most liked first, and serves the same JSON file', async () => {
    const job = await comments({ url: fake.watchUrl('thread') });
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.progress).toBe(100);
    // c3 is pinned; then likes 80, 50, 5, 0; r3 answers r2, which answers c1.
    expect(ids(job)).toEqual(['c3', 'c4', 'r4', 'c1', 'r2', 'r3', 'r1', 'c2', 'c5']);
    expect(job.result).toMatchObject({ comment_count: 9, filename: 'comments.json', mime_type: 'application/json' });
    const byId = Object.fromEntries(job.result.comments.map((c: { id: string }) => [c.id, c]));
    expect(byId.c1).toEqual({
      id: 'c1',
      parent_id: null,
      author: 'Alice',
      author_id: 'u-alice',
      text: 'Best part at 2:31 and again at 1:02:03',
      like_count: 50,
      timestamp: 1_700_000_100,
      is_pinned: false,
      author_is_uploader: false,
      timestamps: [151, 3723],
    });
    expect(byId.r3.parent_id).toBe('r2');
    expect(byId.c3).toMatchObject({ is_pinned: true, author_is_uploader: true });
    // "3:00:00" is past the video's 1:02:05.
    expect(byId.c4.timestamps).toEqual([600]);

    const u = new URL(job.download_url, 'http://x');
    const file = await svc.app.inject({ method: 'GET', url: u.pathname + u.search });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toMatch(/^application\/json/);
    const { filename: _f, mime_type: _m, ...content } = job.result;
    expect(file.json()).toEqual(content);
  });

  it('sorts newest first with sort=new', async () => {
    const job = await comments({ url: fake.watchUrl('thread'), sort: 'new' });
    expect(ids(job)).toEqual(['c3', 'c5', 'c4', 'r4', 'c1', 'r2', 'r3', 'r1', 'c2']);
    expect(fake.requests.some((r) => r.includes('sort=new'))).toBe(true);
  });

  it('leaves replies out with include_replies=false, without fetching them', async () => {
    const before = fake.requests.length;
    const job = await comments({ url: fake.watchUrl('thread'), include_replies: false });
    expect(ids(job)).toEqual(['c3', 'c4', 'c1', 'c2', 'c5']);
    expect(fake.requests.slice(before).some((r) => r.includes('/replies'))).toBe(false);
  });

  it('applies max_comments, replies included, also when the extractor ignores it', async () => {
    const honoured = await comments({ url: fake.watchUrl('thread'), max_comments: 3 });
    expect(ids(honoured)).toEqual(['c3', 'c4', 'r4']);
    // faketube:lazy ignores limit, order and replies; the service caps, orders and filters.
    const lazy = await comments({ url: `${fake.baseUrl}/faketube/lazy/thread`, max_comments: 4 });
    expect(ids(lazy)).toEqual(['c3', 'c4', 'r4', 'c1']);
    const lazyNoReplies = await comments({ url: `${fake.baseUrl}/faketube/lazy/thread`, include_replies: false, sort: 'new' });
    expect(ids(lazyNoReplies)).toEqual(['c3', 'c5', 'c4', 'c1', 'c2']);
  });

  it('pages through a large set and stops at the limit', async () => {
    const job = await comments({ url: fake.watchUrl('big-1500'), max_comments: 1200 });
    expect(job.result.comment_count).toBe(1200);
    const list = job.result.comments as { id: string; parent_id: string | null; like_count: number }[];
    const seen = new Set<string>();
    for (const c of list) {
      if (c.parent_id !== null) expect(seen.has(c.parent_id)).toBe(true); // replies follow their parent
      seen.add(c.id);
    }
    const tops = list.filter((c) => c.parent_id === null).map((c) => c.like_count);
    expect(tops).toEqual([...tops].sort((a, b) => b - a));
  });

  it('answers a video without comments with an empty list', async () => {
    const job = await comments({ url: fake.watchUrl('empty') });
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({ comment_count: 0, comments: [] });
  });

  it('fails comments_unavailable, refunded, where the extractor has none or they are off', async () => {
    const a = await svc.account(2);
    const plain = await comments({ url: site.url('/media/video.mp4') }, a.auth);
    expect(plain.status).toBe('failed');
    expect(plain.error.code).toBe('comments_unavailable');
    expect(plain.credits_refunded).toBe(1);
    const off = await comments({ url: fake.watchUrl('disabled') }, a.auth);
    expect(off.error.code).toBe('comments_unavailable');
    expect(off.credits_refunded).toBe(1);
    const acct = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: a.auth })).json();
    expect(acct.credits_balance).toBe(2);
  });

  it('GET /v1/info reports comment_count through the plugin', async () => {
    const res = await svc.app.inject({ method: 'GET', url: `/v1/info?url=${encodeURIComponent(fake.watchUrl('thread'))}`, headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ extractor: 'faketube', comment_count: 9, duration: 3725 });
  });

  it('validates the body', async () => {
    const post = (payload: Record<string, unknown>) => svc.app.inject({ method: 'POST', url: '/v1/comments', headers: auth, payload });
    for (const bad of [{ url: fake.watchUrl('x'), max_comments: 10_001 }, { url: fake.watchUrl('x'), max_comments: 0 }, { url: fake.watchUrl('x'), sort: 'old' }, { url: fake.watchUrl('x'), colour: 1 }, {}]) {
      const res = await post(bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
    }
    const refused = await post({ url: 'http://169.254.169.254/latest' });
    expect(refused.json().code).toBe('url_not_allowed');
  });

  it('reports progress while extracting', async () => {
    const calls: number[] = [];
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-comments-'));
    const ctx: JobContext = {
      jobId: 'j',
      accountId: 'a',
      attempt: 1,
      config: svc.config,
      engines: svc.engines,
      store: svc.store,
      urlPolicy: createUrlPolicy({ allowlist: ['127.0.0.1'] }),
      signal: new AbortController().signal,
      workDir,
      outputDir: workDir,
      creditsCharged: 1,
      remainingMs: () => 60_000,
      progress: (pct) => calls.push(pct),
      onProcess: () => undefined,
      log: () => undefined,
    };
    const payload: CommentsPayload = { url: fake.watchUrl('big-600'), max_comments: 600, sort: 'top', include_replies: true };
    try {
      const out = await runComments(payload, ctx);
      expect(out.ok).toBe(true);
      expect(calls.filter((p) => p > 0 && p < 90).length).toBeGreaterThanOrEqual(3);
      expect(calls).toEqual([...calls].sort((a, b) => a - b));
      const file = JSON.parse(fs.readFileSync(path.join(workDir, 'comments.json'), 'utf8'));
      expect(file.comments).toHaveLength(600);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
});

describe('operator plugins (VC_YTDLP_PLUGIN_DIRS)', () => {
  let fake: CommentsSite;
  beforeAll(async () => {
    fake = await startCommentsSite();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('are loaded only when configured', async () => {
    const plain = await startTestService('sqlite');
    try {
      const a = await plain.account(1);
      const res = await plain.app.inject({ method: 'POST', url: '/v1/comments', headers: a.auth, payload: { url: fake.watchUrl('thread') } });
      const job = await waitForJob(plain, a.auth, res.json().job_id);
      expect(job.error?.code).toBe('unsupported_url');
      expect(job.credits_refunded).toBe(1);
    } finally {
      await plain.stop();
    }
  });

  it('must be existing directories', () => {
    const bad = () => loadConfig(testEnv('/tmp/x', { VC_YTDLP_PLUGIN_DIRS: `${PLUGINS},/nonexistent/plugins` }));
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/VC_YTDLP_PLUGIN_DIRS: "\/nonexistent\/plugins" is not a directory/);
    expect(loadConfig(testEnv('/tmp/x', { VC_YTDLP_PLUGIN_DIRS: ` ${PLUGINS} ,` })).ytdlpPluginDirs).toEqual([PLUGINS]);
  });

  it('reach forked runs even when a default-location plugin was imported first', async () => {
    // A plugin on PYTHONPATH makes the fork server's warm-up import the yt_dlp_plugins
    // namespace; a run's own --plugin-dirs alone could then no longer extend it.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-pp-'));
    fs.mkdirSync(path.join(other, 'yt_dlp_plugins/extractor'), { recursive: true });
    fs.writeFileSync(path.join(other, 'yt_dlp_plugins/extractor/other.py'), 'from yt_dlp.extractor.common import InfoExtractor\nclass OtherVcIE(InfoExtractor):\n    _VALID_URL = r"othervc://.+"\n');
    const saved = process.env.PYTHONPATH;
    process.env.PYTHONPATH = other;
    const python = path.join(REPO, '.venv/bin/python');
    const argv = ['--ignore-config', '--no-cache-dir', '--proxy', '', '-J', '--plugin-dirs', PLUGINS, '--', fake.watchUrl('thread')];
    let server: YtdlpForkServer | null = null;
    try {
      server = await YtdlpForkServer.start({ python, pluginDirs: [PLUGINS] });
      const r = await server.run(argv, { timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).extractor).toBe('faketube');
    } finally {
      process.env.PYTHONPATH = saved;
      if (saved === undefined) delete process.env.PYTHONPATH;
      await server?.close();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
