import { describe, expect, it } from 'vitest';
import { formatCommand, isProcessAlive as isAlive, killProcessGroup, runProcess } from './run.js';

const node = process.execPath;

describe('runProcess', () => {
  it('collects output, streams lines (including an unterminated last one) and reports the exit code', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const r = await runProcess(
      node,
      ['-e', 'process.stdout.write("a\\r\\nb\\n\\nc"); process.stderr.write("oops\\n"); process.exit(3)'],
      { timeoutMs: 10_000, onStdoutLine: (l) => out.push(l), onStderrLine: (l) => err.push(l) },
    );
    expect(r).toMatchObject({ code: 3, signal: null, stdout: 'a\r\nb\n\nc', stderr: 'oops\n', timedOut: false, aborted: false });
    expect(out).toEqual(['a', 'b', 'c']);
    expect(err).toEqual(['oops']);
  });

  it('passes arguments verbatim, without a shell', async () => {
    const r = await runProcess('printf', ['%s|', '$(echo hi)', 'a b', ';rm -rf /'], { timeoutMs: 10_000 });
    expect(r.stdout).toBe('$(echo hi)|a b|;rm -rf /|');
  });

  it('logs the command line and reports the pid', async () => {
    const logs: string[] = [];
    let pid = 0;
    await runProcess('true', ['x y'], { timeoutMs: 10_000, log: (m) => logs.push(m), onSpawn: (p) => (pid = p) });
    expect(logs).toEqual(["exec: true 'x y'"]);
    expect(pid).toBeGreaterThan(1);
  });

  it('rejects with the binary name when it does not exist', async () => {
    await expect(runProcess('no-such-binary-vc', [], { timeoutMs: 1000 })).rejects.toThrow(/no-such-binary-vc.*not found/);
  });

  it('on timeout kills the whole process group, grandchildren included', async () => {
    let grandchild = 0;
    const started = Date.now();
    const r = await runProcess('sh', ['-c', 'sleep 30 & echo $!; wait'], {
      timeoutMs: 300,
      onStdoutLine: (l) => (grandchild = Number(l)),
    });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(grandchild).toBeGreaterThan(1);
    await expect.poll(() => isAlive(grandchild), { timeout: 2_000 }).toBe(false);
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    let grandchild = 0;
    const started = Date.now();
    // The ignored disposition is inherited by the background sleep as well.
    const r = await runProcess('sh', ['-c', 'trap "" TERM; sleep 30 & echo $!; wait'], {
      timeoutMs: 200,
      onStdoutLine: (l) => (grandchild = Number(l)),
    });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    await expect.poll(() => isAlive(grandchild), { timeout: 2_000 }).toBe(false);
  });

  it('stops on abort, and does not start at all when already aborted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await runProcess('sleep', ['30'], { timeoutMs: 10_000, signal: ac.signal });
    expect(r).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' });

    let spawned = false;
    const r2 = await runProcess('sleep', ['30'], { timeoutMs: 10_000, signal: ac.signal, onSpawn: () => (spawned = true) });
    expect(r2.aborted).toBe(true);
    expect(spawned).toBe(false);
  });

  it('kills a process whose stdout exceeds the limit', async () => {
    const r = await runProcess(node, ['-e', 'setInterval(() => process.stdout.write("x".repeat(4096)), 1)'], {
      timeoutMs: 10_000,
      stdoutLimitBytes: 64 * 1024,
    });
    expect(r.stdoutOverflow).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('keeps only the last 64 KiB of stderr, and no stdout when asked', async () => {
    const r = await runProcess(
      node,
      ['-e', 'process.stderr.write("a".repeat(300_000) + "END"); process.stdout.write("dropped")'],
      { timeoutMs: 10_000, keepStdout: false },
    );
    expect(r.stderr.length).toBe(64 * 1024);
    expect(r.stderr.endsWith('aEND')).toBe(true);
    expect(r.stdout).toBe('');
  });
});

describe('killProcessGroup', () => {
  it('returns false for a group that no longer exists', async () => {
    let pid = 0;
    await runProcess('true', [], { timeoutMs: 10_000, onSpawn: (p) => (pid = p) });
    expect(killProcessGroup(pid)).toBe(false);
  });

  it('refuses pids that would signal our own group or everything', () => {
    expect(() => killProcessGroup(0)).toThrow(RangeError);
    expect(() => killProcessGroup(1)).toThrow(RangeError);
    expect(() => killProcessGroup(-5)).toThrow(RangeError);
  });
});

describe('formatCommand', () => {
  it('quotes what a shell would split', () => {
    expect(formatCommand('ffmpeg', ['-i', "it's a.mp4", '-f', 'mp4'])).toBe(`ffmpeg -i 'it'\\''s a.mp4' -f mp4`);
  });
});
