// End to end: the fork server running the real yt-dlp (and ffmpeg) against a local site.
import { execFile } from 'node:child_process';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { downloadArgs, infoArgs, parseDownloadOutput, parseProgressLine, type DownloadRequest } from './args.js';
import { isProcessAlive } from '../process/run.js';
import { YtdlpForkServer, runYtdlpCli, ytdlpPaths } from './forkserver.js';
import { startTestSite, type TestSite } from '../../../test/fixtures/ytdlp-site.js';
import { plainScope } from '../process/scope.js';
import { extractInfo, isPlaylist } from './info.js';
import { createYtdlp } from './runner.js';

const paths = ytdlpPaths(loadConfig({}));
const engine = { proxy: '' }; // keep a developer's *_proxy variables out of it
let site: TestSite;
let server: YtdlpForkServer;
let dir: string;

beforeAll(async () => {
  [site, server, dir] = await Promise.all([
    startTestSite(),
    YtdlpForkServer.start({ python: paths.python }),
    fs.mkdtemp(path.join(os.tmpdir(), 'vc-ytdlp-e2e-')),
  ]);
});
afterAll(async () => {
  await server?.close();
  await site?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const request = (over: Partial<DownloadRequest>): DownloadRequest => ({
  format: 'mp4',
  quality: '1080p',
  audioOnly: false,
  start: null,
  end: null,
  subtitles: [],
  outputTemplate: path.join(dir, 'out.%(ext)s'),
  maxFileBytes: 100_000_000,
  ...over,
});

/** Live (not zombie) processes whose process group is `pgid`, from /proc. */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') pids.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    if (check()) return true;
  }
  return check();
}

function probeDuration(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], (err, out) =>
      err ? reject(err) : resolve(Number(out.trim())),
    );
  });
}

describe('YtdlpForkServer', () => {
  it('extracts info for a direct link', async () => {
    const r = await extractInfo(createYtdlp(server, { pluginDirs: [] }), site.url('/clip.mp4'), plainScope({ timeoutMs: 60_000 }), { engine });
    if (!r.ok) throw new Error(r.failure.detail);
    expect(isPlaylist(r.info)).toBe(false);
    expect(r.info).toMatchObject({ id: 'clip', extractor: 'generic' });
  });

  it('a page without video is unsupported_url, a 404 is upstream_error', async () => {
    const novideo = site.url('/novideo.html');
    const ytdlp = createYtdlp(server, { pluginDirs: [] });
    expect(await extractInfo(ytdlp, novideo, plainScope({ timeoutMs: 60_000 }), { engine })).toEqual({
      ok: false,
      failure: { code: 'unsupported_url', detail: `Could not extract info from URL: ${novideo}` },
    });
    const missing = await extractInfo(ytdlp, site.url('/missing.mp4'), plainScope({ timeoutMs: 60_000 }), { engine });
    expect(missing).toMatchObject({ ok: false, failure: { code: 'upstream_error', detail: expect.stringMatching(/404/) } });
  });

  it('behaves like the CLI: same stdout, exit code and stderr for the same argv', async () => {
    for (const argv of [['--version'], ['--no-such-option'], infoArgs(site.url('/novideo.html'), { playlist: false }, engine)]) {
      const [fork, cli] = await Promise.all([server.run(argv, { timeoutMs: 60_000 }), runYtdlpCli(paths.ytdlp, argv, { timeoutMs: 60_000 })]);
      expect({ code: fork.code, stdout: fork.stdout, stderr: fork.stderr }).toEqual({ code: cli.code, stdout: cli.stdout, stderr: cli.stderr });
    }
  });

  it('runs in parallel and reports each pid', async () => {
    const pids: number[] = [];
    const runs = await Promise.all(
      [1, 2, 3].map(() => server.run(infoArgs(site.url('/page.html'), { playlist: true }, engine), { timeoutMs: 60_000, onSpawn: (p) => pids.push(p) })),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(new Set(pids).size).toBe(3);
  });

  it('downloads with progress lines, the final path and subtitles', async () => {
    const lines: string[] = [];
    const run = await server.run(downloadArgs(site.url('/page.html'), request({ subtitles: ['en'] }), engine), {
      timeoutMs: 60_000,
      onStdoutLine: (l) => lines.push(l),
    });
    expect(run.code, run.stderr).toBe(0);
    const out = parseDownloadOutput(run.stdout);
    expect(out.filepath).toBe(path.join(dir, 'out.mp4'));
    expect((await fs.stat(out.filepath!)).size).toBe((await fs.stat(site.clipPath)).size);
    expect(out.subtitles.en).toBe(path.join(dir, 'out.en.vtt'));
    expect(await fs.readFile(out.subtitles.en!, 'utf8')).toContain('Hello');
    expect(lines.map(parseProgressLine).filter((p) => p !== null).at(-1)).toBe(100);
    expect(lines).toContain(`VCFILE ${out.filepath}`);
    expect(lines.join('\n')).not.toMatch(/VCEXIT|VCPID/);
  });

  it('trims with --download-sections (yt-dlp runs ffmpeg)', async () => {
    const run = await server.run(downloadArgs(site.url('/clip.mp4'), request({ start: 0.5, end: 1.5, outputTemplate: path.join(dir, 'trim.%(ext)s') }), engine), {
      timeoutMs: 60_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const file = parseDownloadOutput(run.stdout).filepath!;
    expect(await probeDuration(file)).toBeCloseTo(1, 0);
  });

  it('a file over --max-filesize ends with exit 0 and no file line', async () => {
    const run = await server.run(downloadArgs(site.url('/clip.mp4'), request({ maxFileBytes: 1000, outputTemplate: path.join(dir, 'big.%(ext)s') }), engine), { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(parseDownloadOutput(run.stdout).filepath).toBeNull();
  });

  it('abort kills the whole process group, ffmpeg included', async () => {
    const ac = new AbortController();
    let pid = 0;
    const argv = downloadArgs(site.url('/slow.mp4'), request({ start: 0.5, end: 1.5, outputTemplate: path.join(dir, 'slow.%(ext)s') }), engine);
    const done = server.run(argv, { timeoutMs: 60_000, signal: ac.signal, onSpawn: (p) => (pid = p) });
    // yt-dlp itself plus the ffmpeg it started to fetch the section.
    expect(await waitFor(() => pid > 0 && groupMembers(pid).length >= 2, 30_000)).toBe(true);
    const members = groupMembers(pid);
    ac.abort();
    const run = await done;
    expect(run).toMatchObject({ aborted: true, timedOut: false, code: null });
    // Reaping is asynchronous: allow a moment before a killed leader stops showing (as a zombie).
    expect(await waitFor(() => !isProcessAlive(pid), 5_000)).toBe(true);
    expect(await waitFor(() => members.every((p) => groupMembers(pid).indexOf(p) < 0), 5_000)).toBe(true);
  });

  it('times out', async () => {
    const run = await server.run(downloadArgs(site.url('/slow.mp4'), request({ outputTemplate: path.join(dir, 'slow2.%(ext)s') }), engine), { timeoutMs: 1500 });
    expect(run).toMatchObject({ timedOut: true, code: null });
  });

  it('restarts a server that died', async () => {
    const before = server.pid!;
    process.kill(before, 'SIGKILL');
    await waitFor(() => groupMembers(before).length === 0, 5_000);
    const run = await server.run(['--version'], { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(server.pid).not.toBe(before);
  });

  it('is faster than the CLI for info (timings logged, not asserted)', async () => {
    const argv = infoArgs(site.url('/clip.mp4'), { playlist: true }, engine);
    const time = async (f: () => Promise<unknown>): Promise<number> => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    const fork: number[] = [];
    const cli: number[] = [];
    for (let i = 0; i < 3; i++) {
      fork.push(await time(() => server.run(argv, { timeoutMs: 60_000 })));
      cli.push(await time(() => runYtdlpCli(paths.ytdlp, argv, { timeoutMs: 60_000 })));
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[1]!;
    console.log(`yt-dlp -J on the local clip, median of 3: fork server ${median(fork).toFixed(0)} ms, CLI ${median(cli).toFixed(0)} ms`);
  });
});

describe('YtdlpForkServer lifecycle', () => {
  it('fails to start with a clear error when python is missing', async () => {
    await expect(YtdlpForkServer.start({ python: '/nonexistent/python' })).rejects.toThrow(/did not start/);
  });

  it('when Node goes away (server stdin closes) the server ends its runs', async () => {
    const own = await YtdlpForkServer.start({ python: paths.python });
    let pid = 0;
    const slow = own.run(downloadArgs(site.url('/slow.mp4'), request({ outputTemplate: path.join(dir, 'orphan.%(ext)s') }), engine), {
      timeoutMs: 60_000,
      onSpawn: (p) => (pid = p),
    });
    await waitFor(() => pid > 0, 30_000);
    (own as unknown as { proc: { stdin: { end(): void } } }).proc.stdin.end();
    expect(await slow).toMatchObject({ code: null, aborted: false, timedOut: false });
    expect(await waitFor(() => groupMembers(pid).length === 0, 5_000)).toBe(true);
    await own.close();
  });


  it('stops runs in flight, then refuses new ones', async () => {
    const own = await YtdlpForkServer.start({ python: paths.python });
    const pids: number[] = [];
    const slow = own.run(downloadArgs(site.url('/slow.mp4'), request({ outputTemplate: path.join(dir, 'slow3.%(ext)s') }), engine), {
      timeoutMs: 60_000,
      onSpawn: (p) => pids.push(p),
    });
    await waitFor(() => pids.length > 0, 30_000);
    await own.close();
    expect(await slow).toMatchObject({ aborted: true, code: null });
    expect(() => process.kill(pids[0]!, 0)).toThrow();
    await expect(own.run(['--version'], { timeoutMs: 5000 })).rejects.toThrow(/closed/);
  });
});
