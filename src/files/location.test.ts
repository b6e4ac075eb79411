import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { describeStorage, jobKey } from './location.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ VC_DATA_DIR: '/srv/vc', ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('VC_STORAGE_URL and the S3 settings', () => {
  it('defaults to the data dir’s files/ folder', () => {
    expect(loadConfig({ VC_DATA_DIR: '/srv/vc' }).storage).toEqual({ kind: 'file', root: '/srv/vc/files' });
    expect(loadConfig({ VC_STORAGE_URL: 'file:///mnt/shared/out/' }).storage).toEqual({ kind: 'file', root: '/mnt/shared/out' });
  });

  it('parses s3://bucket/prefix; path style follows the endpoint unless set', () => {
    expect(loadConfig({ VC_STORAGE_URL: 's3://media-out/vc/outputs/' }).storage).toEqual({ kind: 's3', bucket: 'media-out', prefix: 'vc/outputs', endpoint: null, forcePathStyle: false });
    expect(loadConfig({ VC_STORAGE_URL: 's3://media-out', VC_S3_ENDPOINT: 'http://10.0.0.5:8333/' }).storage).toEqual({ kind: 's3', bucket: 'media-out', prefix: '', endpoint: 'http://10.0.0.5:8333', forcePathStyle: true });
    expect(loadConfig({ VC_STORAGE_URL: 's3://media-out', VC_S3_ENDPOINT: 'https://s3.example.com', VC_S3_FORCE_PATH_STYLE: 'false' }).storage).toMatchObject({ forcePathStyle: false });
  });

  it('lists every problem at once', () => {
    const all = problems({ VC_STORAGE_URL: 's3://Bad_Bucket/a//b', VC_S3_ENDPOINT: 'ftp://x', VC_S3_FORCE_PATH_STYLE: 'maybe' });
    expect(all).toHaveLength(4);
    expect(all).toEqual(expect.arrayContaining([
      'VC_S3_ENDPOINT=ftp://x: expected an http(s):// URL such as http://127.0.0.1:8333',
      'VC_STORAGE_URL=s3://Bad_Bucket/a//b: "Bad_Bucket" is not a bucket name (3-63 lowercase letters, digits, dots and hyphens)',
      'VC_STORAGE_URL=s3://Bad_Bucket/a//b: the key prefix "a//b" has an empty, "." or ".." segment',
      'VC_S3_FORCE_PATH_STYLE=maybe: expected true or false',
    ]));
    expect(problems({ VC_STORAGE_URL: 'gs://bucket' })).toEqual(['VC_STORAGE_URL=gs://bucket: expected file:///absolute/path or s3://bucket/optional/prefix']);
    expect(problems({ VC_STORAGE_URL: 'file://host/x' })[0]).toMatch(/^VC_STORAGE_URL=file:\/\/host\/x: .*expected file:\/\/\/absolute\/path$/);
    expect(problems({ VC_STORAGE_URL: 's3://b-1/../x' })).toEqual(['VC_STORAGE_URL=s3://b-1/../x: the key prefix "../x" has an empty, "." or ".." segment']);
    expect(problems({ VC_S3_ENDPOINT: 'http://127.0.0.1:8333' })).toEqual(['VC_S3_ENDPOINT is set but VC_STORAGE_URL is not an s3:// URL; set VC_STORAGE_URL=s3://bucket/prefix or unset VC_S3_ENDPOINT']);
  });

  it('describes a location without credentials, and lays keys out per job and attempt', () => {
    expect(describeStorage({ kind: 's3', bucket: 'b-1', prefix: 'p', endpoint: 'http://h:1', forcePathStyle: true })).toBe('s3://b-1/p at http://h:1 (path-style)');
    expect(jobKey('p', 'j', 2)).toBe('p/j/2/');
    expect(jobKey('', 'j')).toBe('j/');
  });
});
