// `playlist`: every entry of a playlist or channel (at most max_items) downloaded with the same
// options, a few at a time, into one job. Each entry is one downloadItem; an entry that fails is
// listed in files[] with its error and the rest complete. The ZIP of every file is the job's
// download_url. The job was charged the per-item price × max_items; the share of the charge for
// the items not delivered (failed, or beyond the playlist's end) goes back with the completion
// (HandlerOutcome.refund: one `refund_unused` ledger entry, queue/lifecycle.ts complete). When
// no entry was delivered the job fails and the failure refunds the whole charge instead.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { jobFailure, type JobFailure } from '../errors.js';
import { extractInfo, isPlaylist, type VideoInfo } from '../media/ytdlp/info.js';
import { downloadItem, type ItemOptions } from './download-item.js';
import { failedEntry, resultFile, zipOf, type DownloadResult, type ResultFile } from './download-result.js';
import type { HandlerOutcome, JobContext } from './types.js';

/**
 * Entries downloading at once within one job. Each is mostly yt-dlp waiting on the platform;
 * measured with bench/download.ts's 10-entry playlist served with 80 ms per answer and 2 MB/s
 * per connection (2 shared cores): 1 at a time 7.9 s, 2: 4.0 s, 4: 2.8 s, 6: 2.5 s (the raw
 * yt-dlp CLI: 3.8 s). With an instant local server the work is CPU-bound and 2 or 4 make no
 * difference (1.35 s, 1.25 s). VC_SOURCE_HOST_CONCURRENCY bounds them further per host.
 */
export const PLAYLIST_PARALLEL = 4;

export async function runPlaylist(url: string, maxItems: number, filename: string | null, o: ItemOptions, ctx: JobContext): Promise<HandlerOutcome<DownloadResult>> {
  ctx.progress(0, 'listing entries');
  const listed = await extractInfo(ctx.engines.ytdlp, url, ctx, { playlist: true, maxEntries: maxItems });
  if (!listed.ok) return { ok: false, failure: listed.failure };
  const info = listed.info;
  const entries: VideoInfo[] = (isPlaylist(info) ? info.entries : [info]).slice(0, maxItems);
  if (entries.length === 0) return { ok: false, failure: jobFailure('unsupported_url', `${url} lists no entries.`) };

  const width = Math.max(2, String(entries.length).length);
  const results: ResultFile[][] = new Array<ResultFile[]>(entries.length);
  const failures: JobFailure[] = [];
  let done = 0;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < entries.length && !ctx.signal.aborted; i = next++) {
      const e = entries[i];
      const entryUrl = e.webpage_url ?? url;
      const number = String(i + 1).padStart(width, '0');
      const dir = path.join(ctx.workDir, `entry-${number}`);
      await mkdir(dir, { recursive: true });
      const verdict = await ctx.urlPolicy.check(entryUrl);
      const item = verdict.ok
        ? await downloadItem(entryUrl, o, ctx, {
            workDir: dir,
            outputDir: ctx.outputDir,
            name: (title) => `${number} - ${title ?? e.title ?? filename ?? `Entry ${number}`}`,
            chapterPrefix: (base) => `${base} - `,
            report: () => undefined, // progress counts entries
          })
        : jobFailure('url_not_allowed', `entry ${i + 1}: ${verdict.reason}`);
      await rm(dir, { recursive: true, force: true });
      if ('code' in item) {
        failures.push(item);
        results[i] = [failedEntry(i + 1, e.title, entryUrl, item)];
      } else {
        results[i] = await Promise.all(item.files.map((f) => resultFile(f, i + 1, item.sourceUrl)));
        for (const r of results[i]) r.title ??= item.title;
      }
      done++;
      ctx.progress((100 * done) / entries.length, `downloaded ${done} of ${entries.length}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PLAYLIST_PARALLEL, entries.length) }, worker));
  if (ctx.signal.aborted) return { ok: false, failure: jobFailure('cancelled', 'The job was cancelled.') };
  const delivered = entries.length - failures.length;
  // Nothing delivered: the job fails with the first entry's reason (refunded in full).
  if (delivered === 0) return { ok: false, failure: failures[0] ?? jobFailure('server_error', 'No entry was downloaded.') };

  const files = results.flat();
  ctx.progress(99, 'zipping');
  const title = isPlaylist(info) ? info.title : null;
  const zip = await zipOf(files, filename ?? title ?? 'playlist', ctx);
  const duration = files.filter((f) => f.kind === 'media').reduce((sum, f) => sum + (f.duration ?? 0), 0);
  const result: DownloadResult = {
    ...zip,
    duration: duration > 0 ? Math.round(duration * 1000) / 1000 : null,
    width: null,
    height: null,
    vcodec: null,
    acodec: null,
    files,
    playlist: {
      id: isPlaylist(info) ? info.id : null,
      title,
      webpage_url: isPlaylist(info) ? info.webpage_url : url,
      entries: entries.length,
      downloaded: delivered,
      failed: failures.length,
    },
  };
  return { ok: true, result, refund: unusedShare(ctx.creditsCharged, maxItems - delivered, maxItems) };
}

/** The charge of `unused` of `of` items (the charge is the per-item price × `of`, so exact). */
export function unusedShare(charged: number, unused: number, of: number): number {
  return Math.floor((charged * Math.max(0, unused)) / Math.max(1, of));
}
