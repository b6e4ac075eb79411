// The warm in-process anchor of bench/info.ts: a long-lived Python process with yt-dlp
// imported once (bench/warm-ytdlp.py) that runs YoutubeDL(params).extract_info(url,
// download=False) per request, params parsed from the argv our service passes for /v1/info.
// It is the floor of an extraction: no process start, no fork, no proxy, no HTTP API.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { REPO } from '../test/helpers/service.js';

export interface WarmYtdlp {
  /** One extraction (the caller times the round trip); throws when it fails. */
  extract(argv: string[], opts?: { reuse?: boolean }): Promise<void>;
  close(): void;
}

export function startWarmYtdlp(): WarmYtdlp {
  const proc = spawn(path.join(REPO, '.venv/bin/python'), [path.join(REPO, 'bench/warm-ytdlp.py')], { stdio: ['pipe', 'pipe', 'ignore'] });
  const lines = readline.createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  return {
    async extract(argv, opts = {}) {
      proc.stdin.write(`${JSON.stringify({ argv, reuse: opts.reuse ?? false })}\n`);
      const next = await lines.next();
      if (next.done) throw new Error('warm yt-dlp exited');
      const answer = JSON.parse(next.value) as { error?: string };
      if (answer.error) throw new Error(`warm yt-dlp: ${answer.error}`);
    },
    close: () => proc.stdin.end(),
  };
}
