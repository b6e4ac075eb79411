// The videoconduit command through bin/videoconduit, as a person runs it: every --help, wrong
// usage, the operator commands on a real data dir, and the client commands against a live
// server (a preview written to disk).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram, main } from '../src/cli.js';
import { startMediaSite, type MediaSite } from './fixtures/site.js';
import { REPO, startTestService, testEnv, type TestService } from './helpers/service.js';

const BIN = path.join(REPO, 'bin', 'videoconduit');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(BIN, args, { env: { ...process.env, VC_API_KEY: undefined, VC_API_URL: undefined, ...env }, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Every command path, e.g. ['keys', 'create']. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

describe('videoconduit CLI', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-cli-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** main() in this process (fast) with what it printed; the spawned runs below prove the binary. */
  async function inProcess(args: string[]): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(`${a.join(' ')}\n`));
    const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(`${a.join(' ')}\n`));
    const errWrite = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    try {
      return { code: await main(args), stdout: out.join(''), stderr: err.join('') };
    } finally {
      for (const s of [write, log, error, errWrite]) s.mockRestore();
      process.exitCode = undefined;
    }
  }

  it('every command and subcommand answers --help with exit 0, and does nothing else', async () => {
    const dataDir = path.join(tmp, 'never-created');
    const paths = [[], ...commandPaths(buildProgram())];
    expect(paths.length).toBeGreaterThan(20);
    for (const p of paths) {
      const r = await inProcess([...p, '--help']);
      expect(r.code, `${p.join(' ')} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^Usage: videoconduit/);
    }
    // Through the real binary: serve --help does not serve, migrate --help does not migrate.
    const spawned = await inBatches([['serve'], ['migrate'], ['accounts', 'create'], ['preview']], 2, (p) => cli([...p, '--help'], { VC_DATA_DIR: dataDir, VC_PORT: '1' }));
    for (const r of spawned) expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: videoconduit/) });
    expect(fs.existsSync(dataDir)).toBe(false);
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
  });

  it('wrong usage is one line on stderr and exit 2', async () => {
    const cases = [
      ['nope'],
      ['preview', 'http://127.0.0.1/v.mp4', '--typ', 'gif'],
      ['preview', 'http://127.0.0.1/v.mp4', '--type', 'thumb'],
      ['preview', 'http://127.0.0.1/v.mp4', '--type', 'gif', '--fps', 'fast'],
      ['preview', 'http://127.0.0.1/v.mp4', '--api-key', 'vc_x'],
      ['preview', 'http://127.0.0.1/v.mp4', '--type', 'gif'],
      ['download', 'http://127.0.0.1/v.mp4', '--api-key', 'vc_x', '--metadata', '[1]'],
      ['credits', 'add', '--account', 'x'],
      ['accounts', 'create', '--name', 'n', '--credits', '-5'],
      ['jobs', 'get'],
    ];
    const runs: Run[] = [];
    for (const args of cases) runs.push(await inProcess(args));
    runs.forEach((r, i) => {
      const what = cases[i].join(' ');
      expect(r.code, `${what}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n'), `${what}: ${r.stderr}`).toHaveLength(1);
    });
    expect(runs[1].stderr).toContain("unknown option '--typ'");
    expect(runs[2].stderr).toMatch(/Allowed choices are gif, thumbnail, mosaic, clip/);
    expect(runs[4].stderr).toContain("required option '--preview-type' not specified");
    expect(runs[5].stderr).toContain('no API key');
    expect(runs[7].stderr).toContain("required option '--amount <n>' not specified");
    // The binary: one line, no stack trace; a group without its subcommand shows its help.
    const [bad, group] = await Promise.all([cli(['preview', 'http://127.0.0.1/v.mp4', '--type', 'thumb']), cli(['keys'])]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/^Usage: videoconduit keys/);
  });

  it('operator commands: accounts, credits, keys; worker refuses; bad config lists every problem', async () => {
    const env = { ...testEnv(path.join(tmp, 'ops')) };
    const ok = async (...args: string[]) => {
      const r = await cli(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    const acct = JSON.parse(await ok('accounts', 'create', '--name', 'cli', '--credits', '10', '--json'));
    expect(acct.api_key).toMatch(/^vc_/);
    expect(await ok('credits', 'add', '--account', acct.account_id, '--amount', '5')).toContain('credits_balance: 15');
    const listed = JSON.parse(await ok('accounts', 'list', '--json'));
    expect(listed.data).toEqual([expect.objectContaining({ id: acct.account_id, name: 'cli', credits_balance: 15 })]);
    const show = await ok('accounts', 'show', acct.account_id);
    expect(show).toMatch(/webhook_secret_hint: +whsec_…/);
    expect(show).toContain('/v1/account/webhook-secret/rotate');
    const key = JSON.parse(await ok('keys', 'create', '--account', acct.account_id, '--name', 'second', '--json'));
    const keys = JSON.parse(await ok('keys', 'list', '--account', acct.account_id, '--json'));
    expect(keys.keys.map((k: { name: string }) => k.name).sort()).toEqual(['default', 'second']);
    expect(JSON.stringify(keys)).not.toContain(key.api_key);
    expect(await ok('keys', 'revoke', '--key', key.key_id)).toContain('revoked');
    const missing = await cli(['accounts', 'show', '00000000-0000-7000-8000-000000000000'], env);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no account') });
    const worker = await cli(['worker'], env);
    expect(worker.code).toBe(1);
    expect(worker.stderr).toMatch(/needs PostgreSQL: set VC_DATABASE_URL/);
    const badEnv = await cli(['migrate'], { ...env, VC_PORT: 'abc', VC_LOG_LEVEL: 'loud' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toContain('VC_PORT=abc');
    expect(badEnv.stderr).toContain('VC_LOG_LEVEL=loud');
  });

  describe('client commands against a live server', () => {
    let svc: TestService;
    let site: MediaSite;
    let env: Record<string, string>;
    beforeAll(async () => {
      site = await startMediaSite();
      svc = await startTestService('sqlite');
      await svc.app.listen({ host: '127.0.0.1', port: 0 });
      const { key } = await svc.account(20);
      env = { VC_API_URL: `http://127.0.0.1:${(svc.app.server.address() as AddressInfo).port}`, VC_API_KEY: key };
    });
    afterAll(async () => {
      await svc?.stop();
      await site?.close();
    });

    it('preview URL --type thumbnail --wait -o DIR writes the JPEG', async () => {
      const dir = path.join(tmp, 'out');
      const r = await cli(['preview', site.url('/media/video.mp4'), '--type', 'thumbnail', '--width', '160', '--wait', '-o', dir], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/status: +completed/);
      expect(r.stdout).toContain(`wrote ${path.join(dir, 'thumbnail.jpg')}`);
      expect(r.stderr).toMatch(/job [0-9a-f-]+: \d+% /); // plain progress lines: stderr is not a terminal
      const jpeg = fs.readFileSync(path.join(dir, 'thumbnail.jpg'));
      expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    });

    it('info, jobs list|get|wait|cancel, --json for scripts, exit 3 for a failed job, exit 1 for API errors', async () => {
      const info = await cli(['info', site.url('/media/video.mp4'), '--json'], env);
      expect(info.code, info.stderr).toBe(0);
      expect(JSON.parse(info.stdout).webpage_url).toBe(site.url('/media/video.mp4'));
      const submitted = await cli(['download', site.url('/media/video.mp4'), '--format', 'mp4', '--quality', '360p', '--no-embed-metadata', '--metadata', '{"order":"A-1"}', '--json'], env);
      expect(submitted.code, submitted.stderr).toBe(0);
      const { job_id } = JSON.parse(submitted.stdout);
      const waited = await cli(['jobs', 'wait', job_id, '--json'], env);
      expect(waited.code, waited.stderr).toBe(0);
      expect(JSON.parse(waited.stdout)).toMatchObject({ status: 'completed', request: { embed_metadata: false }, metadata: { order: 'A-1' } });
      const list = await cli(['jobs', 'list', '--job-type', 'download', '--json'], env);
      expect(JSON.parse(list.stdout).data[0].job_id).toBe(job_id);
      expect((await cli(['jobs', 'get', job_id], env)).stdout).toMatch(/download: http:\/\/127\.0\.0\.1:\d+\/v1\/files\//);
      const cancel = await cli(['jobs', 'cancel', job_id], env);
      expect(cancel).toMatchObject({ code: 1, stderr: expect.stringContaining('conflict: The job is already completed') });

      const failed = await cli(['preview', site.url('/missing.mp4'), '--type', 'thumbnail', '--wait'], env);
      expect(failed.code, failed.stderr).toBe(3);
      expect(failed.stderr.trim().split('\n').at(-1)).toMatch(/failed: \w+: /);
      const invalid = await cli(['preview', site.url('/media/video.mp4'), '--type', 'gif', '--duration', '20'], env);
      expect(invalid).toMatchObject({ code: 1, stderr: expect.stringContaining('validation_error: duration: must be <= 15 for a gif') });
      const closed = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = s.address() as AddressInfo;
          s.close(() => resolve(port));
        });
      });
      const down = await cli(['jobs', 'list'], { ...env, VC_API_URL: `http://127.0.0.1:${closed}` });
      expect(down.code).toBe(1);
      expect(down.stderr.trim()).toMatch(new RegExp(`^videoconduit jobs list: cannot reach http://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)`));
    });
  });
});
