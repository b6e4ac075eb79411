// A job's cookies for its run: opened from the job's sealed secrets (store/job-secrets.ts),
// written to a private file in the attempt's scratch (0600; the directory goes with the
// attempt) for yt-dlp's --cookies, and matched per URL for the egress proxy (ffmpeg's requests).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../errors.js';
import type { SourceCookies } from '../media/process/scope.js';
import { CookieJar, netscapeText, parseNetscapeCookies } from '../media/ytdlp/cookies.js';
import type { Store } from '../store/db.js';
import { openSecrets, readJobSecrets, secretsKey } from '../store/job-secrets.js';

/** The cookies of `jobId` ready for the engines; null when it has none. */
export async function jobCookies(store: Store, signingSecret: string, jobId: string, workDir: string): Promise<SourceCookies | null | JobFailure> {
  const sealed = await readJobSecrets(store.db, jobId);
  if (sealed === null) return null;
  const secrets = openSecrets(secretsKey(signingSecret), jobId, sealed);
  if (secrets === null) return jobFailure('server_error', "The job's cookies could not be opened: this process has another signing secret than the one that accepted the job (set the same VC_SIGNING_SECRET everywhere).");
  return writeCookies(secrets.cookies ?? null, workDir);
}

/** Writes validated cookies.txt text to `<dir>/cookies.txt` (0600); null without cookies. */
export async function writeCookies(text: string | null, dir: string): Promise<SourceCookies | null> {
  if (!text) return null;
  const parsed = parseNetscapeCookies(text);
  if (!parsed.ok) return null; // checked at submit; unreachable unless the row was edited
  const file = path.join(dir, 'cookies.txt');
  await writeFile(file, netscapeText(parsed.cookies), { mode: 0o600, flag: 'w' });
  const jar = new CookieJar(parsed.cookies);
  return { file, headerFor: (url) => jar.headerFor(url) };
}
