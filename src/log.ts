// The log line of processes without an HTTP server (`videoconduit worker`): the same JSON
// shape as the service's request log (pino's: level number, time, pid, hostname, msg and
// fields), one line per call on stdout, filtered by VC_LOG_LEVEL.
import os from 'node:os';

export type LogFn = (msg: string, extra?: Record<string, unknown>) => void;

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export interface JsonLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  debug(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

export function jsonLogger(level: string, stream: NodeJS.WritableStream = process.stdout): JsonLogger {
  const threshold = LEVELS[level] ?? LEVELS.info;
  const hostname = os.hostname();
  const write = (n: number) => (fields: Record<string, unknown>, msg: string) => {
    if (n < threshold) return;
    stream.write(`${JSON.stringify({ level: n, time: Date.now(), pid: process.pid, hostname, ...fields, msg })}\n`);
  };
  return { info: write(LEVELS.info), debug: write(LEVELS.debug), error: write(LEVELS.error) };
}
