// The yt-dlp runner around a stand-in executor: what every run gets, and the verdicts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostSlots } from '../process/host-slots.js';
import { plainScope } from '../process/scope.js';
import type { YtdlpRunOptions, YtdlpRunResult, YtdlpRunner } from './forkserver.js';
import { createYtdlp } from './runner.js';

function fake(result: Partial<YtdlpRunResult> = {}) {
  const calls: { argv: string[]; opts: YtdlpRunOptions }[] = [];
  const exec: YtdlpRunner = {
    run: async (argv, opts) => {
      calls.push({ argv, opts });
      return { code: 0, stdout: 'out', stderr: '', timedOut: false, aborted: false, ...result };
    },
  };
  return { exec, calls };
}

function egress(refused: Record<string, string[]> = {}, cookies: Record<string, (u: URL) => string | null> = {}) {
  return {
    urlFor: (tag: string) => `http://${tag}:secret@127.0.0.1:9`,
    takeRefusals: (tag: string) => refused[tag] ?? [],
    setCookies: (tag: string, source: (u: URL) => string | null) => void (cookies[tag] = source),
  };
}

const scope = () => plainScope({ timeoutMs: 10_000 });
const COOKIE_FILE = '# Netscape HTTP Cookie File\n.v.example\tTRUE\t/\tTRUE\t0\tsession\ts3cr3t\n';
const URL_ = 'https://v.example/watch';

describe('yt-dlp runner', () => {
  it('adds plugins first, its guards last before `--`, and the proxy in the environment only', async () => {
    const { exec, calls } = fake();
    const ytdlp = createYtdlp(exec, { pluginDirs: ['/plugins'], egress: egress() });
    await ytdlp.run(['-J', '--', URL_], URL_, scope());
    await ytdlp.run(['-J', '--', URL_], URL_, scope());
    const [a, b] = calls;
    expect(a.argv.slice(0, 2)).toEqual(['--plugin-dirs', '/plugins']);
    expect(a.argv.slice(-2)).toEqual(['--', URL_]);
    const i = a.argv.indexOf('--abort-on-unavailable-fragments');
    expect(i).toBeGreaterThan(a.argv.indexOf('-J'));
    expect(a.argv[a.argv.indexOf('--downloader-args') + 1]).toMatch(/^ffmpeg_i:.*-protocol_whitelist http,https,tcp,tls,crypto,httpproxy /);
    expect(a.argv[a.argv.indexOf('--postprocessor-args') + 1]).toMatch(/^Merger\+ffmpeg_i:-protocol_whitelist file,pipe -format_whitelist mov,/);
    expect(a.argv.join(' ')).not.toMatch(/secret|--proxy/);
    expect(a.opts.env).toEqual({ http_proxy: 'http://y1:secret@127.0.0.1:9', https_proxy: 'http://y1:secret@127.0.0.1:9', all_proxy: 'http://y1:secret@127.0.0.1:9', VC_EGRESS_TUNNEL_HTTP: '1' });
    expect(b.opts.env?.http_proxy).toBe('http://y2:secret@127.0.0.1:9');
  });

  it("passes the scope's cookies as a file and to the egress proxy for its run, never their content in argv", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-cookies-'));
    const file = path.join(dir, 'cookies.txt');
    fs.writeFileSync(file, COOKIE_FILE, { mode: 0o600 });
    const { exec, calls } = fake();
    const handed: Record<string, (u: URL) => string | null> = {};
    const ytdlp = createYtdlp(exec, { pluginDirs: [], egress: egress({}, handed) });
    const cookies = { file, headerFor: (u: URL) => (u.hostname === 'v.example' ? 'session=s3cr3t' : null) };
    await ytdlp.run(['-J', '--', URL_], URL_, { ...scope(), cookies });
    const argv = calls[0].argv;
    expect(path.dirname(argv[argv.indexOf('--cookies') + 1])).toBe(dir);
    expect(argv.indexOf('--cookies')).toBeLessThan(argv.indexOf('--'));
    expect(argv.join(' ')).not.toContain('s3cr3t');
    expect(handed.y1?.(new URL(URL_))).toBe('session=s3cr3t');
    await ytdlp.run(['-J', '--', URL_], URL_, scope());
    expect(calls[1].argv).not.toContain('--cookies');
    expect(handed.y2).toBeUndefined();
    await expect(ytdlp.run(['--cookies', '/x', '--', URL_], URL_, scope())).rejects.toThrow(/--cookies/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every run its own copy of the cookie file: yt-dlp rewrites it in place when it exits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-cookies-'));
    const file = path.join(dir, 'cookies.txt');
    fs.writeFileSync(file, COOKIE_FILE, { mode: 0o600 });
    const seen: { path: string; text: string; mode: number }[] = [];
    let inFlight = 0;
    let overlapped = false;
    const exec: YtdlpRunner = {
      run: async (argv) => {
        const p = argv[argv.indexOf('--cookies') + 1];
        seen.push({ path: p, text: fs.readFileSync(p, 'utf8'), mode: fs.statSync(p).mode & 0o777 });
        overlapped ||= ++inFlight > 1;
        await new Promise((r) => setTimeout(r, 20));
        fs.writeFileSync(p, '# Netscape HTTP Cookie File\n'); // what yt-dlp's exit does to its file
        inFlight--;
        return { code: 0, stdout: '', stderr: '', timedOut: false, aborted: false };
      },
    };
    const ytdlp = createYtdlp(exec, { pluginDirs: [], egress: egress() });
    const cookies = { file, headerFor: () => null };
    await Promise.all([1, 2, 3].map(() => ytdlp.run(['-J', '--', URL_], URL_, { ...scope(), cookies })));
    expect(overlapped).toBe(true);
    expect(new Set(seen.map((s) => s.path)).size).toBe(3);
    for (const s of seen) expect(s).toMatchObject({ text: COOKIE_FILE, mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toBe(COOKIE_FILE); // the job's own file is never rewritten
    expect(fs.readdirSync(dir)).toEqual(['cookies.txt']); // the copies are gone
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bounds runs per source host (VC_SOURCE_HOST_CONCURRENCY) and lets a cancelled wait go', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let running = 0;
    let most = 0;
    const exec: YtdlpRunner = {
      run: async () => {
        most = Math.max(most, ++running);
        await gate;
        running--;
        return { code: 0, stdout: '', stderr: '', timedOut: false, aborted: false };
      },
    };
    const ytdlp = createYtdlp(exec, { pluginDirs: [], hostSlots: new HostSlots(2) });
    const other = 'https://elsewhere.example/v';
    const runs = [URL_, URL_, URL_, other].map((u) => ytdlp.run(['--', u], u, scope()));
    const abort = new AbortController();
    const cancelled = ytdlp.run(['--', URL_], URL_, { ...plainScope({ timeoutMs: 10_000, signal: abort.signal }) });
    await new Promise((r) => setTimeout(r, 50));
    expect(most).toBe(3); // two of v.example, one of elsewhere.example
    abort.abort();
    expect(await cancelled).toMatchObject({ code: 'cancelled' });
    release();
    await Promise.all(runs);
    expect(most).toBe(3);
  });

  it('refuses an argv that does not end with `-- <url>`', async () => {
    const ytdlp = createYtdlp(fake().exec, { pluginDirs: [] });
    await expect(ytdlp.run(['-J', URL_], URL_, scope())).rejects.toThrow(/-- <url>/);
  });

  it.each([
    ['timed out', { code: null, timedOut: true }, 'timeout'],
    ['aborted', { code: null, aborted: true }, 'cancelled'],
    ['unsupported', { code: 1, stderr: 'ERROR: Unsupported URL: x' }, 'unsupported_url'],
    ['no web format', { code: 1, stderr: 'ERROR: [generic] x: Requested format is not available. Use --list-formats' }, 'unsupported_url'],
    ['a failed merge', { code: 1, stderr: 'ERROR: Postprocessing: Conversion failed!' }, 'media_error'],
    ['an unavailable fragment', { code: 1, stderr: 'ERROR: fragment 3 not found, unable to continue' }, 'upstream_error'],
    ['a segment its ffmpeg skipped (exit 0)', { code: 0, stderr: '[hls @ 0x1] Failed to open segment 2 of playlist 0\n' }, 'upstream_error'],
    ['a truncated source its ffmpeg read (exit 0)', { code: 0, stderr: '[mov,mp4 @ 0x1] stream 0, offset 0x30: partial file\n' }, 'media_error'],
  ] as const)('%s -> %s', async (_name, result, code) => {
    const out = await createYtdlp(fake(result).exec, { pluginDirs: [] }).run(['--', URL_], URL_, scope());
    expect(out).toMatchObject({ code });
  });

  it('a refusal by the egress proxy is url_not_allowed when the run failed or skipped something', async () => {
    const refused = { y1: ['URL not allowed: 10.0.0.1 is private'] };
    const failed = await createYtdlp(fake({ code: 1, stderr: 'ERROR: HTTP Error 403' }).exec, { pluginDirs: [], egress: egress(refused) }).run(['--', URL_], URL_, scope());
    expect(failed).toMatchObject({ code: 'url_not_allowed', detail: expect.stringContaining('10.0.0.1 is private') });
    const skipped = await createYtdlp(fake({ stderr: 'Failed to open segment 1' }).exec, { pluginDirs: [], egress: egress(refused) }).run(['--', URL_], URL_, scope());
    expect(skipped).toMatchObject({ code: 'url_not_allowed' });
    const fine = await createYtdlp(fake().exec, { pluginDirs: [], egress: egress(refused) }).run(['--', URL_], URL_, scope());
    expect(fine).toMatchObject({ stdout: 'out' });
  });

  it('reports the input dumps of the ffmpeg it started', async () => {
    const stderr = "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'https://x/v.mp4':\n  Duration: 00:00:06.00, start: 0.000000\n  Stream #0:0: Video: h264\n";
    const out = await createYtdlp(fake({ stderr }).exec, { pluginDirs: [] }).run(['--', URL_], URL_, scope());
    expect(out).toMatchObject({ ffmpegInputs: [{ duration: 6, hasVideo: true, hasAudio: false }] });
  });
});
