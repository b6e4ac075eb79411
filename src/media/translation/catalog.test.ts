import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEngine, describePairs, listPairs, loadCatalog, textEngine, type TranslationCatalog } from './catalog.js';
import { libreTranslate, librePairs } from './libretranslate.js';

const catalog: TranslationCatalog = {
  whisperSizes: ['base'],
  apertium: [
    { source: 'en', target: 'es', mode: 'eng-spa' },
    { source: 'es', target: 'en', mode: 'spa-eng' },
  ],
  libre: [
    { source: 'en', target: 'es' },
    { source: 'en', target: 'fr' },
  ],
};

describe('engine choice', () => {
  it('prefers Whisper for X -> English with a multilingual model, else Apertium, else LibreTranslate', () => {
    expect(chooseEngine(catalog, 'de', 'en', 'base')).toBe('whisper');
    expect(chooseEngine(catalog, null, 'en', 'base')).toBe('whisper');
    expect(chooseEngine(catalog, 'es', 'en', 'tiny.en')).toBe('apertium'); // tiny.en cannot translate
    expect(chooseEngine(catalog, 'en', 'es', 'base')).toBe('apertium');
    expect(chooseEngine(catalog, 'en', 'fr', 'base')).toBe('libretranslate');
    expect(chooseEngine(catalog, 'en', 'en', 'base')).toBe('none');
    expect(chooseEngine(catalog, 'de', 'ja', 'base')).toBeNull();
    expect(chooseEngine(catalog, null, 'ja', 'base')).toBeNull();
    expect(textEngine(catalog, 'en', 'es')).toEqual({ engine: 'apertium', mode: 'eng-spa' });
  });
  it('lists each pair once, Whisper as * -> en', () => {
    expect(listPairs(catalog)).toEqual([
      { source_language: '*', target_language: 'en', engine: 'whisper' },
      { source_language: 'en', target_language: 'es', engine: 'apertium' },
      { source_language: 'es', target_language: 'en', engine: 'apertium' },
      { source_language: 'en', target_language: 'fr', engine: 'libretranslate' },
    ]);
    expect(describePairs({ whisperSizes: [], apertium: [], libre: [] })).toBe('none');
  });
});

describe('LibreTranslate-compatible server', () => {
  let server: http.Server;
  let base = '';
  const seen: unknown[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/languages') return void res.end(JSON.stringify([{ code: 'en', name: 'English', targets: ['en', 'fr', 'de'] }]));
        if (req.url === '/translate' && req.method === 'POST') {
          const q = JSON.parse(body) as { q: string[]; source: string; target: string };
          seen.push(q);
          if (q.target === 'de') return void res.writeHead(500).end('{}');
          return void res.end(JSON.stringify({ translatedText: q.q.map((l) => `[${q.target}] ${l}`) }));
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads the pairs and offers them through the catalog', async () => {
    expect(await librePairs(base)).toEqual([
      { source: 'en', target: 'fr' },
      { source: 'en', target: 'de' },
    ]);
    const c = await loadCatalog({ multilingualSizes: [], translateUrl: base, apertiumModesDir: '/nonexistent' });
    expect(chooseEngine(c, 'en', 'fr', 'base')).toBe('libretranslate');
    expect(await librePairs('http://127.0.0.1:1')).toEqual([]);
  });
  it('translates all segments in one request, in order', async () => {
    expect(await libreTranslate(base, ['one', 'two'], 'en', 'fr', { timeoutMs: 5000 })).toEqual({ ok: true, lines: ['[fr] one', '[fr] two'] });
    expect(seen.at(-1)).toEqual({ q: ['one', 'two'], source: 'en', target: 'fr', format: 'text' });
  });
  it('reports a failing server as a value', async () => {
    expect(await libreTranslate(base, ['x'], 'en', 'de', { timeoutMs: 5000 })).toEqual({ ok: false, detail: 'translation server answered 500' });
    const down = await libreTranslate('http://127.0.0.1:1', ['x'], 'en', 'fr', { timeoutMs: 5000 });
    expect(down.ok).toBe(false);
  });
});
