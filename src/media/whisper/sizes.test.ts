// The TypeScript lists must match what the Python side (models.py, faster-whisper) knows.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_SIZES, SIZE_ALIASES, WHISPER_LANGUAGES, canonicalSize, isEnglishOnly, whisperLanguage } from './sizes.js';

const PYTHON = path.resolve('.venv/bin/python');
const py = (code: string) => JSON.parse(execFileSync(PYTHON, ['-c', code], { cwd: path.resolve('src/media/whisper'), encoding: 'utf8' })) as unknown;

describe('model sizes and languages', () => {
  it('are the ones models.py pulls and faster-whisper recognises', () => {
    const [repos, aliases, langs, fw] = py(
      'import json, models; from faster_whisper.tokenizer import _LANGUAGE_CODES as L; from faster_whisper.utils import _MODELS as M; print(json.dumps([models.HUB_REPOS, models.ALIASES, list(L), M]))',
    ) as [Record<string, string>, Record<string, string>, string[], Record<string, string>];
    expect(Object.keys(repos).sort()).toEqual([...MODEL_SIZES].sort());
    expect(aliases).toEqual(SIZE_ALIASES);
    expect([...WHISPER_LANGUAGES].sort()).toEqual([...langs].sort());
    // The same repositories faster-whisper itself downloads by name.
    for (const size of MODEL_SIZES) expect(repos[size]).toBe(fw[size]);
  });
  it('maps names and codes', () => {
    expect(canonicalSize('turbo')).toBe('large-v3-turbo');
    expect(canonicalSize('base')).toBe('base');
    expect(isEnglishOnly('tiny.en')).toBe(true);
    expect(isEnglishOnly('large-v3')).toBe(false);
    expect(whisperLanguage('es')).toBe('es');
    expect(whisperLanguage('jv')).toBe('jw');
    expect(whisperLanguage('xx')).toBeNull();
  });
});
