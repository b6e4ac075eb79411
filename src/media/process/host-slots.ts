// VC_SOURCE_HOST_CONCURRENCY: at most N engine runs that read from the same source host at
// once in this process (yt-dlp runs by the host of their URL, ffmpeg/ffprobe runs by the host
// of their first network input). Platforms throttle or block an address that opens many
// downloads at once; a run beyond the limit waits its turn (FIFO), bounded by its job's
// deadline and cancelled with it. In memory: several processes each apply their own limit.

export type SlotWait = { ok: true; release: () => void } | { ok: false; why: 'cancelled' | 'timeout' };

export class HostSlots {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  /** `limit` 0 = no limit. */
  constructor(readonly limit: number) {}

  /** Waits for a slot of `host` (lower-cased); abortable, at most `timeoutMs`. */
  async take(host: string, signal: AbortSignal, timeoutMs: number): Promise<SlotWait> {
    const key = host.toLowerCase();
    if (this.limit <= 0) return { ok: true, release: () => undefined };
    if (signal.aborted) return { ok: false, why: 'cancelled' };
    if ((this.running.get(key) ?? 0) < this.limit && !this.waiting.has(key)) return { ok: true, release: this.hold(key) };
    return new Promise<SlotWait>((resolve) => {
      const queue = this.waiting.get(key) ?? [];
      this.waiting.set(key, queue);
      const leave = (why: 'cancelled' | 'timeout') => {
        const i = queue.indexOf(wake);
        if (i >= 0) queue.splice(i, 1);
        if (queue.length === 0) this.waiting.delete(key);
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve({ ok: false, why });
      };
      const onAbort = () => leave('cancelled');
      const timer = setTimeout(() => leave('timeout'), Math.max(0, timeoutMs));
      const wake = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve({ ok: true, release: this.hold(key) });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      queue.push(wake);
    });
  }

  /** Runs now for `host` (for tests and metrics). */
  inUse(host: string): number {
    return this.running.get(host.toLowerCase()) ?? 0;
  }

  private hold(key: string): () => void {
    this.running.set(key, (this.running.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left);
      else this.running.delete(key);
      const queue = this.waiting.get(key);
      const next = queue?.shift();
      if (queue && queue.length === 0) this.waiting.delete(key);
      next?.();
    };
  }
}

/** The host a URL reads from, or null for anything that is not http(s). */
export function sourceHost(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : null;
  } catch {
    return null;
  }
}
