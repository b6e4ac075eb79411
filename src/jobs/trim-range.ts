// A trimmed download (`start`) that yields nothing: the caller asked for a window past the
// source's end, which the caller may not know (out_of_range, refunded, as for previews) —
// not a media_error/upstream_error about files the caller never saw.
import { jobFailure, type JobFailure } from '../errors.js';

/**
 * out_of_range when `start` lies at or past the declared duration; when the duration is not
 * declared (a direct file), when nothing at all came out of the trimmed download.
 */
export function startPastEnd(start: number | null, declaredDuration: unknown, producedNothing: boolean): JobFailure | null {
  if (start === null || start <= 0) return null;
  if (typeof declaredDuration === 'number' && Number.isFinite(declaredDuration) && declaredDuration > 0) {
    return start >= declaredDuration ? jobFailure('out_of_range', `start (${start} s) is at or past the end of the source (${declaredDuration} s).`) : null;
  }
  return producedNothing ? jobFailure('out_of_range', `Nothing to download from start (${start} s): the source ends before it.`) : null;
}
