import { randomBytes } from 'node:crypto';

/** The millisecond of the last id and its 12-bit counter (RFC 9562 method 1). */
let lastMs = -1;
let counter = 0;

/**
 * UUIDv7: time-ordered, so ordering by id is ordering by creation. That makes
 * "newest first" lists and cursors a single indexed column on both databases. Within one
 * millisecond the 12 bits after the version count up (from a random start in the lower half),
 * so ids a process makes one after another also sort in that order: claims take an account's
 * jobs first in, first out.
 */
export function uuidv7(now: number = Date.now()): string {
  const b = randomBytes(16);
  if (now === lastMs && counter < 0xfff) counter += 1;
  else counter = b.readUInt16BE(6) & 0x7ff;
  lastMs = now;
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Timestamps are stored as fixed-width ISO strings so they sort as text on both databases. */
export function nowIso(now: number = Date.now()): string {
  return new Date(now).toISOString();
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
