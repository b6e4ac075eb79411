// Progress while a job runs: a bar that redraws in place on a terminal, one plain line per
// change otherwise (logs, CI, pipes). Written to stderr so stdout stays the result.
import type { Job } from '../sdk/index.js';

const WIDTH = 30;

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update(job: Job): void; done(): void } {
  const tty = stream.isTTY === true;
  let drawn = false;
  return {
    update(job) {
      const pct = Math.max(0, Math.min(100, Math.round(job.progress)));
      const what = `${job.status}${job.stage ? ` · ${job.stage}` : ''}`;
      if (!tty) {
        stream.write(`job ${job.job_id}: ${pct}% ${what}\n`);
        return;
      }
      const filled = Math.round((pct / 100) * WIDTH);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(pct).padStart(3)}% ${what}`;
      const cols = stream.columns || 80;
      stream.write(`\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length + 10))}`);
      drawn = true;
    },
    done() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
