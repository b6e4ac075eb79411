import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, safeFilename, signFilePath, verifyFileRequest } from './signing.js';

const SECRET = 'k'.repeat(64);
const NOW = new Date('2030-01-01T00:00:00Z');
const LATER = new Date(NOW.getTime() + 3600_000);

function parts(signed: string) {
  const u = new URL(signed, 'http://x');
  const [, , , jobId, name] = u.pathname.split('/');
  return {
    jobId: decodeURIComponent(jobId!),
    filename: decodeURIComponent(name!),
    expires: u.searchParams.get('expires')!,
    sig: u.searchParams.get('sig')!,
  };
}

describe('signFilePath / verifyFileRequest', () => {
  it('produces the documented shape and verifies', () => {
    const p = signFilePath(SECRET, 'job_123', 'My vidéo (1).mp4', LATER);
    expect(p).toMatch(/^\/v1\/files\/job_123\/My%20vid%C3%A9o%20\(1\)\.mp4\?expires=\d+&sig=[A-Za-z0-9_-]{43}$/);
    const q = parts(p);
    expect(q.expires).toBe(String(LATER.getTime() / 1000));
    const expected = crypto.createHmac('sha256', SECRET).update(`job_123/My vidéo (1).mp4/${q.expires}`).digest('base64url');
    expect(q.sig).toBe(expected);
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, q.expires, q.sig, NOW)).toBe('ok');
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, Number(q.expires), q.sig, NOW)).toBe('ok');
  });

  it('expires', () => {
    const q = parts(signFilePath(SECRET, 'j', 'a.mp4', LATER));
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, q.expires, q.sig, new Date(LATER.getTime() - 1))).toBe('ok');
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, q.expires, q.sig, LATER)).toBe('expired');
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, q.expires, q.sig, new Date(LATER.getTime() + 1e6))).toBe('expired');
  });

  it('refuses any tampering, and tampering wins over expiry', () => {
    const q = parts(signFilePath(SECRET, 'j1', 'a.mp4', LATER));
    const v = (o: Partial<typeof q>, secret = SECRET, now = NOW) => {
      const r = { ...q, ...o };
      return verifyFileRequest(secret, r.jobId, r.filename, r.expires, r.sig, now);
    };
    expect(v({ jobId: 'j2' })).toBe('bad_signature');
    expect(v({ filename: 'b.mp4' })).toBe('bad_signature');
    expect(v({ filename: '../a.mp4' })).toBe('bad_signature');
    expect(v({ expires: String(Number(q.expires) + 1) })).toBe('bad_signature');
    expect(v({ expires: `0${q.expires}` })).toBe('bad_signature');
    expect(v({ sig: q.sig.slice(0, -1) + (q.sig.endsWith('A') ? 'B' : 'A') })).toBe('bad_signature');
    expect(v({ sig: `${q.sig}=` })).toBe('bad_signature');
    expect(v({ sig: '' })).toBe('bad_signature');
    expect(v({}, 'other-secret'.repeat(4))).toBe('bad_signature');
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, undefined, q.sig, NOW)).toBe('bad_signature');
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, q.expires, undefined, NOW)).toBe('bad_signature');
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, 'abc', q.sig, NOW)).toBe('bad_signature');
    // expired AND tampered: still bad_signature (403, not 410)
    const old = parts(signFilePath(SECRET, 'j1', 'a.mp4', new Date(NOW.getTime() - 1000)));
    expect(verifyFileRequest(SECRET, 'j1', 'a.mp4', old.expires, old.sig, NOW)).toBe('expired');
    expect(verifyFileRequest(SECRET, 'j1', 'a.mp4', String(Number(old.expires) + 7200), old.sig, NOW)).toBe('bad_signature');
  });
});

describe('safeFilename', () => {
  it.each([
    ['video.mp4', 'video.mp4'],
    ['../../etc/passwd', '_._etc_passwd'],
    ['..\\..\\windows\\win.ini', '_._windows_win.ini'],
    ['/abs/path.mp4', '_abs_path.mp4'],
    ['.hidden', 'hidden'],
    ['...', 'fallback.bin'],
    ['', 'fallback.bin'],
    ['a..b.mp4', 'a.b.mp4'],
    ['line\r\nbreak\u0000.mp4', 'linebreak.mp4'],
    ['evil\u202egpj.exe', 'evilgpj.exe'],
    ['quote"s:and*stars?.mp4', 'quote_s_and_stars_.mp4'],
    ['  spaced   out  .mp4 ', 'spaced out .mp4'],
    ['trailing.', 'trailing'],
    ['CON.txt', '_CON.txt'],
    ['Vidéo 日本語.mkv', 'Vidéo 日本語.mkv'],
  ])('%j -> %j', (input, out) => {
    expect(safeFilename(input, 'fallback.bin')).toBe(out);
  });

  it('is never empty, even with a bad fallback', () => {
    expect(safeFilename('..', '...')).toBe('file');
    expect(safeFilename('..', '../')).toBe('_');
    expect(safeFilename('\u0000', '')).toBe('file');
  });

  it('limits to 150 UTF-8 bytes and keeps the extension', () => {
    const long = safeFilename(`${'a'.repeat(400)}.mp4`, 'x');
    expect(Buffer.byteLength(long)).toBe(150);
    expect(long.endsWith('.mp4')).toBe(true);
    const wide = safeFilename(`${'日'.repeat(200)}.webm`, 'x'); // 3 bytes each: must not split one
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(150);
    expect(wide).toMatch(/^日+\.webm$/);
    const emoji = safeFilename('😀'.repeat(100), 'x'); // surrogate pairs stay whole
    expect(emoji).toBe('😀'.repeat(37));
    const oddExt = safeFilename(`${'b'.repeat(200)}.${'e'.repeat(40)}`, 'x');
    expect(Buffer.byteLength(oddExt)).toBeLessThanOrEqual(150);
  });
});

describe('loadOrCreateSecret', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-sign-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('prefers the configured secret and writes nothing', () => {
    const d = tmp();
    expect(loadOrCreateSecret(d, 's'.repeat(40))).toBe('s'.repeat(40));
    expect(fs.existsSync(path.join(d, 'signing.key'))).toBe(false);
  });

  it('generates 32 random bytes once, mode 0600, and reuses them', () => {
    const d = path.join(tmp(), 'nested', 'data');
    const a = loadOrCreateSecret(d, null);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    const file = path.join(d, 'signing.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(d, null)).toBe(a);
    expect(fs.readdirSync(d)).toEqual(['signing.key']); // no temp files left
    expect(loadOrCreateSecret(tmp(), null)).not.toBe(a);
  });

  it('refuses a corrupt key file instead of silently replacing it', () => {
    const d = tmp();
    fs.writeFileSync(path.join(d, 'signing.key'), 'short\n');
    expect(() => loadOrCreateSecret(d, null)).toThrow(/valid signing key/);
  });
});

describe('lone surrogates (issue 10 item 7)', () => {
  it('safeFilename never returns a lone surrogate', () => {
    expect(safeFilename('a\ud800b.mp4', 'video')).toBe('a\ufffdb.mp4');
    expect(safeFilename('\udc00', 'vid\ud800')).toBe('\ufffd');
    expect(safeFilename('ok 😀.mp4', 'video')).toBe('ok 😀.mp4');
  });

  it('signFilePath does not throw and signs the name as the router will decode it', () => {
    const q = parts(signFilePath(SECRET, 'j', 'a\ud800.mp4', LATER));
    expect(q.filename).toBe('a\ufffd.mp4');
    expect(verifyFileRequest(SECRET, q.jobId, q.filename, q.expires, q.sig, NOW)).toBe('ok');
  });
});
