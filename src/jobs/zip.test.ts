import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from './zip.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-zip-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Python's zipfile (CPython, strict about headers) lists and CRC-checks the archive. */
function pythonList(zip: string): { name: string; size: number; data: string }[] {
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps([{"name":i.filename,"size":i.file_size,"data":z.read(i).hex()} for i in z.infolist()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, zip], { encoding: 'utf8' }));
}

describe('writeZip', () => {
  const files = [
    { name: '01 - Intro.mp4', body: Buffer.from('first file') },
    { name: '02 - Überlänge – “quoted”.mp4', body: Buffer.alloc(70_000, 7) },
    { name: 'empty.vtt', body: Buffer.alloc(0) },
  ].map((f) => {
    const p = path.join(dir, `src-${f.name}`);
    fs.writeFileSync(p, f.body);
    return { path: p, name: f.name, body: f.body };
  });

  it.each([
    ['classic', undefined],
    ['ZIP64 records (forced by a tiny threshold)', 10],
  ])('writes a %s archive that zipfile reads and verifies, UTF-8 names intact', async (_name, zip64Above) => {
    const out = path.join(dir, `out-${zip64Above ?? 'classic'}.zip`);
    const size = await writeZip(out, files, undefined, zip64Above);
    expect(size).toBe(fs.statSync(out).size);
    const listed = pythonList(out);
    expect(listed.map((e) => [e.name, e.size])).toEqual(files.map((f) => [f.name, f.body.length]));
    expect(listed.map((e) => e.data)).toEqual(files.map((f) => f.body.toString('hex')));
  });

  it('stops when aborted and leaves the caller to remove the partial file', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(writeZip(path.join(dir, 'aborted.zip'), files, ac.signal)).rejects.toThrow();
  });
});
