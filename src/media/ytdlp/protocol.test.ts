import { describe, expect, it } from 'vitest';
import { RunDecoder } from './protocol.js';

/** Feeds `wire` in chunks of `size` bytes; returns what the decoder reported. */
function decode(wire: string | Buffer, size = 3) {
  const bytes = Buffer.isBuffer(wire) ? wire : Buffer.from(wire);
  const lines: string[] = [];
  const pids: number[] = [];
  const d = new RunDecoder({ line: (l) => lines.push(l), pid: (p) => pids.push(p) });
  const exitedAt: boolean[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    d.push(bytes.subarray(i, i + size));
    exitedAt.push(d.exited);
  }
  return { ...d.finish(), lines, pids, exited: exitedAt.at(-1) ?? false };
}

describe('RunDecoder', () => {
  it('splits off the pid line and the exit trailer, whatever the chunking', () => {
    for (const size of [1, 2, 5, 1000]) {
      expect(decode('VCPID 4242\n{"id": "x"}\n\nVCEXIT 0\n', size)).toEqual({
        code: 0,
        stdout: '{"id": "x"}\n',
        lines: ['{"id": "x"}'],
        pids: [4242],
        exited: true,
      });
    }
  });

  it('an unterminated last line is still a line; the exit code is kept', () => {
    expect(decode('VCPID 7\nabc\nVCEXIT 2\n')).toMatchObject({ code: 2, stdout: 'abc', lines: ['abc'] });
    expect(decode('VCPID 7\n\nVCEXIT 1\n')).toMatchObject({ code: 1, stdout: '', lines: [] });
  });

  it('yt-dlp printing something that looks like the trailer is just output', () => {
    const r = decode('VCPID 7\nVCEXIT 3\nmore\nVCEXIT 4\n\nVCEXIT 0\n');
    expect(r).toMatchObject({ code: 0, stdout: 'VCEXIT 3\nmore\nVCEXIT 4\n' });
    expect(r.lines).toEqual(['VCEXIT 3', 'more', 'VCEXIT 4']);
  });

  it('without a trailer the run was killed: code null, every line delivered', () => {
    expect(decode('VCPID 7\nVCPROG 1 2 NA NA NA\r50%\rhalf')).toMatchObject({
      code: null,
      stdout: 'VCPROG 1 2 NA NA NA\r50%\rhalf',
      lines: ['VCPROG 1 2 NA NA NA', '50%', 'half'],
      exited: false,
    });
    expect(decode('VCPID 7\nVCEXIT 5')).toMatchObject({ code: null, lines: ['VCEXIT 5'] });
    expect(decode('VCPID 7')).toMatchObject({ code: null, pids: [], lines: [] });
  });

  it('keeps multi-byte characters whole across chunk borders', () => {
    const r = decode('VCPID 7\nÄrger 🎬 titel\n\nVCEXIT 0\n', 1);
    expect(r.lines).toEqual(['Ärger 🎬 titel']);
    expect(r.stdout).toBe('Ärger 🎬 titel\n');
  });

  it('a first line that is not VCPID is a protocol fault, not a pid', () => {
    expect(decode('Traceback\n\nVCEXIT 1\n')).toMatchObject({ code: 1, pids: [] });
  });
});
