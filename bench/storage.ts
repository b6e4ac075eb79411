// bench/storage: what publishing a job's output costs. A 50 MB output (random bytes) is
// published by the folder storage (a rename) and by the S3 storage to a local SeaweedFS
// (multipart), against the raw operations: `cp` of the file, and one plain PutObject through
// the AWS SDK. Also the part size of the multipart upload, and a presigned GET of the object.
//   npx tsx bench/storage.ts            SIZE_MB=50 ROUNDS=3 by default
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { loadConfig } from '../src/config.js';
import { openStorage } from '../src/files/storage.js';
import { startSeaweed } from '../test/helpers/s3.js';
import { median } from './harness.js';

const SIZE_MB = Number(process.env.SIZE_MB ?? 50);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-bench-storage-'));
const source = path.join(dir, 'source.bin');
fs.writeFileSync(source, crypto.randomBytes(SIZE_MB * 1024 * 1024));
const s3 = await startSeaweed();
Object.assign(process.env, s3.env());
const time = async (fn: () => Promise<unknown> | unknown) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
/** A fresh scratch folder holding a copy of the output, as a handler leaves it. */
const scratch = (i: number) => {
  const d = path.join(dir, `scratch-${i}`);
  fs.mkdirSync(d, { recursive: true });
  fs.copyFileSync(source, path.join(d, 'video.mp4'));
  return d;
};
const row = (name: string, ms: number[], base?: number) => {
  const m = median(ms);
  console.log(`${name.padEnd(46)} ${m.toFixed(0).padStart(6)} ms  ${(SIZE_MB / (m / 1000)).toFixed(0).padStart(5)} MB/s${base ? `  ×${(m / base).toFixed(2)} of raw` : ''}`);
  return m;
};

try {
  console.log(`publishing a ${SIZE_MB} MB output, median of ${ROUNDS} (SeaweedFS ${s3.endpoint} on this machine)`);
  const local = await openStorage(loadConfig({ VC_DATA_DIR: path.join(dir, 'data') }), { signingSecret: 'x'.repeat(32), log: () => undefined });
  const cp: number[] = [];
  const rename: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    cp.push(await time(() => execFileSync('cp', [source, path.join(dir, `cp-${i}.bin`)])));
    const d = scratch(i);
    rename.push(await time(() => local.publish(`job-${i}`, 1, d, () => 'video/mp4')));
  }
  const rawCp = row('raw: cp (same disk)', cp);
  row('folder storage publish (rename)', rename, rawCp);

  const put: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    put.push(await time(() => s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `raw/${i}`, Body: fs.createReadStream(source), ContentLength: SIZE_MB * 1024 * 1024 }))));
  }
  const rawPut = row('raw: one PutObject (SDK)', put);
  for (const partMb of [5, 8, 16, 32]) {
    const ms: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ms.push(await time(() => new Upload({ client: s3.client, params: { Bucket: s3.bucket, Key: `parts-${partMb}/${i}`, Body: fs.createReadStream(source) }, partSize: partMb * 1024 * 1024, queueSize: 4 }).done()));
    }
    row(`multipart, ${partMb} MiB parts x4`, ms, rawPut);
  }
  const storage = await openStorage(loadConfig({ VC_DATA_DIR: path.join(dir, 'data'), VC_STORAGE_URL: `s3://${s3.bucket}/bench`, VC_S3_ENDPOINT: s3.endpoint }), { signingSecret: 'x'.repeat(32), log: () => undefined });
  const pub: number[] = [];
  const get: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const d = scratch(100 + i);
    pub.push(await time(() => storage.publish(`job-${i}`, 1, d, () => 'video/mp4')));
    const url = storage.link({ jobId: `job-${i}`, attempt: 1, filename: 'video.mp4', mimeType: 'video/mp4' }, new Date(Date.now() + 600_000));
    get.push(await time(async () => Buffer.from(await (await fetch(url)).arrayBuffer())));
  }
  row('S3 storage publish (what a job pays)', pub, rawPut);
  row('presigned GET of the object', get);
  const links = 10_000;
  const t = await time(() => {
    for (let i = 0; i < links; i++) storage.link({ jobId: `job-${i}`, attempt: 1, filename: 'video.mp4', mimeType: 'video/mp4' }, new Date(Date.now() + 600_000));
  });
  console.log(`presigning a download_url: ${((t * 1000) / links).toFixed(1)} µs per link (${links} links)`);
  storage.close();
} finally {
  await s3.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
