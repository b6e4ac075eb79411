// Presigned S3 GETs (AWS Signature Version 4, query-string form), computed synchronously.
//
// Why not @aws-sdk/s3-request-presigner for every link: it is async (credentials and hashing
// are promises), while a job view, its download_url included, is built synchronously
// everywhere (list pages, SSE frames, webhook payloads written inside the completing
// transaction). The SDK still decides everything that varies between S3 servers: the
// endpoint, path or virtual-hosted style and the region come from one SDK presign at start
// (s3-storage.ts), credentials from the SDK's credential chain. A unit test checks this
// signer against the SDK's own, byte for byte (s3-presign.test.ts).
import crypto from 'node:crypto';

export interface PresignCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface PresignTarget {
  /** `https://bucket.s3.eu-west-1.amazonaws.com` or `http://127.0.0.1:8333`. */
  origin: string;
  /** What precedes the object key in the path: `/` (virtual-hosted) or `/bucket/` (path style). */
  pathPrefix: string;
  region: string;
}

export interface PresignRequest {
  key: string;
  expiresInSeconds: number;
  /** Response header overrides S3 applies to this GET (response-content-disposition…). */
  responseHeaders?: { contentDisposition?: string; contentType?: string };
}

/** SigV4 allows at most 7 days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const hmac = (key: crypto.BinaryLike, data: string) => crypto.createHmac('sha256', key).update(data, 'utf8').digest();
const sha256hex = (data: string) => crypto.createHash('sha256').update(data, 'utf8').digest('hex');

/** The URL of a GET of `req.key`, signed with `creds`, valid for `req.expiresInSeconds` from `now`. */
export function presignGet(target: PresignTarget, creds: PresignCredentials, req: PresignRequest, now: Date = new Date()): string {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''); // 20300101T000000Z
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${target.region}/s3/aws4_request`;
  const host = new URL(target.origin).host;
  // S3 keys are encoded once, segment by segment (S3 does not double-encode like other services).
  const path = target.pathPrefix + req.key.split('/').map(uriEncode).join('/');
  const params: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
    ['X-Amz-Credential', `${creds.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(Math.max(1, Math.min(MAX_PRESIGN_SECONDS, Math.floor(req.expiresInSeconds))))],
    ['X-Amz-SignedHeaders', 'host'],
    ['x-id', 'GetObject'],
  ];
  if (creds.sessionToken) params.push(['X-Amz-Security-Token', creds.sessionToken]);
  if (req.responseHeaders?.contentDisposition) params.push(['response-content-disposition', req.responseHeaders.contentDisposition]);
  if (req.responseHeaders?.contentType) params.push(['response-content-type', req.responseHeaders.contentType]);
  const query = canonicalQuery(params);
  const canonicalRequest = ['GET', path, query, `host:${host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), target.region), 's3'), 'aws4_request');
  const signature = crypto.createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `${target.origin}${path}?${canonicalQuery([...params, ['X-Amz-Signature', signature]])}`;
}

/** Encoded and sorted by name (code point order), as SigV4 signs them and the SDK writes them. */
function canonicalQuery(params: [string, string][]): string {
  return params
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}
