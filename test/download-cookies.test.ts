// Cookies per job end to end: a members-only FakeTube video that needs a session cookie, read by
// real yt-dlp (--cookies file) and by real ffmpeg (the egress proxy adds the cookie to its
// requests), and the privacy model: never in `request`, never in a response, never in a log line
// (debug level included) or in the database, sealed while the job waits, gone when it ends; on
// both databases.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { COOKIES_TXT, MEMBER_COOKIE, startDownloadEnv, type DownloadEnv } from './helpers/downloads.js';
import { logCapture, STORES, waitForJob } from './helpers/service.js';

describe.each(STORES)('cookies (%s)', (store) => {
  let e: DownloadEnv;
  const log = logCapture();
  /** Every response body the tests saw. */
  const bodies: string[] = [];
  const secret = MEMBER_COOKIE.value;

  beforeAll(async () => {
    e = await startDownloadEnv({ VC_LOG_LEVEL: 'debug' }, { logStream: log.stream, store });
  });
  afterAll(async () => e?.stop());

  async function call(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) {
    const res = await e.svc.app.inject({ method, url, headers: e.auth, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
    bodies.push(res.body);
    return res;
  }
  const secretRows = async () => e.svc.store.db.selectFrom('job_secrets').selectAll().execute();

  it('a members-only video fails without the cookie, saying cookies are the way in (refunded)', async () => {
    const job = await e.download({ url: e.ft.videoUrl('members') });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'upstream_error', detail: expect.stringMatching(/members only.*--cookies/) });
    expect(job.credits_refunded).toBe(1);
  });

  it('downloads it with the cookies, which reach yt-dlp and are kept out of the job', async () => {
    const res = await call('POST', '/v1/download', { url: e.ft.videoUrl('members'), cookies: COOKIES_TXT });
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob(e.svc, e.auth, res.json().job_id, 60_000);
    bodies.push(JSON.stringify(job));
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result).toMatchObject({ filename: 'For members only.mp4', vcodec: 'h264' });
    expect(job.request).not.toHaveProperty('cookies');
    const media = e.ft.requests.filter((r) => r.path === '/faketube/media/members.mp4');
    expect(media.length).toBeGreaterThan(0);
    for (const r of media) expect(r.cookie).toContain(`${MEMBER_COOKIE.name}=${secret}`);
    expect(await secretRows()).toEqual([]);
  });

  it("hands them to ffmpeg through the egress proxy: a preview seeks in the members' file itself", async () => {
    e.ft.requests.length = 0;
    const res = await call('POST', '/v1/preview', { url: e.ft.videoUrl('members'), preview_type: 'thumbnail', timestamp: 2, cookies: COOKIES_TXT });
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob(e.svc, e.auth, res.json().job_id, 60_000);
    bodies.push(JSON.stringify(job));
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result.source_access).toBe('seek');
    // Seeking, yt-dlp only resolved the format (-J): every read of the file was ffprobe's or ffmpeg's.
    const byFfmpeg = e.ft.requests.filter((r) => r.path === '/faketube/media/members.mp4');
    expect(byFfmpeg.length).toBeGreaterThan(0);
    for (const r of byFfmpeg) expect(r.cookie).toBe(`${MEMBER_COOKIE.name}=${secret}`);
  });

  it('cuts a trim itself, from the whole download (no cookies for an ffmpeg of yt-dlp\'s)', async () => {
    const res = await call('POST', '/v1/download', { url: e.ft.videoUrl('members'), start: 1, end: 4, cookies: COOKIES_TXT });
    const job = await waitForJob(e.svc, e.auth, res.json().job_id, 60_000);
    bodies.push(JSON.stringify(job));
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result.duration).toBeCloseTo(3, 0);
    expect(job.result.chapters.map((c: { start_time: number }) => c.start_time)).toEqual([0, 1]);
  });

  it('works in a playlist, for every entry', async () => {
    const res = await call('POST', '/v1/download', { url: e.ft.playlistUrl('members'), playlist: true, max_items: 2, cookies: COOKIES_TXT });
    const job = await waitForJob(e.svc, e.auth, res.json().job_id, 60_000);
    bodies.push(JSON.stringify(job));
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result.playlist, JSON.stringify(job.result.files)).toMatchObject({ downloaded: 2, failed: 0 });
  });

  it('POST /v1/info takes them; GET /v1/info without them gets the platform\'s refusal', async () => {
    const withCookies = await call('POST', '/v1/info', { url: e.ft.videoUrl('members'), cookies: COOKIES_TXT });
    expect(withCookies.statusCode, withCookies.body).toBe(200);
    expect(withCookies.json()).toMatchObject({ title: 'For members only', chapters: expect.arrayContaining([expect.objectContaining({ title: 'Intro' })]) });
    const without = await call('GET', `/v1/info?url=${encodeURIComponent(e.ft.videoUrl('members'))}`);
    expect(without.statusCode).toBe(502);
    // A lookup with cookies is never served from (or stored in) the shared cache.
    const again = await call('GET', `/v1/info?url=${encodeURIComponent(e.ft.videoUrl('members'))}`);
    expect(again.statusCode).toBe(502);
    expect(fs.readdirSync(path.join(e.svc.dataDir, 'work')).filter((d) => d.startsWith('info-'))).toEqual([]);
  });

  it('keeps them sealed while the job runs, in a 0600 file, and drops them when it is cancelled', async () => {
    const res = await call('POST', '/v1/download', { url: e.ft.videoUrl('slow'), cookies: COOKIES_TXT });
    const id = res.json().job_id as string;
    const rows = await secretRows();
    expect(rows.map((r) => r.job_id)).toEqual([id]);
    expect(rows[0].sealed).toMatch(/^v1\./);
    expect(rows[0].sealed).not.toContain(secret);
    let file: string | null = null;
    for (let i = 0; i < 100 && !file; i++) {
      const dir = fs.readdirSync(path.join(e.svc.dataDir, 'work')).find((d) => d.startsWith(id));
      const candidate = dir ? path.join(e.svc.dataDir, 'work', dir, 'cookies.txt') : null;
      if (candidate && fs.existsSync(candidate)) file = candidate;
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(file).not.toBeNull();
    expect(fs.statSync(file as string).mode & 0o777).toBe(0o600);
    expect((await call('DELETE', `/v1/jobs/${id}`)).statusCode).toBe(200);
    expect(await secretRows()).toEqual([]);
    await waitForJob(e.svc, e.auth, id);
    await vi.waitFor(() => expect(fs.existsSync(file as string)).toBe(false), { timeout: 10_000, interval: 50 });
  });

  it.each(['/v1/download', '/v1/preview', '/v1/transcribe', '/v1/translate', '/v1/fingerprint', '/v1/comments', '/v1/info'])('%s answers 422 for garbage cookies, naming the line but not its content', async (route) => {
    const extra = route === '/v1/preview' ? { preview_type: 'thumbnail' } : route === '/v1/translate' ? { target_language: 'es' } : {};
    const garbage = `127.0.0.1 TRUE / FALSE 0 session ${secret}`;
    const res = await call('POST', route, { url: e.ft.videoUrl('members'), cookies: garbage, ...extra });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toEqual([expect.objectContaining({ loc: ['body', 'cookies'], msg: expect.stringMatching(/line 1: expected 7 tab-separated fields/) })]);
    const huge = await call('POST', route, { url: e.ft.videoUrl('members'), cookies: COOKIES_TXT.repeat(400), ...extra }); // ~38 KB: over 32 KiB, under the body limit
    expect(huge.statusCode).toBe(422);
  });

  it('never appears in any response, log line or the database', async () => {
    expect(log.lines().length).toBeGreaterThan(20);
    expect(log.lines().some((l) => l.level === 20)).toBe(true); // debug lines (engine command lines) were captured
    expect(log.text()).not.toContain(secret);
    for (const body of bodies) expect(body).not.toContain(secret);
    if (store === 'sqlite') {
      const db = path.join(e.svc.dataDir, 'videoconduit.db');
      for (const f of [db, `${db}-wal`].filter((p) => fs.existsSync(p))) expect(fs.readFileSync(f).includes(Buffer.from(secret))).toBe(false);
    } else {
      // Every row of every table of the test's schema, as text.
      const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema()`.execute(e.svc.store.db);
      expect(tables.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(['jobs', 'job_secrets', 'ledger_entries', 'webhook_deliveries']));
      for (const { table_name } of tables.rows) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(e.svc.store.db);
        expect(JSON.stringify(rows.rows), table_name).not.toContain(secret);
      }
    }
  });
});
