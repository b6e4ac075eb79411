// The dashboard in real Chromium against the real service (real yt-dlp, ffmpeg, Whisper,
// Apertium, fpcalc) and the local fixture sites: sign in, one job of every kind submitted
// through its form and followed live to completion, each result page checked for what a
// person sees, account, webhooks, cancel / run again, an error, /docs, sign out. Every page:
// screenshots (test/browser/screenshots/), axe-core, no sideways scrolling at 390 px, no
// console errors.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommentsSite, type CommentsSite } from '../fixtures/comments-site.js';
import { startReceiver, type Receiver } from '../fixtures/receiver.js';
import { startMediaSite, type MediaSite } from '../fixtures/site.js';
import { createKey, setKeyActive } from '../../src/store/keys.js';
import { REPO, startTestService, type TestService } from '../helpers/service.js';
import { makeSpeech } from '../helpers/speech.js';
import { serveDir } from '../helpers/static-server.js';
import { browserMissing, checkPage, launch, screenshot, type Browser } from './browser.js';

const missing = browserMissing();
if (missing) console.warn(missing);

const UUID = /\/jobs\/([0-9a-f-]{36})$/;
type Fill = Record<string, string | boolean>;

describe.skipIf(missing !== null)('dashboard in Chromium', () => {
  let svc: TestService;
  let site: MediaSite;
  let fake: CommentsSite;
  let speech: { url(name: string): string; close(): Promise<void> };
  let receiver: Receiver;
  let b: Browser;
  let page: Page;
  let key: string;
  let accountId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [site, fake, receiver] = await Promise.all([startMediaSite(), startCommentsSite(), startReceiver()]);
    speech = await serveDir(path.dirname(makeSpeech().en));
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '2', VC_YTDLP_PLUGIN_DIRS: `${REPO}/test/fixtures/ytdlp-plugins` });
    ({ key, id: accountId } = await svc.account(500, { name: 'Dashboard tester' }));
    const base = await svc.app.listen({ host: '127.0.0.1', port: 0 });
    b = await launch(base);
    page = b.page;
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await svc?.stop();
    await Promise.all([site?.close(), fake?.close(), speech?.close(), receiver?.close()]);
  });

  /** Fills the form for `type` by label, checks the price it shows, submits, returns the job id. */
  async function submit(type: string, fill: Fill, credits: number): Promise<string> {
    await page.goto(`/new/${type}`);
    for (const [label, value] of Object.entries(fill)) {
      const field = page.getByLabel(label);
      if (typeof value === 'boolean') await field.setChecked(value);
      else if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await expect.poll(() => page.getByTestId('price').textContent()).toContain(`Costs ${credits} credit${credits === 1 ? '' : 's'}`);
    await page.getByRole('button', { name: /^Start / }).click();
    await page.waitForURL(UUID);
    return UUID.exec(new URL(page.url()).pathname)![1];
  }

  /** Opens a job's page and waits, without reloading, until SSE has brought it to an end. */
  async function follow(id: string, status = 'completed'): Promise<string> {
    await page.goto(`/jobs/${id}`);
    const article = page.locator('article.job-page');
    await article.waitFor();
    const first = (await article.getAttribute('data-status'))!;
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.locator(`article.job-page[data-status="${status}"]`).waitFor({ timeout: 180_000 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    return first;
  }

  const naturalWidth = (selector: string) => page.locator(selector).first().evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));

  it('signs in with an API key, after refusing a wrong one', async () => {
    await page.goto('/');
    await page.getByLabel('API key').fill('vc_not_a_real_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
    await checkPage(b, 'sign-in', { allowErrors: /status of 401/ });
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([key]);
  });

  it('submits one job of every kind through its form, priced before submit, and follows each to completed', async () => {
    const video = site.url('/media/video.mp4');
    ids.fingerprint1 = await submit('fingerprint', { 'Video URL': video, 'Hash size': '8' }, 1);
    ids.download = await submit('download', { 'Video URL': video, 'Quality (highest height)': 'best' }, 2);
    ids.thumbnail = await submit('preview', { 'Video URL': video, 'Preview type': 'thumbnail', 'Frame at': '2.5' }, 1);
    ids.gif = await submit('preview', { 'Video URL': video, 'Preview type': 'gif', 'Length (seconds)': '2', 'Frames per second': '5', 'Width in pixels': '240' }, 1);
    ids.mosaic = await submit('preview', { 'Video URL': site.url('/media/long.mp4'), 'Preview type': 'mosaic', Columns: '4', Rows: '3' }, 1);
    ids.clip = await submit('preview', { 'Video URL': video, 'Preview type': 'clip', 'Start at': '1', 'Length (seconds)': '3' }, 1);
    ids.transcribe = await submit('transcribe', { 'Video URL': speech.url('en.wav'), Model: 'tiny.en', 'Spoken language': 'en' }, 3);
    ids.translate = await submit('translate', { 'Video URL': speech.url('en.wav'), 'Translate into': 'es', 'Spoken language': 'en', Model: 'tiny.en' }, 4);
    ids.comments = await submit('comments', { 'Video URL': fake.watchUrl('thread') }, 1);
    const seen = [];
    for (const name of ['fingerprint1', 'download', 'thumbnail', 'gif', 'mosaic', 'clip', 'transcribe', 'translate', 'comments']) seen.push(await follow(ids[name]));
    // The second fingerprint runs after the first is stored, so it finds it.
    ids.fingerprint2 = await submit('fingerprint', { 'Video URL': `${video}?copy=2`, 'Hash size': '8' }, 1);
    seen.push(await follow(ids.fingerprint2));
    // Jobs ran two at a time, so several pages opened before their job finished and saw it end live.
    expect(seen.filter((s) => s !== 'completed').length).toBeGreaterThan(0);
    expect(b.takeErrors()).toEqual([]);
  }, 600_000);

  it('shows the download in a player with its facts', async () => {
    await page.goto(`/jobs/${ids.download}`);
    const duration = await page.locator('video.player').evaluate((v: HTMLVideoElement) => new Promise<number>((r) => (v.readyState >= 1 ? r(v.duration) : v.addEventListener('loadedmetadata', () => r(v.duration)))));
    expect(duration).toBeCloseTo(site.media.mp4.durationSec, 0);
    await expect.poll(() => page.locator('.result .facts').textContent()).toContain('640 × 360');
    expect(await page.getByRole('link', { name: 'Download file' }).getAttribute('href')).toMatch(/^\/v1\/files\//);
    await checkPage(b, 'job-download');
  });

  it('shows the thumbnail and the GIF as decoded images', async () => {
    await page.goto(`/jobs/${ids.thumbnail}`);
    expect(await naturalWidth('img.preview-image')).toBe(480);
    await checkPage(b, 'job-thumbnail');
    await page.goto(`/jobs/${ids.gif}`);
    expect(await naturalWidth('img.preview-image')).toBe(240);
    await checkPage(b, 'job-gif');
  });

  it('shows the mosaic, and its storyboard scrubs the video', async () => {
    await page.goto(`/jobs/${ids.mosaic}`);
    expect(await naturalWidth('.mosaic img')).toBeGreaterThan(0);
    expect(await page.locator('.mosaic-tile').count()).toBe(12);
    const tile = page.getByTestId('storyboard-tile');
    await tile.waitFor({ state: 'attached' });
    expect(await tile.evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/\/v1\/files\/.*mosaic\.jpg/);
    const before = await tile.evaluate((el) => getComputedStyle(el).backgroundPosition);
    const slider = page.getByLabel('Scrub through the storyboard');
    await slider.fill('40');
    await expect.poll(() => tile.evaluate((el) => getComputedStyle(el).backgroundPosition)).not.toBe(before);
    await expect.poll(() => page.locator('video.player').evaluate((v: HTMLVideoElement) => Math.round(v.currentTime))).toBe(40);
    await screenshot(page, 'job-mosaic-scrubbing', { scrollTop: false });
    // A tile of the mosaic seeks too.
    await page.getByRole('button', { name: /^Go to frame 1 at/ }).click();
    await expect.poll(() => page.locator('video.player').evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(10);
    await checkPage(b, 'job-mosaic');
  });

  it('plays the clip', async () => {
    await page.goto(`/jobs/${ids.clip}`);
    const duration = await page.locator('video.player').evaluate((v: HTMLVideoElement) => new Promise<number>((r) => (v.readyState >= 1 ? r(v.duration) : v.addEventListener('loadedmetadata', () => r(v.duration)))));
    expect(duration).toBeCloseTo(3, 0);
    await checkPage(b, 'job-clip');
  });

  it('shows the transcript beside the audio; a clicked cue seeks and is highlighted', async () => {
    await page.goto(`/jobs/${ids.transcribe}`);
    const cues = page.getByRole('list', { name: 'Transcript cues' });
    await expect.poll(() => cues.textContent()).toMatch(/video service/i);
    await page.locator('audio.player').waitFor();
    const last = cues.locator('li').last();
    await last.locator('button').click();
    await expect.poll(() => last.getAttribute('aria-current')).toBe('true');
    expect(await page.locator('audio.player').evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.5);
    await checkPage(b, 'job-transcribe');
  });

  it('shows the translation side by side with the source text', async () => {
    await page.goto(`/jobs/${ids.translate}`);
    const cues = page.getByRole('list', { name: 'Translated cues' });
    await expect.poll(() => cues.locator('.cue-text:not(.translated)').allTextContents().then((t) => t.join(' '))).toMatch(/video service/i);
    const spanish = (await cues.locator('.cue-text.translated').allTextContents()).join(' ');
    expect(spanish).toMatch(/servicio/i);
    await checkPage(b, 'job-translate');
  });

  it('lists the earlier fingerprint as a match with its similarity and aligned segments', async () => {
    await page.goto(`/jobs/${ids.fingerprint2}`);
    const match = page.locator(`[data-match-job="${ids.fingerprint1}"]`);
    await match.waitFor();
    expect(await match.locator('.similarity strong').textContent()).toMatch(/^\d+%$/);
    expect(await match.locator('svg .seg').count()).toBeGreaterThanOrEqual(2);
    await page.goto(`/jobs/${ids.fingerprint1}`);
    await page.getByTestId('no-matches').waitFor();
    await checkPage(b, 'job-fingerprint');
    await page.goto(`/jobs/${ids.fingerprint2}`);
    await match.waitFor();
    await checkPage(b, 'job-fingerprint-match');
  });

  it('shows comments as threads', async () => {
    await page.goto(`/jobs/${ids.comments}`);
    await page.locator('[data-comment-id="c1"] [data-comment-id="r2"] [data-comment-id="r3"]').waitFor();
    expect(await page.locator('[data-comment-id="c1"] > article .comment-text').textContent()).toBe('Best part at 2:31 and again at 1:02:03');
    expect(await page.locator('.threads > li').count()).toBe(5);
    await checkPage(b, 'job-comments');
  });

  it('lists the jobs with filters', async () => {
    await page.goto('/jobs');
    await expect.poll(() => page.locator('.job-row[data-status="completed"]').count()).toBe(10);
    await page.getByLabel('Type').selectOption('preview');
    await expect.poll(() => page.locator('.job-row').count()).toBe(4);
    expect(new URL(page.url()).search).toBe('?type=preview');
    await page.getByLabel('Type').selectOption('');
    await expect.poll(() => page.locator('.job-row').count()).toBe(10);
    await checkPage(b, 'jobs');
    // The dark scheme keeps its contrast too.
    await page.emulateMedia({ colorScheme: 'dark' });
    await checkPage(b, 'jobs-dark');
    await page.goto(`/jobs/${ids.translate}`);
    await page.getByRole('list', { name: 'Translated cues' }).waitFor();
    await checkPage(b, 'job-translate-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('checks the forms: limits before submit, an error with what to do, cancel and run again', async () => {
    await page.goto('/new/preview');
    await page.getByLabel('Video URL').fill(site.url('/media/video.mp4'));
    await page.getByLabel('Preview type').selectOption('gif');
    await page.getByLabel('Length (seconds)').fill('20');
    await page.getByRole('button', { name: /^Start / }).click();
    await expect.poll(() => page.locator('#f-duration-error').textContent()).toMatch(/15/);
    expect(new URL(page.url()).pathname).toBe('/new/preview');
    await checkPage(b, 'new-job');

    // A rule only the server knows: its 422 (a VideoConduitError from the SDK) lands on the field.
    await page.goto('/new/transcribe');
    await page.getByLabel('Video URL').fill(speech.url('en.wav'));
    await page.getByLabel('Model').selectOption('tiny.en');
    await page.getByLabel('Spoken language').fill('de');
    await page.getByRole('button', { name: /^Start / }).click();
    await expect.poll(() => page.locator('#f-model_size-error').textContent()).toMatch(/only knows English/);
    expect(await page.getByRole('alert').filter({ hasText: 'Please check the highlighted fields' }).textContent()).toMatch(/model_size: Model tiny\.en only knows English.*validation_error/);
    expect(new URL(page.url()).pathname).toBe('/new/transcribe');
    await checkPage(b, 'new-job-server-error', { allowErrors: /status of 422/ });

    const failed = await submit('preview', { 'Video URL': site.url('/media/corrupt.mp4'), 'Preview type': 'thumbnail' }, 1);
    await follow(failed, 'failed');
    await expect.poll(() => page.locator('.job-error').textContent()).toContain('media_error');
    expect(await page.locator('.job-error').textContent()).toMatch(/Try another format or source/);
    await checkPage(b, 'job-failed');

    const slow = await submit('download', { 'Video URL': site.url('/slow/video.mp4') }, 1);
    await page.locator('article.job-page[data-status="processing"]').waitFor();
    await checkPage(b, 'job-processing');
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.getByRole('button', { name: 'Yes, cancel' }).click();
    await page.locator('article.job-page[data-status="cancelled"]').waitFor();
    await page.getByRole('link', { name: 'Run again' }).click();
    await expect.poll(() => page.getByLabel('Video URL').inputValue()).toBe(site.url('/slow/video.mp4'));
    expect(page.url()).toContain(`from=${slow}`);

    // GET /v1/info answers at once, on the same page.
    await page.goto('/new/info');
    await page.getByLabel('Video URL').fill(site.url('/page/jsonld.html'));
    await page.getByRole('button', { name: 'Get info (1 credit)' }).click();
    await page.getByRole('heading', { name: 'Fixture JSON-LD Video' }).waitFor();
    expect(await naturalWidth('img.info-thumb')).toBe(320);
    await checkPage(b, 'new-info');
  });

  it("shows the account: balance, plan, usage chart, ledger, the account's keys", async () => {
    const retired = await createKey(svc.store.db, accountId, 'retired laptop');
    await setKeyActive(svc.store.db, retired.row.id, false);
    await page.goto('/account');
    const balance = (await svc.app.inject({ method: 'GET', url: '/v1/account', headers: { authorization: `Bearer ${key}` } })).json().credits_balance as number;
    await expect.poll(() => page.getByTestId('balance').textContent()).toBe(String(balance));
    expect(await page.locator('.chart rect.bar[height]:not([height="0"])').count()).toBeGreaterThan(0);
    expect(await page.locator('.chart figcaption').textContent()).toMatch(/credits? used in the last 30 days/);
    expect(await page.locator('table.ledger tbody tr').count()).toBeGreaterThan(10);
    expect(await page.locator('#keys-h + p code').textContent()).toBe(`${key.slice(0, 7)}…${key.slice(-4)}`);
    const rows = page.locator('table.keys tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const mine = page.locator('table.keys tr[aria-current="true"]');
    expect(await mine.locator('code').textContent()).toBe(`${key.slice(0, 7)}…${key.slice(-4)}`);
    expect(await mine.textContent()).toMatch(/this tab.*active.*(now|ago)$/);
    const other = page.locator(`table.keys tr[data-key-id="${retired.row.id}"]`);
    expect(await other.textContent()).toMatch(/retired laptop.*deactivated.*never$/);
    expect(await other.locator('code').textContent()).toBe(`${retired.key.slice(0, 7)}…${retired.key.slice(-4)}`);
    await checkPage(b, 'account');
  });

  it('manages a webhook: add, test event in the delivery log, rotate the secret', async () => {
    await page.goto('/webhooks');
    await page.getByLabel('Endpoint URL').fill(receiver.url('/hook'));
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.locator('.secret code').textContent();
    expect(secret).toMatch(/^whsec_/);
    await checkPage(b, 'webhooks');
    await page.getByRole('link', { name: 'Open the new endpoint' }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await receiver.waitFor('/hook', 1);
    const delivery = page.locator('.delivery').first();
    await delivery.waitFor({ timeout: 15_000 });
    expect(await delivery.locator('.badge').textContent()).toBe('200');
    expect(await delivery.textContent()).toContain('webhook.test');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await expect.poll(() => page.locator('.secret code').textContent()).not.toBe(secret);
    await checkPage(b, 'webhook');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No endpoints yet.').waitFor();
  });

  it('links the API reference at /docs, which renders offline', async () => {
    await page.goto('/jobs');
    expect(await page.getByRole('link', { name: /API reference/ }).getAttribute('href')).toBe('/docs');
    await page.goto('/docs');
    await page.getByText('VideoConduit API', { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.getByText('Download OpenAPI Document').first().waitFor();
    await page.getByRole('button', { name: /preview/i }).first().click();
    await page.getByText('/v1/preview').first().waitFor();
    await page.screenshot({ path: `${REPO}/test/browser/screenshots/docs-desktop.png` });
    expect(b.takeErrors()).toEqual([]);
  });

  it('signs out, which forgets the key', async () => {
    await page.goto(`/jobs/${ids.download}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.goto(`/jobs/${ids.download}`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(b.takeErrors()).toEqual([]);
  });

  it('signs the tab out when its key is deactivated meanwhile', async () => {
    const spare = await createKey(svc.store.db, accountId, 'spare');
    await page.goto('/jobs');
    await page.getByLabel('API key').fill(spare.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await setKeyActive(svc.store.db, spare.row.id, false);
    await page.goto('/account');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(b.takeErrors().filter((e) => !/status of 403/.test(e))).toEqual([]);
  });
});
