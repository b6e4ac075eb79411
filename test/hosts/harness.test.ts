// The multi-host harness itself (test/helpers/hosts.ts): hosts reach the root namespace's
// services through forwarders over the bridge and each other directly; a cut link stalls
// traffic (no reset) until it is restored; kill -9 takes every process of a host; whatever a
// crashed run left is removed by the next one.
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostNetwork, HOSTS_SKIP, isRunning, type Host, type HostNetwork } from '../helpers/hosts.js';
import { REPO } from '../helpers/service.js';

if (HOSTS_SKIP) console.warn(`skipping multi-host tests: ${HOSTS_SKIP}`);

/** A one-line HTTP client for inside a host (curl is not always installed). */
const GET = (url: string, timeoutMs: number) => ['-e', `fetch(${JSON.stringify(url)},{signal:AbortSignal.timeout(${timeoutMs})}).then(async r=>console.log(r.status, await r.text()),e=>{console.log('ERR', e.cause?.code ?? e.name);process.exit(1)})`];

const get = async (host: Host, url: string, timeoutMs: number) => (await host.exec(process.execPath, GET(url, timeoutMs))).output;

describe.skipIf(HOSTS_SKIP)('host network harness', () => {
  let netw: HostNetwork;
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    netw = await createHostNetwork({ hosts: ['a', 'b'] });
    server = http.createServer((_req, res) => res.end('root says hi'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = await netw.forward((server.address() as AddressInfo).port);
  });
  afterAll(async () => {
    await netw?.close();
    server?.close();
  });

  it('hosts reach a loopback-only service of the root namespace through a forwarder, and not directly', async () => {
    const a = netw.host('a');
    expect(await a.exec(process.execPath, GET(`http://${netw.gateway}:${port}/`, 3000))).toEqual({ code: 0, output: '200 root says hi\n' });
    expect(await get(a, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, 3000)).toMatch(/ERR ECONNREFUSED/);
  });

  it('hosts reach each other; a cut link stalls traffic until it is restored', async () => {
    const [a, b] = netw.hosts;
    const srv = b.spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>s.end('b here')).listen(8080,'${b.address}',()=>console.log('listening'))`]);
    await srv.waitForOutput(/listening/, 10_000);
    expect(await get(a, `http://${b.address}:8080/`, 3000)).toBe('200 b here\n');
    b.cut();
    const t0 = Date.now();
    expect(await get(a, `http://${b.address}:8080/`, 1500)).toMatch(/ERR (TimeoutError|UND_ERR_CONNECT_TIMEOUT|EHOSTUNREACH)/);
    expect(await get(b, `http://${netw.gateway}:${port}/`, 1500)).toMatch(/^ERR /);
    expect(Date.now() - t0).toBeGreaterThan(1000); // dropped, not refused
    b.restore();
    await new Promise((r) => setTimeout(r, 200));
    expect(await get(a, `http://${b.address}:8080/`, 3000)).toBe('200 b here\n');
    expect(b.kill9()).toBeGreaterThanOrEqual(1);
    expect((await srv.exited).signal).toBe('SIGKILL');
  });

  it('a run that crashed leaves nothing behind after the next createHostNetwork()', async () => {
    // A child process builds a network and is killed -9 before it can clean up.
    const script = `import { createHostNetwork } from ${JSON.stringify(path.join(REPO, 'test/helpers/hosts.ts'))};
      const n = await createHostNetwork({ hosts: ['x'] });
      n.host('x').spawn('sleep', ['300']);
      console.log(JSON.stringify({ netns: n.hosts[0].netns, bridge: n.bridge }));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(b.toString())));
    const left = JSON.parse(line) as { netns: string; bridge: string };
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).toContain(left.netns);
    const sleeper = execFileSync('ip', ['netns', 'pids', left.netns], { encoding: 'utf8' }).trim();
    expect(sleeper).not.toBe('');

    const next = await createHostNetwork({ hosts: ['y'] });
    await next.close();
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(left.netns);
    expect(execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })).not.toContain(left.bridge);
    expect(isRunning(Number(sleeper.split('\n')[0]))).toBe(false);
  });
});
