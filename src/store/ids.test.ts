import { describe, expect, it } from 'vitest';
import { UUID_RE, uuidv7 } from './ids.js';

describe('uuidv7', () => {
  it('ids made one after another sort in that order, also within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7());
    for (const id of ids) expect(id).toMatch(UUID_RE);
    expect(ids.every((id, i) => i === 0 || ids[i - 1] < id)).toBe(true);
    const sameMs = Array.from({ length: 100 }, () => uuidv7(1_800_000_000_000));
    expect([...sameMs].sort()).toEqual(sameMs);
    expect(new Set(sameMs).size).toBe(100);
  });

  it('carries the version, the variant and the time', () => {
    const id = uuidv7(1_800_000_000_123);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(1_800_000_000_123);
  });
});
