// How fast each model size runs on this host: the real-time factor (seconds of decoding per
// second of audio; 0.1 = ten times faster than real time) of the last requests, measured by
// the workers around the decode itself (model loading excluded). Kept in memory: it describes
// this process on this machine, and a restart (a new device, other load) starts afresh.
const KEEP = 20;

export interface SizeSpeed {
  /** Median real-time factor of the last requests; null before the first one. */
  realtime_factor: number | null;
  /** How many requests the median covers. */
  samples: number;
}

export class SpeedLog {
  private readonly bySize = new Map<string, number[]>();

  record(size: string, seconds: number, audioSeconds: number): void {
    if (!(seconds > 0) || !(audioSeconds > 0)) return;
    const list = this.bySize.get(size) ?? [];
    list.push(seconds / audioSeconds);
    if (list.length > KEEP) list.shift();
    this.bySize.set(size, list);
  }

  get(size: string): SizeSpeed {
    const list = [...(this.bySize.get(size) ?? [])].sort((a, b) => a - b);
    if (list.length === 0) return { realtime_factor: null, samples: 0 };
    const mid = Math.floor(list.length / 2);
    const median = list.length % 2 ? list[mid] : (list[mid - 1] + list[mid]) / 2;
    return { realtime_factor: Math.round(median * 1000) / 1000, samples: list.length };
  }
}
