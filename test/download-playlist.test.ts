// Playlists end to end: one job downloads every entry (real yt-dlp through the FakeTube
// plugin), files[] with per-file links, a ZIP as the job's download, per-item credits reserved
// at submit and the unused part refunded exactly once, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobe, startDownloadEnv, zipListing, type DownloadEnv } from './helpers/downloads.js';
import { STORES } from './helpers/service.js';

describe.each(STORES)('playlists (%s)', (store) => {
  let e: DownloadEnv;
  beforeAll(async () => {
    e = await startDownloadEnv({}, { store });
  });
  afterAll(async () => e?.stop());

  const ledger = async (auth: Record<string, string>) => (await e.svc.app.inject({ method: 'GET', url: '/v1/account/ledger?limit=100', headers: auth })).json().data as { reason: string; delta: number; job_id: string }[];
  const balance = async (auth: Record<string, string>) => (await e.svc.app.inject({ method: 'GET', url: '/v1/account', headers: auth })).json().credits_balance as number;

  it('downloads the entries, reports the failed one with its error, zips the rest and refunds what was not delivered', async () => {
    const acct = await e.svc.account(20);
    const res = await e.svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: e.ft.playlistUrl('three'), playlist: true, max_items: 5, format: 'mkv' } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().credits_charged).toBe(5); // 1 credit per item, reserved for max_items
    expect(await balance(acct.auth)).toBe(15);
    const id = res.json().job_id;
    // Progress counts entries: watch the stages go by.
    const stages = new Set<string>();
    let job: Record<string, any>;
    for (;;) {
      job = (await e.svc.app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers: acct.auth })).json();
      stages.add(`${job.progress} ${job.stage}`);
      if (['completed', 'failed', 'cancelled'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect([...stages].some((s) => /^(33|66|67) downloaded [12] of 3$/.test(s))).toBe(true);

    const files = job.result.files as Record<string, any>[];
    expect(files.map((f) => [f.index, f.kind, f.filename, f.error?.code ?? null])).toEqual([
      [1, 'media', '01 - A video with chapters.mkv', null],
      [2, 'media', '02 - A plain video.mkv', null],
      [3, 'entry', null, 'upstream_error'],
    ]);
    expect(files[2]).toMatchObject({ source_url: e.ft.videoUrl('missing'), download_url: null, error: { detail: expect.stringMatching(/404/) } });
    expect(job.result.playlist).toMatchObject({ id: 'three', title: 'Three videos', entries: 3, downloaded: 2, failed: 1 });
    // Entries keep the per-item options (chapters embedded in each).
    expect(ffprobe(e.file(job, files[0].filename)).chapters).toHaveLength(3);

    // The job's download is a ZIP of the entries; each entry has its own link.
    expect(job.result).toMatchObject({ filename: 'Three videos.zip', mime_type: 'application/zip' });
    expect(zipListing(e.file(job, job.result.filename))).toEqual(files.slice(0, 2).map((f) => ({ name: f.filename, size: f.size_bytes })));
    const zip = await e.fetch(job.download_url);
    expect([zip.status, zip.type, zip.body.length]).toEqual([200, 'application/zip', job.result.size_bytes]);
    const second = await e.fetch(files[1].download_url);
    expect([second.status, second.type, second.body.length]).toEqual([200, 'video/x-matroska', files[1].size_bytes]);

    // 5 reserved, 2 delivered: 3 back, in one ledger entry written with the completion.
    expect(job.credits_refunded).toBe(3);
    const entries = (await ledger(acct.auth)).filter((l) => l.job_id === id);
    expect(entries.map((l) => [l.reason, l.delta]).sort()).toEqual([['charge', -5], ['refund_unused', 3]]);
    expect(await balance(acct.auth)).toBe(18);
  });

  it('refunds the unused part exactly once, even if the completion is written twice', async () => {
    const { refundJob } = await import('../src/store/accounts.js');
    const acct = await e.svc.account(10);
    const job = await e.download({ url: e.ft.playlistUrl('three'), playlist: true, max_items: 4 }, acct.auth);
    expect(job.credits_refunded).toBe(2);
    const row = await e.svc.store.db.selectFrom('jobs').selectAll().where('id', '=', job.job_id).executeTakeFirstOrThrow();
    // A second completion of the same attempt is fenced; a second refund of either reason is a no-op.
    expect(await e.svc.lifecycle.complete({ id: row.id, attempt: row.attempts }, JSON.parse(row.result as string), { refund: 2 })).toBe(false);
    expect(await refundJob(e.svc.store.db, acct.id, row.id, 2, 'refund_unused')).toBe(0);
    expect(await refundJob(e.svc.store.db, acct.id, row.id, 4, 'refund')).toBe(0);
    const entries = await ledger(acct.auth);
    expect(entries.filter((l) => l.reason === 'refund_unused'), JSON.stringify(entries)).toHaveLength(1);
    expect(await balance(acct.auth)).toBe(8);
  });

  it('fails and refunds everything when no entry can be downloaded', async () => {
    const acct = await e.svc.account(10);
    const job = await e.download({ url: e.ft.playlistUrl('broken'), playlist: true, max_items: 10 }, acct.auth);
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('upstream_error');
    expect(job.credits_refunded).toBe(10);
    expect(await balance(acct.auth)).toBe(10);
  });

  it('takes the first max_items entries and charges whisper subtitles per item', async () => {
    const acct = await e.svc.account(100);
    const job = await e.download({ url: e.ft.playlistUrl('ten'), playlist: true, max_items: 2, audio_only: true, format: 'm4a' }, acct.auth);
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result.files.map((f: { filename: string }) => f.filename)).toEqual(['01 - Entry 0.m4a', '02 - Entry 1.m4a']);
    expect([job.credits_charged, job.credits_refunded]).toEqual([2, 0]);
    const res = await e.svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: e.ft.playlistUrl('ten'), playlist: true, max_items: 3, subtitles_source: 'whisper', subtitles_mode: 'files' } });
    expect(res.json().credits_charged).toBe(12); // (1 download + 3 transcription) x 3
    await e.svc.app.inject({ method: 'DELETE', url: `/v1/jobs/${res.json().job_id}`, headers: acct.auth });
  });

  it('refuses more than 200 items and more than the balance covers, at no charge', async () => {
    const acct = await e.svc.account(10);
    const many = await e.svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: e.ft.playlistUrl('ten'), playlist: true, max_items: 201 } });
    expect(many.statusCode).toBe(422);
    const poor = await e.svc.app.inject({ method: 'POST', url: '/v1/download', headers: acct.auth, payload: { url: e.ft.playlistUrl('ten'), playlist: true } });
    expect(poor.statusCode).toBe(402);
    expect(poor.json()).toMatchObject({ required: 25, available: 10 });
    expect(await balance(acct.auth)).toBe(10);
  });
});
