// Outputs in an S3 bucket (VC_STORAGE_URL=s3://bucket/prefix; AWS or any S3-compatible server
// through VC_S3_ENDPOINT). Uploads go through the SDK (multipart for large files), links are
// presigned GETs that carry the download's Content-Disposition and Content-Type.
import { createReadStream } from 'node:fs';
import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { jobKey, type StorageConfig } from './location.js';
import { listOutputFiles } from './outputs.js';
import { MAX_PRESIGN_SECONDS, presignGet, type PresignCredentials, type PresignTarget } from './s3-presign.js';
import { contentDisposition } from './send.js';
import type { OutputRef, OutputStorage, PublishedFile } from './storage.js';

type S3Config = Extract<StorageConfig, { kind: 's3' }>;
type Credentials = PresignCredentials & { expiration?: Date };
type Log = (msg: string, extra?: Record<string, unknown>) => void;

/** Parts of 16 MiB, 4 in flight (64 MiB of buffers per upload at most); see docs/deploy.md for the measurement. */
const PART_BYTES = 16 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;
/** S3 allows 10,000 parts; keep a margin. */
const MAX_PARTS = 9000;
/** The SDK's credential provider is memoised and refreshes a little before expiry; ask it this often. */
const CREDENTIALS_REFRESH_MS = 60_000;
const CHECK_TIMEOUT_MS = 2000;
const PROBE_KEY = '.vc-probe';

export class S3Storage implements OutputStorage {
  readonly kind = 's3';
  private refresher: NodeJS.Timeout;

  private constructor(
    readonly config: S3Config,
    private readonly client: S3Client,
    private readonly target: PresignTarget,
    private credentials: Credentials,
    private readonly log: Log,
  ) {
    this.refresher = setInterval(() => void this.refreshCredentials(), CREDENTIALS_REFRESH_MS).unref();
  }

  static async open(config: S3Config, log: Log): Promise<S3Storage> {
    const base: S3ClientConfig = {
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint
        ? {
            endpoint: config.endpoint,
            // S3-compatible servers (SeaweedFS, older MinIO, R2…) reject or mishandle the
            // CRC32 trailers the SDK adds by default since 2025; checksums only where required.
            requestChecksumCalculation: 'WHEN_REQUIRED' as const,
            responseChecksumValidation: 'WHEN_REQUIRED' as const,
          }
        : {}),
    };
    let client = new S3Client(base);
    // The region comes from AWS_REGION or the profile; an S3-compatible server seldom cares.
    const region = await client.config.region().catch(() => null);
    if (!region) {
      client.destroy();
      client = new S3Client({ ...base, region: 'us-east-1' });
    }
    let credentials: Credentials;
    try {
      credentials = await client.config.credentials();
    } catch (err) {
      client.destroy();
      throw new Error(
        `S3 storage (VC_STORAGE_URL=s3://${config.bucket}/…) has no AWS credentials: ${(err as Error).message}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with an instance or task role.`,
      );
    }
    // One presign through the SDK tells the endpoint, the addressing style and the region.
    const probe = await getSignedUrl(client, new GetObjectCommand({ Bucket: config.bucket, Key: PROBE_KEY }), { expiresIn: 60 });
    const target = targetFromProbe(probe, PROBE_KEY, region ?? 'us-east-1');
    return new S3Storage(config, client, target, credentials, log);
  }

  private key(jobId: string, attempt: number, name: string): string {
    return `${jobKey(this.config.prefix, jobId, attempt)}${name}`;
  }

  async publish(jobId: string, attempt: number, dir: string, mimeOf: (name: string) => string, signal?: AbortSignal): Promise<PublishedFile[]> {
    const files = await listOutputFiles(dir);
    for (const f of files) {
      signal?.throwIfAborted();
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.config.bucket, Key: this.key(jobId, attempt, f.name), Body: createReadStream(f.path), ContentType: mimeOf(f.name), ContentLength: f.bytes },
        partSize: Math.max(PART_BYTES, Math.ceil(f.bytes / MAX_PARTS)),
        queueSize: PARTS_IN_FLIGHT,
        leavePartsOnError: false,
      });
      const abort = () => void upload.abort();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        await upload.done();
      } finally {
        signal?.removeEventListener('abort', abort);
      }
    }
    return files.map(({ name, bytes }) => ({ name, bytes }));
  }

  link(output: OutputRef, expiresAt: Date): string {
    const now = Date.now();
    // A link signed with temporary credentials dies with them, whatever X-Amz-Expires says.
    const until = Math.min(expiresAt.getTime(), this.credentials.expiration?.getTime() ?? Infinity, now + MAX_PRESIGN_SECONDS * 1000);
    return presignGet(this.target, this.credentials, {
      key: this.key(output.jobId, output.attempt, output.filename),
      expiresInSeconds: Math.ceil((until - now) / 1000),
      responseHeaders: { contentDisposition: contentDisposition(output.filename), contentType: output.mimeType },
    });
  }

  async deleteAttempt(jobId: string, attempt: number): Promise<void> {
    await this.deletePrefix(jobKey(this.config.prefix, jobId, attempt));
  }

  async deleteOtherAttempts(jobId: string, keep: number): Promise<void> {
    const base = jobKey(this.config.prefix, jobId);
    const kept = jobKey(this.config.prefix, jobId, keep);
    await this.deletePrefix(base, (key) => !key.startsWith(kept));
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.deletePrefix(jobKey(this.config.prefix, jobId));
  }

  /** Deletes the objects under `prefix` (those `wanted` accepts) and aborts unfinished multipart uploads there. */
  private async deletePrefix(prefix: string, wanted: (key: string) => boolean = () => true): Promise<void> {
    const Bucket = this.config.bucket;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
      const keys = (page.Contents ?? []).map((o) => o.Key).filter((k): k is string => !!k && wanted(k));
      if (keys.length > 0) {
        const res = await this.client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
        const failed = res.Errors ?? [];
        if (failed.length > 0) throw new Error(`S3 refused to delete ${failed.length} object(s) under ${prefix}: ${failed[0].Code ?? ''} ${failed[0].Message ?? ''}`.trim());
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    // Parts of an upload whose worker died are not objects, but they are stored (and billed).
    const uploads = await this.client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: prefix })).catch(() => null);
    for (const u of uploads?.Uploads ?? []) {
      if (u.Key && u.UploadId && wanted(u.Key)) await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key: u.Key, UploadId: u.UploadId })).catch(() => undefined);
    }
  }

  async check(): Promise<string | null> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.config.bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
      return null;
    } catch (err) {
      return `bucket ${this.config.bucket} at ${this.config.endpoint ?? 'AWS'}: ${s3Problem(err)}`;
    }
  }

  close(): void {
    clearInterval(this.refresher);
    this.client.destroy();
  }

  private async refreshCredentials(): Promise<void> {
    try {
      this.credentials = await this.client.config.credentials();
    } catch (err) {
      this.log('S3 credentials could not be refreshed; download links may stop working', { err: String(err) });
    }
  }
}

/** What an S3 error means, in words an operator can act on. */
function s3Problem(err: unknown): string {
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (status === 404 || e.name === 'NotFound' || e.name === 'NoSuchBucket') return 'the bucket does not exist (create it, or fix VC_STORAGE_URL)';
  if (status === 403 || status === 401) return 'access denied (check the AWS credentials and the bucket policy)';
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${CHECK_TIMEOUT_MS} ms (VC_S3_ENDPOINT, network)`;
  return `${e.code ?? e.name ?? 'error'}: ${e.message ?? String(err)}`;
}

/** Origin and key prefix of the URL the SDK presigned for `probeKey`. */
export function targetFromProbe(url: string, probeKey: string, region: string): PresignTarget {
  const u = new URL(url);
  if (!u.pathname.endsWith(`/${probeKey}`)) throw new Error(`unexpected presigned URL shape: ${u.origin}${u.pathname}`);
  return { origin: u.origin, pathPrefix: u.pathname.slice(0, -probeKey.length), region };
}
