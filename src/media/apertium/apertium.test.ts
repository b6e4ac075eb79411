import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APERTIUM_MODES_DIR, apertiumArgs, installedPairs, pairsFromModes, toIso1, translateLines } from './apertium.js';

describe('apertium pairs', () => {
  it('maps 3-letter and 2-letter modes to ISO 639-1 pairs and skips variants', () => {
    expect(pairsFromModes(['eng-spa', 'spa-eng', 'spa-eng_US', 'en-ca', 'xxx-eng', 'README'])).toEqual([
      { source: 'en', target: 'es', mode: 'eng-spa' },
      { source: 'es', target: 'en', mode: 'spa-eng' },
      { source: 'en', target: 'ca', mode: 'en-ca' },
    ]);
    expect(toIso1('deu')).toBe('de');
    expect(toIso1('zzz')).toBeNull();
  });
  it('builds argv with unknown-word marks off, files last', () => {
    expect(apertiumArgs('eng-spa', '/w/in', '/w/out')).toEqual(['-u', '-f', 'txt', 'eng-spa', '/w/in', '/w/out']);
  });
  it('lists nothing when apertium is not installed', async () => {
    expect(await installedPairs('/nonexistent/modes')).toEqual([]);
  });
});

describe.skipIf(!existsSync(path.join(APERTIUM_MODES_DIR, 'eng-spa.mode')))('apertium eng-spa (installed)', () => {
  it('translates line by line, keeping one line per segment', async () => {
    expect(await installedPairs()).toContainEqual({ source: 'en', target: 'es', mode: 'eng-spa' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vc-apertium-'));
    try {
      const r = await translateLines('eng-spa', ['The dog is big.', 'I live in a small house.', ''], { workDir: dir, timeoutMs: 30_000 });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.lines).toHaveLength(3);
      expect(r.lines[0].toLowerCase()).toContain('perro');
      expect(r.lines[1].toLowerCase()).toContain('casa');
      expect(r.lines[2]).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
