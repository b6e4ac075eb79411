// yt-dlp's stderr -> a JobFailure, for a run that exited non-zero (runner.ts).
import { jobFailure, type JobFailure } from '../../errors.js';
import { REFUSED_REASON } from '../../net/egress-proxy.js';

// What yt-dlp says when no extractor understands the URL or the page has nothing to play.
const UNSUPPORTED = [
  /\bUnsupported URL\b/i,
  /\bno suitable (info)?extractor\b/i,
  /\bis not a valid URL\b/i,
  /\bno video (formats )?(could be )?found\b/i,
  /\bno media found\b/i,
];
const MAX_DETAIL = 500;
/**
 * The fork server tunnels plain HTTP through the egress proxy (forkserver_tunnel.py), so a
 * source the proxy cannot reach (or refuses) fails the CONNECT, which requests reports as a
 * proxy fault: said as the proxy's HTTP status, as when the request was forwarded.
 */
const TUNNEL_FAILED = /\('Unable to connect to proxy', OSError\('Tunnel connection failed: (\d{3}) ([^']*)'\)\)(?: \(caused by ProxyError\(.*\)\))?/;
/** yt-dlp's plea to report "unexpected" errors upstream: meaningless to our callers. */
const BUG_REPORT_PLEA = /;?\s*please report this issue on\s.*$/i;

/** Maps a failed run's stderr to unsupported_url (nothing here to extract) or upstream_error. */
export function classifyYtdlpError(stderr: string, url: string): JobFailure {
  const message = errorMessage(stderr);
  // The egress proxy refused a connection: a redirect, manifest or embed led somewhere the URL
  // policy forbids (the URL itself was checked before the run).
  if (stderr.includes(REFUSED_REASON)) {
    return jobFailure('url_not_allowed', `The source led to an address the URL policy forbids (redirect or embedded URL): ${message}`);
  }
  if (UNSUPPORTED.some((re) => re.test(message))) {
    return jobFailure('unsupported_url', `Could not extract info from URL: ${url}`);
  }
  if (/\bRequested format is not available\b/.test(message)) {
    return jobFailure('unsupported_url', `${url} offers nothing this service fetches (HTTP(S), HLS or DASH): ${message}`);
  }
  // yt-dlp's own ffmpeg (merging, fixups) could not read what it downloaded.
  if (/^Postprocessing: /.test(message)) return jobFailure('media_error', `The downloaded media could not be processed: ${message}`);
  // HTTP errors, geo blocks, private/removed videos, network faults: the source failed us.
  return jobFailure('upstream_error', message || 'yt-dlp failed without an error message');
}

/** The last "ERROR:" line (else the last line), without ANSI colours, bounded in length. */
function errorMessage(stderr: string): string {
  const lines = stderr.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean);
  const error = [...lines].reverse().find((l) => l.startsWith('ERROR:')) ?? lines.at(-1) ?? '';
  const text = error.replace(/^ERROR:\s*/, '').replace(BUG_REPORT_PLEA, '').replace(TUNNEL_FAILED, 'HTTP Error $1: $2');
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
