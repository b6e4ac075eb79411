import { describe, expect, it } from 'vitest';
import { normalizeWords, wer } from './wer.js';

describe('wer', () => {
  it('is 0 for the same words whatever the case and punctuation', () => {
    expect(wer('The quick brown fox.', ' the Quick, brown fox')).toBe(0);
  });
  it('counts substitutions, deletions and insertions over the reference length', () => {
    expect(wer('a b c d', 'a x c d')).toBe(0.25); // 1 substitution
    expect(wer('a b c d', 'a c d')).toBe(0.25); // 1 deletion
    expect(wer('a b c d', 'a b c d e f')).toBe(0.5); // 2 insertions
    expect(wer('a b', '')).toBe(1);
    expect(wer('', '')).toBe(0);
  });
  it('keeps apostrophes and letters of any script', () => {
    expect(normalizeWords("Don't stop — ¡Buenos días!")).toEqual(["don't", 'stop', 'buenos', 'días']);
  });
});
