// Per-key counts of long-lived work in progress (synchronous lookups per account, event
// streams per API key), bounded so one caller cannot hold unbounded engines or sockets.
// In memory: the single-process (SQLite) form of http/limits.ts.

export class KeyedSlots {
  private readonly used = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function (idempotent), or null when `key` already holds `max` slots. */
  take(key: string): (() => void) | null {
    const n = this.used.get(key) ?? 0;
    if (n >= this.max) return null;
    this.used.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.used.get(key) ?? 1) - 1;
      if (left <= 0) this.used.delete(key);
      else this.used.set(key, left);
    };
  }
}
