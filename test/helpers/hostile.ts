// Test tools for trying the engines as an attacker would: a site whose answers the test sets
// per path (any bytes under any Content-Type), and a canary: a TCP listener on a loopback
// address the test allow-list does not open (127.0.0.2), counting every connection made to
// it whatever the protocol (HTTP, FTP, RTMP…).
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { TestService } from './service.js';
import { waitForJob } from './service.js';

type Json = Record<string, any>;

export interface Answer {
  status?: number;
  type: string;
  body: string | Buffer;
}

export interface HostileSite {
  url(pathname: string): string;
  /** What GET/HEAD `pathname` answers from now on; a function is asked on every request. */
  route(pathname: string, answer: Answer | ((req: http.IncomingMessage, res: http.ServerResponse) => void)): void;
  /** Paths requested, in order. */
  hits: string[];
  close(): Promise<void>;
}

export async function startHostileSite(): Promise<HostileSite> {
  const routes = new Map<string, Answer | ((req: http.IncomingMessage, res: http.ServerResponse) => void)>();
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(pathname);
    const r = routes.get(pathname);
    if (!r) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    if (typeof r === 'function') return r(req, res);
    const body = typeof r.body === 'string' ? Buffer.from(r.body) : r.body;
    res.writeHead(r.status ?? 200, { 'content-type': r.type, 'content-length': body.length, 'accept-ranges': 'none' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (p) => `${base}${p}`,
    route: (p, a) => void routes.set(p, a),
    hits,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export interface Canary {
  host: string;
  port: number;
  /** Connections accepted since start (or the last reset). */
  connections(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Counts TCP connections on `host` (not allow-listed in tests); answers nothing and hangs up. */
export async function startCanary(host = '127.0.0.2'): Promise<Canary> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    setTimeout(() => s.destroy(), 200);
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  return {
    host,
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    reset: () => void (count = 0),
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

/**
 * Two tenants: a victim whose download of `sourceUrl` left an output file on disk, and an
 * attacker (with credits to spare) who knows where that file is.
 */
export async function twoTenants(svc: TestService, sourceUrl: string): Promise<{ attacker: Record<string, string>; victimFile: string }> {
  const victim = (await svc.account(10)).auth;
  const attacker = (await svc.account(100)).auth;
  const own = await runJob(svc, victim, '/v1/download', { url: sourceUrl });
  if (own.status !== 'completed') throw new Error(`the victim's download failed: ${JSON.stringify(own.error)}`);
  // Published by its first attempt: <data dir>/files/<job>/<attempt>/<name>.
  const victimFile = path.join(svc.dataDir, 'files', own.job_id as string, '1', own.result.filename as string);
  if (!fs.existsSync(victimFile)) throw new Error(`the victim's output is not at ${victimFile}`);
  return { attacker, victimFile };
}

/** POSTs a job and waits for its end. */
export async function runJob(svc: TestService, auth: Record<string, string>, route: string, body: Json, timeoutMs = 120_000): Promise<Json> {
  const res = await svc.app.inject({ method: 'POST', url: route, headers: auth, payload: body });
  if (res.statusCode !== 202) throw new Error(`${route} answered ${res.statusCode}: ${res.body}`);
  return waitForJob(svc, auth, (res.json() as Json).job_id as string, timeoutMs);
}

/** A job's end in one word: its error code when it failed, else its status. */
export function outcome(job: Json): string {
  return job.status === 'failed' ? String(job.error?.code) : String(job.status);
}

/** The job's result or error, for assertion messages. */
export function told(job: Json): string {
  return JSON.stringify(job.error ?? job.result);
}
