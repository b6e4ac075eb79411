// Documents the egress proxy serves itself: the pinned copies of HLS playlists a preview reads
// (media/source/hls.ts). ffmpeg opens them as http://pinned.videoconduit.invalid/<token>/…
// through the proxy like any other URL, so the input is a network input (web protocols only,
// never `file`) and so are all its nested opens; the name (.invalid never resolves) is only
// ever answered by the proxy, from memory, to a caller holding the proxy's credential.
import { randomBytes } from 'node:crypto';

export const PINNED_HOST = 'pinned.videoconduit.invalid';

export interface Pinned {
  url: string;
  /** Forgets the document (it also expires on its own). */
  release(): void;
}

export interface PinnedDocument {
  type: string;
  body: Buffer;
}

/** Bounded: old documents are dropped first beyond this many bytes in all. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export class PinnedDocuments {
  private readonly docs = new Map<string, PinnedDocument & { until: number }>();
  private bytes = 0;

  /** Serves `body` until released or `ttlMs` from now. */
  pin(body: string, type: string, name: string, ttlMs: number): Pinned {
    this.sweep();
    const path = `/${randomBytes(18).toString('base64url')}/${encodeURIComponent(name)}`;
    const doc = { type, body: Buffer.from(body), until: Date.now() + ttlMs };
    this.docs.set(path, doc);
    this.bytes += doc.body.length;
    for (const [k, d] of this.docs) {
      if (this.bytes <= MAX_TOTAL_BYTES || k === path) break;
      this.forget(k, d);
    }
    return { url: `http://${PINNED_HOST}${path}`, release: () => this.forget(path, this.docs.get(path)) };
  }

  /** The document for a request to `url`, or null when `url` is not ours or has expired. */
  answer(url: URL): PinnedDocument | null {
    if (url.hostname !== PINNED_HOST) return null;
    const doc = this.docs.get(url.pathname);
    return doc && doc.until > Date.now() ? doc : null;
  }

  /** Whether `url` names this store (answered here, found or not; never forwarded). */
  owns(url: URL): boolean {
    return url.hostname === PINNED_HOST;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, d] of this.docs) if (d.until <= now) this.forget(k, d);
  }

  private forget(path: string, doc: PinnedDocument | undefined): void {
    if (!doc || !this.docs.delete(path)) return;
    this.bytes -= doc.body.length;
  }
}
