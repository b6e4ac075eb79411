// Where job outputs live (VC_STORAGE_URL and the S3 settings), parsed and checked once at start.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type StorageConfig =
  | { kind: 'file'; root: string }
  | {
      kind: 's3';
      bucket: string;
      /** Key prefix without leading or trailing slash; '' = the bucket's root. */
      prefix: string;
      /** An S3-compatible server (MinIO, SeaweedFS, R2…); null = AWS itself. */
      endpoint: string | null;
      forcePathStyle: boolean;
    };

export interface StorageSettings {
  url: string | null;
  endpoint: string | null;
  /** null = not set: path style when an endpoint is set, virtual-hosted style on AWS. */
  forcePathStyle: boolean | null;
}

// AWS's rules for new buckets (3-63 lowercase letters, digits, dots, hyphens); S3-compatible
// servers accept the same names.
const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses the storage settings; every problem found is pushed on `problems`. */
export function parseStorage(s: StorageSettings, dataDir: string, problems: string[]): StorageConfig {
  const fallback: StorageConfig = { kind: 'file', root: path.join(dataDir, 'files') };
  const endpoint = s.endpoint ? s.endpoint.replace(/\/+$/, '') : null;
  if (endpoint !== null && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(endpoint)) problems.push(`VC_S3_ENDPOINT=${s.endpoint}: expected an http(s):// URL such as http://127.0.0.1:8333`);
  if (s.url === null) {
    if (endpoint !== null) problems.push('VC_S3_ENDPOINT is set but VC_STORAGE_URL is not an s3:// URL; set VC_STORAGE_URL=s3://bucket/prefix or unset VC_S3_ENDPOINT');
    return fallback;
  }
  if (s.url.startsWith('file:')) {
    if (endpoint !== null) problems.push('VC_S3_ENDPOINT is set but VC_STORAGE_URL is a file:// URL');
    let root: string | null = null;
    try {
      root = fileURLToPath(s.url);
    } catch (err) {
      problems.push(`VC_STORAGE_URL=${s.url}: ${(err as Error).message}; expected file:///absolute/path`);
    }
    return root === null ? fallback : { kind: 'file', root: path.resolve(root) };
  }
  const m = /^s3:\/\/([^/?#]*)\/?([^?#]*)$/.exec(s.url);
  if (!m) {
    problems.push(`VC_STORAGE_URL=${s.url}: expected file:///absolute/path or s3://bucket/optional/prefix`);
    return fallback;
  }
  const [, bucket = '', rawPrefix = ''] = m;
  if (!BUCKET_RE.test(bucket)) problems.push(`VC_STORAGE_URL=${s.url}: "${bucket}" is not a bucket name (3-63 lowercase letters, digits, dots and hyphens)`);
  const prefix = rawPrefix.replace(/\/+$/, '');
  if (prefix.split('/').some((seg) => seg === '' || seg === '.' || seg === '..') && prefix !== '') {
    problems.push(`VC_STORAGE_URL=${s.url}: the key prefix "${rawPrefix}" has an empty, "." or ".." segment`);
  }
  return { kind: 's3', bucket, prefix, endpoint, forcePathStyle: s.forcePathStyle ?? endpoint !== null };
}

/** The storage location for logs and doctor, never with credentials. */
export function describeStorage(storage: StorageConfig): string {
  if (storage.kind === 'file') return `folder ${storage.root}`;
  const where = storage.endpoint ?? 'AWS';
  return `s3://${storage.bucket}${storage.prefix ? `/${storage.prefix}` : ''} at ${where}${storage.forcePathStyle ? ' (path-style)' : ''}`;
}

/** `[prefix/]<job id>/` and `[prefix/]<job id>/<attempt>/`: the key layout of both storages. */
export function jobKey(prefix: string, jobId: string, attempt?: number): string {
  const base = prefix ? `${prefix}/${jobId}/` : `${jobId}/`;
  return attempt === undefined ? base : `${base}${attempt}/`;
}
