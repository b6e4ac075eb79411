import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { presignGet, uriEncode } from './s3-presign.js';
import { targetFromProbe } from './s3-storage.js';

const AT = new Date('2030-01-02T03:04:05Z');

async function sdkUrl(client: S3Client, bucket: string, key: string, expiresIn: number, headers: { disposition?: string; type?: string } = {}) {
  const cmd = new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: headers.disposition, ResponseContentType: headers.type });
  return getSignedUrl(client, cmd, { expiresIn, signingDate: AT });
}

const clients = {
  'path style on a custom endpoint, with a session token': {
    bucket: 'vc-test',
    client: new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8333', forcePathStyle: true, responseChecksumValidation: 'WHEN_REQUIRED', requestChecksumCalculation: 'WHEN_REQUIRED', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzE+/=' } }),
  },
  'virtual-hosted on AWS': {
    bucket: 'media-out',
    client: new S3Client({ region: 'eu-west-1', responseChecksumValidation: 'WHEN_REQUIRED', requestChecksumCalculation: 'WHEN_REQUIRED', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }),
  },
  'an endpoint with a path': {
    bucket: 'b-1',
    client: new S3Client({ region: 'auto', endpoint: 'https://gw.example.com/s3/', forcePathStyle: true, responseChecksumValidation: 'WHEN_REQUIRED', requestChecksumCalculation: 'WHEN_REQUIRED', credentials: { accessKeyId: 'A', secretAccessKey: 'S' } }),
  },
};

describe('presignGet matches the AWS SDK presigner byte for byte', () => {
  const keys = ['vc/0192f0c5-7a4e-7000-8000-000000000001/1/video.mp4', 'p/a b/é+x (1)!*\'~.mp4', 'k/日本語 😀.webm', 'x/%2F;,=&?#.bin'];
  for (const [name, { bucket, client }] of Object.entries(clients)) {
    it(name, async () => {
      const target = targetFromProbe(await sdkUrl(client, bucket, '.vc-probe', 60), '.vc-probe', await client.config.region());
      const creds = await client.config.credentials();
      for (const key of keys) {
        for (const headers of [{}, { disposition: `attachment; filename="a_b.mp4"; filename*=UTF-8''a%20b.mp4`, type: 'video/mp4' }]) {
          const ours = presignGet(target, creds, { key, expiresInSeconds: 3600, responseHeaders: { contentDisposition: headers.disposition, contentType: headers.type } }, AT);
          expect(ours).toBe(await sdkUrl(client, bucket, key, 3600, headers));
        }
      }
    });
  }
});

describe('presignGet', () => {
  const target = { origin: 'http://127.0.0.1:8333', pathPrefix: '/b/', region: 'us-east-1' };
  const creds = { accessKeyId: 'A', secretAccessKey: 'S' };

  it('caps the lifetime at 7 days and at least 1 s', () => {
    const long = new URL(presignGet(target, creds, { key: 'k', expiresInSeconds: 30 * 86400 }, AT));
    expect(long.searchParams.get('X-Amz-Expires')).toBe('604800');
    const none = new URL(presignGet(target, creds, { key: 'k', expiresInSeconds: -5 }, AT));
    expect(none.searchParams.get('X-Amz-Expires')).toBe('1');
  });

  it('binds the key: another key with the same signature is another signature', () => {
    const a = new URL(presignGet(target, creds, { key: 'job-a/1/x.mp4', expiresInSeconds: 60 }, AT));
    const b = new URL(presignGet(target, creds, { key: 'job-b/1/x.mp4', expiresInSeconds: 60 }, AT));
    expect(a.searchParams.get('X-Amz-Signature')).not.toBe(b.searchParams.get('X-Amz-Signature'));
  });

  it('uriEncode leaves only unreserved characters', () => {
    expect(uriEncode("a b!*'()~._-/é")).toBe('a%20b%21%2A%27%28%29~._-%2F%C3%A9');
  });
});
