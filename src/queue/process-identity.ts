// Which process a recorded pid was. Recovery kills the engine process group of a worker that
// died, by the pid stored with the job; after a reboot (or a long outage) that pid may belong
// to an unrelated process, and on another host (several workers share the database) to
// anything at all. The identity is the host name (VC_HOSTNAME), the boot id and the process
// start time (/proc/<pid>/stat field 22, clock ticks since boot): equal only for the very same
// process, seen from the host that started it.
import { readFileSync } from 'node:fs';

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** "<host>/<boot id>/<start ticks>" of a running pid, or null (gone, or no procfs). */
export function processIdentity(pid: number, host: string): string | null {
  const boot = bootId();
  if (!boot || !Number.isInteger(pid) || pid <= 0) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = fields[22 - 3]; // fields[0] is field 3 (state)
    return startTicks && /^\d+$/.test(startTicks) ? `${host}/${boot}/${startTicks}` : null;
  } catch {
    return null;
  }
}

/** True only when `pid` runs now, on this host (`host`), and is the process recorded as `identity`. */
export function isSameProcess(pid: number, identity: string | null | undefined, host: string): boolean {
  if (!identity) return false;
  return processIdentity(pid, host) === identity;
}
