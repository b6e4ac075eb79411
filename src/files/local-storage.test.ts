import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStorage } from './local-storage.js';
import { verifyFileRequest } from './signing.js';

const SECRET = 'k'.repeat(64);
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-local-storage-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function scratch(files: Record<string, string>): string {
  const dir = tmp();
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  }
  return dir;
}

describe('LocalStorage', () => {
  it('moves an attempt’s outputs under <job>/<attempt>/, skipping links, and serves the legacy layout too', async () => {
    const root = tmp();
    const s = new LocalStorage(root, null, SECRET);
    const dir = scratch({ 'video.mp4': 'v', 'subs/en.vtt': 'w' });
    fs.symlinkSync('/etc/passwd', path.join(dir, 'passwd'));
    expect(await s.publish('job1', 2, dir, () => 'x')).toEqual([
      { name: 'subs/en.vtt', bytes: 1 },
      { name: 'video.mp4', bytes: 1 },
    ]);
    expect(fs.readFileSync(path.join(root, 'job1', '2', 'video.mp4'), 'utf8')).toBe('v');
    expect(fs.existsSync(path.join(root, 'job1', '2', 'passwd'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'video.mp4'))).toBe(false); // moved, not copied
    expect(await s.pathOf({ jobId: 'job1', attempt: 2, filename: 'video.mp4' })).toBe(path.join(root, 'job1', '2', 'video.mp4'));
    expect(await s.pathOf({ jobId: 'old', attempt: 1, filename: 'a.mp4' })).toBe(path.join(root, 'old', 'a.mp4'));
    expect(await s.publish('job2', 1, path.join(dir, 'missing'), () => 'x')).toEqual([]);
  });

  it('deletes an attempt, the other attempts, or the whole job', async () => {
    const root = tmp();
    const s = new LocalStorage(root, null, SECRET);
    for (const a of [1, 2, 3]) await s.publish('j', a, scratch({ 'o.mp4': String(a) }), () => 'x');
    fs.writeFileSync(path.join(root, 'j', 'legacy.mp4'), 'l');
    await s.deleteOtherAttempts('j', 2);
    expect(fs.readdirSync(path.join(root, 'j')).sort()).toEqual(['2', 'legacy.mp4']);
    await s.deleteAttempt('j', 2);
    expect(fs.readdirSync(path.join(root, 'j'))).toEqual(['legacy.mp4']);
    await s.deleteJob('j');
    expect(fs.existsSync(path.join(root, 'j'))).toBe(false);
    await s.publish('k', 1, scratch({ 'o.mp4': '1' }), () => 'x');
    await s.deleteAttempt('k', 1);
    expect(fs.existsSync(path.join(root, 'k'))).toBe(false); // an emptied job folder goes too
  });

  it('signs /v1/files links with the public URL in front', () => {
    const s = new LocalStorage(tmp(), 'https://api.example.com', SECRET);
    const link = new URL(s.link({ jobId: 'j', attempt: 1, filename: 'a b.mp4', mimeType: 'video/mp4' }, new Date(Date.now() + 60_000)));
    expect(link.origin + link.pathname).toBe('https://api.example.com/v1/files/j/a%20b.mp4');
    expect(verifyFileRequest(SECRET, 'j', 'a b.mp4', link.searchParams.get('expires'), link.searchParams.get('sig'))).toBe('ok');
  });

  it('check() says when the folder cannot be written', async () => {
    const file = path.join(tmp(), 'not-a-dir');
    fs.writeFileSync(file, '');
    expect(await new LocalStorage(tmp(), null, SECRET).check()).toBeNull();
    expect(await new LocalStorage(path.join(file, 'files'), null, SECRET).check()).toMatch(/is not writable/);
  });
});
