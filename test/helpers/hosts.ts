// Several "hosts" on one machine for multi-host tests: a Linux bridge and one network
// namespace per host, each joined to the bridge by a veth pair, with its own address, its own
// data dir (local disk) and its own processes. The root namespace holds the bridge's gateway
// address and TCP forwarders, so hosts reach Postgres and S3 (which listen on 127.0.0.1 only)
// over the bridge, as real hosts reach shared services over a network. Needs root and
// `ip netns` (CI runs as root); HOSTS_SKIP says why not otherwise.
//
// Names carry the owner's pid: whatever a crashed earlier run left (namespaces and their
// processes, links, databases) is removed by the next createHostNetwork(), and close() removes
// everything of its own, also after a failed test.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO, TEST_PG_URL } from './service.js';
import { isProcessAlive as isAlive } from '../../src/media/process/run.js';

export interface HostProcess {
  pid: number;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the output once `re` matches it; rejects on exit or after `timeoutMs`. */
  waitForOutput(re: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

export interface Host {
  name: string;
  /** The network namespace (`ip netns exec <netns> …`). */
  netns: string;
  /** Its address on the bridge. */
  address: string;
  /** This host's own disk: use it as VC_DATA_DIR. */
  dataDir: string;
  /** Starts a program inside the host; env is added to a clean environment (no VC_*, no AWS_*). */
  spawn(command: string, args: string[], env?: Record<string, string>): HostProcess;
  /** `bin/videoconduit <args>` inside the host, VC_DATA_DIR = the host's dataDir unless env says otherwise. */
  videoconduit(args: string[], env?: Record<string, string>): HostProcess;
  /** Runs a command to completion inside the host (async: forwarders in this process keep serving). */
  exec(command: string, args: string[]): Promise<{ code: number; output: string }>;
  /** kill -9 every process of the host (a host that loses power); returns how many. */
  kill9(): number;
  /** Unplugs the host: its link goes down, packets are dropped (no reset), connections stall. */
  cut(): void;
  /** Plugs it back in. */
  restore(): void;
}

export interface HostNetwork {
  tag: string;
  bridge: string;
  /** The root namespace's address on the bridge: where forwarders listen. */
  gateway: string;
  hosts: Host[];
  host(name: string): Host;
  /** Makes `targetHost:targetPort` of the root namespace reachable from the hosts at `gateway:<returned port>`. */
  forward(targetPort: number, targetHost?: string): Promise<number>;
  /** A database of its own on the test Postgres: URLs for the hosts (over the bridge) and for the test. */
  database(): Promise<{ hostUrl: string; localUrl: string; name: string }>;
  close(): Promise<void>;
}

/** Why multi-host tests cannot run here, or null. */
export const HOSTS_SKIP: string | null = hostsUnavailable();

function hostsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'multi-host tests need root (network namespaces); CI runs them as root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' });
    return null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'multi-host tests need `ip` (Debian package iproute2)';
    return `\`ip netns\` does not work here: ${String(err)}`;
  }
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe', encoding: 'utf8' });
const tryIp = (...args: string[]) => {
  try {
    return ip(...args);
  } catch {
    return '';
  }
};

let counter = 0;

export async function createHostNetwork(opts: { hosts: string[] }): Promise<HostNetwork> {
  if (HOSTS_SKIP) throw new Error(HOSTS_SKIP);
  await sweepStale();
  const tag = `${process.pid.toString(36)}${(counter++ % 36).toString(36)}`;
  const bridge = `vcb${tag}`;
  const subnet = freeSubnet();
  const gateway = `${subnet}.1`;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `vc-hosts-${tag}-`));
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const databases: string[] = [];
  const hosts: Host[] = [];
  const procs: ChildProcess[] = [];
  const network: HostNetwork = {
    tag,
    bridge,
    gateway,
    hosts,
    host: (name) => hosts.find((h) => h.name === name) ?? fail(`no host named ${name}`),
    forward: (port, target = '127.0.0.1') => forward(gateway, target, port, servers, sockets),
    async database() {
      const name = `vc_hosts_${process.pid}_${tag}_${databases.length}`;
      await pgQuery(TEST_PG_URL, `create database ${name}`);
      databases.push(name);
      const pgUrl = new URL(TEST_PG_URL);
      const port = await network.forward(Number(pgUrl.port || 5432), pgUrl.hostname);
      const at = (host: string, p: string) => Object.assign(new URL(TEST_PG_URL), { hostname: host, port: p, pathname: `/${name}` }).toString();
      return { name, hostUrl: at(gateway, String(port)), localUrl: at(pgUrl.hostname, pgUrl.port) };
    },
    async close() {
      for (const h of hosts) h.kill9();
      await Promise.all(procs.filter((p) => p.exitCode === null && p.signalCode === null).map((p) => new Promise((r) => p.once('exit', r))));
      for (const h of hosts) tryIp('netns', 'del', h.netns);
      tryIp('link', 'del', bridge);
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      for (const db of databases) await pgQuery(TEST_PG_URL, `drop database if exists ${db} with (force)`).catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${gateway}/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    opts.hosts.forEach((name, i) => hosts.push(addHost({ tag, bridge, subnet, gateway, root, name, index: i, procs })));
  } catch (err) {
    await network.close();
    throw err;
  }
  return network;
}

function addHost(o: { tag: string; bridge: string; subnet: string; gateway: string; root: string; name: string; index: number; procs: ChildProcess[] }): Host {
  const netns = `vch-${process.pid}-${o.tag}-${o.index}`;
  const outer = `vcv${o.tag}-${o.index}`;
  const inner = `vcp${o.tag}-${o.index}`;
  const address = `${o.subnet}.${10 + o.index}`;
  ip('netns', 'add', netns);
  ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
  ip('link', 'set', inner, 'netns', netns);
  ip('link', 'set', outer, 'master', o.bridge);
  ip('link', 'set', outer, 'up');
  const inNs = (...args: string[]) => ip('netns', 'exec', netns, 'ip', ...args);
  inNs('link', 'set', 'lo', 'up');
  inNs('link', 'set', inner, 'name', 'eth0');
  inNs('addr', 'add', `${address}/24`, 'dev', 'eth0');
  inNs('link', 'set', 'eth0', 'up');
  inNs('route', 'add', 'default', 'via', o.gateway);
  const dataDir = path.join(o.root, o.name);
  fs.mkdirSync(dataDir, { recursive: true });
  const spawnIn = (command: string, args: string[], env: Record<string, string> = {}): HostProcess => {
    const child = spawn('ip', ['netns', 'exec', netns, command, ...args], { cwd: REPO, env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    o.procs.push(child);
    return hostProcess(child);
  };
  return {
    name: o.name,
    netns,
    address,
    dataDir,
    spawn: spawnIn,
    videoconduit: (args, env = {}) => spawnIn(process.execPath, [path.join(REPO, 'bin', 'videoconduit'), ...args], { VC_DATA_DIR: dataDir, VC_VENV_DIR: path.join(REPO, '.venv'), ...env }),
    async exec(command, args) {
      const p = spawnIn(command, args);
      const { code } = await p.exited;
      return { code: code ?? 1, output: p.output() };
    },
    kill9: () => killNetns(netns),
    cut: () => void ip('link', 'set', outer, 'down'),
    restore: () => void ip('link', 'set', outer, 'up'),
  };
}

function hostProcess(child: ChildProcess): HostProcess {
  let text = '';
  const listeners = new Set<() => void>();
  const keep = (b: Buffer) => {
    text += b.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    pid: child.pid ?? -1,
    output: () => text,
    exited,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    waitForOutput(re, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(text);
          if (!m) return;
          done();
          resolve(m[0]);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${re} in the output within ${timeoutMs} ms:\n${text.slice(-3000)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        void exited.then(({ code, signal }) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`exited (${code ?? signal}) before printing ${re}:\n${text.slice(-3000)}`));
        });
        listeners.add(check);
        check();
      });
    },
  };
}

/** The test's environment minus what a host must be given explicitly (VC_*, AWS_*). */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(VC_|AWS_)/.test(e[0])));
}

function killNetns(netns: string): number {
  const pids = tryIp('netns', 'pids', netns).split('\n').map(Number).filter((p) => p > 0);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  return pids.length;
}

/** 198.18.0.0/15 (RFC 2544, benchmarking): never routed, so never a real network's. */
function freeSubnet(): string {
  const used = tryIp('-o', '-4', 'addr', 'show');
  for (let i = 0; i < 256; i++) {
    const third = (process.pid + counter * 7 + i) % 256;
    const subnet = `198.18.${third}`;
    if (!used.includes(` ${subnet}.`)) return subnet;
  }
  throw new Error('no free 198.18.x.0/24 subnet for a host network');
}

async function forward(listenHost: string, targetHost: string, targetPort: number, servers: net.Server[], sockets: Set<net.Socket>): Promise<number> {
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, listenHost, resolve);
  });
  return (server.address() as net.AddressInfo).port;
}

/** Removes namespaces (killing their processes), links and databases whose owning process is gone. */
async function sweepStale(): Promise<void> {
  const dead = (pid: number) => Number.isInteger(pid) && pid > 0 && !isAlive(pid);
  for (const line of tryIp('netns', 'list').split('\n')) {
    const netns = line.split(' ')[0];
    const m = /^vch-(\d+)-/.exec(netns);
    if (!m || !dead(Number(m[1]))) continue;
    killNetns(netns);
    tryIp('netns', 'del', netns);
  }
  for (const line of tryIp('-o', 'link', 'show').split('\n')) {
    const name = /^\d+: ([^:@\s]+)/.exec(line)?.[1] ?? '';
    const m = /^vc[bv]([0-9a-z]+?)[0-9a-z](?:-\d+)?$/.exec(name);
    if (m && dead(parseInt(m[1], 36))) tryIp('link', 'del', name);
  }
  const rows = await pgQuery(TEST_PG_URL, `select datname from pg_database where datname like 'vc\\_hosts\\_%'`).catch(() => ({ rows: [] }));
  for (const { datname } of rows.rows as { datname: string }[]) {
    if (dead(Number(datname.split('_')[2]))) await pgQuery(TEST_PG_URL, `drop database if exists ${datname} with (force)`).catch(() => undefined);
  }
  for (const dir of fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('vc-hosts-'))) {
    const pid = parseInt(dir.split('-')[2]?.slice(0, -1) ?? '', 36);
    if (dead(pid)) fs.rmSync(path.join(os.tmpdir(), dir), { recursive: true, force: true });
  }
}

async function pgQuery(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** Running, not a zombie (a killed process whose parent died may wait for a reaper here). */
export function isRunning(pid: number): boolean {
  const stat = (() => {
    try {
      return fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return '';
    }
  })();
  return stat !== '' && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

function fail(msg: string): never {
  throw new Error(msg);
}
