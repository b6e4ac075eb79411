// Signed, expiring download links (`/v1/files/...`) and safe download file names.
// A link is valid for one job's one file until `expires`; anyone holding it may download
// (that is the point of a link), so the HMAC binds job, file name and expiry together.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { toWellFormed } from '../unicode.js';

export type FileTokenCheck = 'ok' | 'expired' | 'bad_signature';

function mac(secret: string, jobId: string, filename: string, expires: string): string {
  return crypto.createHmac('sha256', secret).update(`${jobId}/${filename}/${expires}`).digest('base64url');
}

/**
 * `/v1/files/<jobId>/<filename>?expires=<unix s>&sig=<base64url HMAC-SHA256 of
 * "jobId/filename/expires">`. The HMAC covers the raw (decoded) file name, so verify with
 * the name as the router decoded it from the path.
 */
export function signFilePath(secret: string, jobId: string, filename: string, expiresAt: Date): string {
  const expires = String(Math.floor(expiresAt.getTime() / 1000));
  // A lone surrogate cannot be percent-encoded (URIError): sign and link the name as it is
  // on disk and as the router will decode it, with U+FFFD in its place (safeFilename already
  // prevents such names; rows written before it must not break the job list).
  const name = toWellFormed(filename);
  const sig = mac(secret, jobId, name, expires);
  return `/v1/files/${encodeURIComponent(jobId)}/${encodeURIComponent(name)}?expires=${expires}&sig=${sig}`;
}

const SIG_RE = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url, unpadded
const EXPIRES_RE = /^\d{1,12}$/;

/**
 * Signature first, then expiry: a tampered link is 'bad_signature' (403) even when it is
 * also expired, and only an authentic link can learn it has expired (410).
 */
export function verifyFileRequest(
  secret: string,
  jobId: string,
  filename: string,
  expires: string | number | undefined | null,
  sig: string | undefined | null,
  now: Date = new Date(),
): FileTokenCheck {
  const exp = typeof expires === 'number' ? String(expires) : (expires ?? '');
  if (typeof sig !== 'string' || !SIG_RE.test(sig) || !EXPIRES_RE.test(exp)) return 'bad_signature';
  const expected = Buffer.from(mac(secret, jobId, filename, exp), 'ascii');
  const given = Buffer.from(sig, 'ascii');
  // Both are 43 ASCII bytes here (regex above), so timingSafeEqual cannot throw.
  if (!crypto.timingSafeEqual(expected, given)) return 'bad_signature';
  return now.getTime() >= Number(exp) * 1000 ? 'expired' : 'ok';
}

const MAX_NAME_BYTES = 150;
const MAX_EXT_BYTES = 16;
// C0/C1 controls, DEL, and bidi/zero-width format characters (they make `evil‮gpj.exe`
// display as `evilexe.jpg` in a save dialog).
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Separators and characters Windows refuses in names; replaced rather than dropped so
// that `a/b` does not silently become `ab`.
const RESERVED_CHARS = /[/\\:*?"<>|]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

const byteLen = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Cuts `s` to at most `max` UTF-8 bytes without splitting a character. */
function truncateBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (byteLen(out) + byteLen(ch) > max) break;
    out += ch;
  }
  return out;
}

function clean(name: string): string {
  let s = toWellFormed(String(name)).normalize('NFC').replace(UNSAFE_CHARS, '').replace(RESERVED_CHARS, '_');
  s = s.replace(/\.{2,}/g, '.'); // no `..` anywhere, not even as `a..b`
  s = s.replace(/^[\s.]+/, ''); // no hidden files, no leading dot-dot remnants
  s = s.replace(/[\s.]+$/, ''); // trailing dots/spaces are stripped by Windows anyway
  s = s.replace(/\s+/g, ' ');
  if (WINDOWS_DEVICE.test(s)) s = `_${s}`;
  if (byteLen(s) <= MAX_NAME_BYTES) return s;
  // Too long: keep a short, plain extension and shorten the stem.
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 ? s.slice(dot) : '';
  if (ext && byteLen(ext) <= MAX_EXT_BYTES && /^\.[\p{L}\p{N}_-]+$/u.test(ext)) {
    const stem = truncateBytes(s.slice(0, dot), MAX_NAME_BYTES - byteLen(ext)).replace(/[\s.]+$/, '');
    return stem ? stem + ext : '';
  }
  return truncateBytes(s, MAX_NAME_BYTES).replace(/[\s.]+$/, '');
}

/**
 * A file name safe to use on disk and in Content-Disposition: one path segment, no `..`,
 * no lone surrogates (U+FFFD instead), no control or bidi characters, no leading dot, at most 150 UTF-8 bytes with the
 * extension kept. Falls back to `fallback` (itself cleaned), then to "file"; never empty.
 */
export function safeFilename(name: string, fallback: string): string {
  return clean(name) || clean(fallback) || 'file';
}

/**
 * The HMAC key: the configured one, or one generated on first use and kept in
 * `<dataDir>/signing.key` (mode 0600) so links survive restarts and every process sharing
 * the data dir (API, workers) agrees on it.
 */
export function loadOrCreateSecret(dataDir: string, configured: string | null): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'signing.key');
  const existing = readKey(file);
  if (existing !== null) return existing;

  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('hex');
  // Write to a private temp file, then link() it into place: link fails if another process
  // won the race, and nobody ever reads a half-written key.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(tmp, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = readKey(file);
    if (winner === null) throw new Error(`${file} appeared but is unreadable`);
    return winner;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readKey(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = text.trim();
  // Never replace an existing but broken key silently: that would invalidate every link
  // without anyone noticing why.
  if (key.length < 32) throw new Error(`${file} does not hold a valid signing key; fix or delete it`);
  return key;
}
