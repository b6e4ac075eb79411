// Cursor pagination: ids are time-ordered UUIDv7, so the cursor is the last id seen.
import { ApiError } from '../errors.js';
import { UUID_RE } from '../store/ids.js';

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID_RE.test(id)) throw new ApiError('validation_error', [{ loc: ['query', 'cursor'], msg: 'invalid cursor', type: 'cursor' }]);
  return id;
}

/** Rows were fetched with limit + 1 to learn whether more exist. */
export function encodePage<R extends { id: string }, T>(rows: R[], limit: number, map: (r: R) => T) {
  const has_more = rows.length > limit;
  const kept = has_more ? rows.slice(0, limit) : rows;
  return {
    data: kept.map(map),
    has_more,
    next_cursor: has_more ? Buffer.from(kept[kept.length - 1].id).toString('base64url') : null,
  };
}
