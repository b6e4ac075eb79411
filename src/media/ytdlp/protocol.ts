// The fork server's output for one run (see forkserver.py): "VCPID <pid>\n", then yt-dlp's
// stdout verbatim, then "\nVCEXIT <code>\n". Decoding lives apart from the sockets so it
// can be tested chunk by chunk.
import { StringDecoder } from 'node:string_decoder';

const TRAILER = /\nVCEXIT (-?\d+)\n$/;
const TRAILER_LINE = /^VCEXIT -?\d+$/;
/** A line with no newline in sight may not grow without bound (as in runProcess). */
const MAX_PARTIAL = 64 * 1024;

export interface RunEvents {
  /** The run's pid, which is also its process group id. */
  pid?: (pid: number) => void;
  /** Complete stdout lines, split on \n, \r\n or \r, empty ones dropped (as runProcess). */
  line?: (line: string) => void;
}

export class RunDecoder {
  /** 0 until the VCPID line is complete; -1 if the first line was something else. */
  pid = 0;
  private readonly text = new StringDecoder('utf8');
  private head = '';
  private out = '';
  private partial = '';
  /** A line that looks like the trailer: emitted only once another line follows it. */
  private held: string | null = null;

  constructor(private readonly on: RunEvents = {}) {}

  push(chunk: Buffer): void {
    this.take(this.text.write(chunk));
  }

  /** True when the output so far ends with the trailer: yt-dlp has finished. */
  get exited(): boolean {
    return TRAILER.test(this.out.slice(-32));
  }

  /** At end of stream: the exit code (null without a trailer: killed) and the stdout. */
  finish(): { code: number | null; stdout: string } {
    this.take(this.text.end());
    if (this.pid === 0) return { code: null, stdout: this.head }; // never got a VCPID line
    const trailer = TRAILER.exec(this.out);
    if (trailer) return { code: Number(trailer[1]), stdout: this.out.slice(0, trailer.index) };
    if (this.held !== null) this.on.line?.(this.held);
    if (this.partial !== '') this.on.line?.(this.partial);
    return { code: null, stdout: this.out };
  }

  private take(text: string): void {
    if (text === '') return;
    if (this.pid === 0) {
      this.head += text;
      const nl = this.head.indexOf('\n');
      if (nl < 0) return;
      const m = /^VCPID (\d+)$/.exec(this.head.slice(0, nl));
      this.pid = m ? Number(m[1]) : -1;
      text = this.head.slice(nl + 1);
      this.head = '';
      if (this.pid > 0) this.on.pid?.(this.pid);
    }
    this.out += text;
    if (this.on.line) this.lines(text, this.on.line);
  }

  private lines(text: string, emit: (line: string) => void): void {
    const parts = (this.partial + text).split(/\r\n|\r|\n/);
    this.partial = parts.pop() ?? '';
    if (this.partial.length > MAX_PARTIAL) this.partial = this.partial.slice(-MAX_PARTIAL);
    for (const line of parts) {
      if (line === '') continue;
      if (this.held !== null) emit(this.held);
      this.held = TRAILER_LINE.test(line) ? line : null;
      if (this.held === null) emit(line);
    }
  }
}
