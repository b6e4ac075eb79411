import { randomBytes } from 'node:crypto';

/**
 * UUIDv7: time-ordered, so ordering by id is ordering by creation. That makes
 * "newest first" lists and cursors a single indexed column on both databases.
 */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Timestamps are stored as fixed-width ISO strings so they sort as text on both databases. */
export function nowIso(now: number = Date.now()): string {
  return new Date(now).toISOString();
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
