import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseRoute, describePairs, listPairs, loadCatalog, routesFor, sourcesInto, type TranslationCatalog } from './catalog.js';
import { libreTranslate, librePairs } from './libretranslate.js';
import type { QualityTable } from './quality.js';
import type { TextLeg } from './text-engines.js';

const legs: TextLeg[] = [
  { engine: 'apertium', source: 'en', target: 'es', mode: 'eng-spa' },
  { engine: 'apertium', source: 'es', target: 'en', mode: 'spa-eng' },
  { engine: 'bergamot', source: 'en', target: 'pt' },
  { engine: 'bergamot', source: 'pt', target: 'en' },
  { engine: 'libretranslate', source: 'en', target: 'es' },
  { engine: 'libretranslate', source: 'en', target: 'fr' },
];
const none: QualityTable = { default_size: 'base', sizes: {} };
const measured: QualityTable = {
  default_size: 'base',
  sizes: {
    base: {
      'es-en': { whisper: { speech: 41.2, text: null }, apertium: { speech: 52.5, text: 61 } },
      'pt-en': { whisper: { speech: 58, text: null }, bergamot: { speech: 49, text: 70 } },
      'es-pt': { 'apertium+bergamot': { speech: 38.4, text: 45 } },
    },
  },
};
const catalog = (quality: QualityTable): TranslationCatalog => ({ whisperSizes: ['base'], legs, quality });
const engines = (c: TranslationCatalog, s: string, t: string, size = 'base') => routesFor(c, s, t, size).map((r) => r.engine);

describe('route choice', () => {
  it('without measurements: Whisper for X -> English with a multilingual model, then Apertium, Bergamot, LibreTranslate', () => {
    const c = catalog(none);
    expect(engines(c, 'de', 'en')).toEqual(['whisper']);
    expect(engines(c, 'es', 'en')).toEqual(['whisper', 'apertium']);
    expect(engines(c, 'es', 'en', 'tiny.en')).toEqual(['apertium']); // tiny.en cannot translate
    expect(engines(c, 'en', 'es')).toEqual(['apertium', 'libretranslate']);
    expect(engines(c, 'en', 'fr')).toEqual(['libretranslate']);
    expect(engines(c, 'de', 'ja')).toEqual([]);
    expect(engines(c, 'es', 'pt')).toEqual([]); // a pivot is offered only once measured
  });
  it('takes the best measured route; unmeasured ones come after; callers can force an engine', () => {
    const c = catalog(measured);
    expect(engines(c, 'es', 'en')).toEqual(['apertium', 'whisper']);
    expect(engines(c, 'pt', 'en')).toEqual(['whisper', 'bergamot']);
    expect(chooseRoute(c, 'es', 'en', 'base', 'whisper')?.engine).toBe('whisper');
    expect(chooseRoute(c, 'es', 'en', 'base', 'bergamot')).toBeNull();
    const big = { ...c, whisperSizes: ['base', 'large-v3'] };
    expect(engines(big, 'es', 'en', 'large-v3')).toEqual(['apertium', 'whisper']); // unmeasured size: base's numbers
    const pivot = chooseRoute(c, 'es', 'pt', 'base');
    expect(pivot).toMatchObject({ engine: 'pivot', legs: [{ engine: 'apertium', source: 'es', target: 'en' }, { engine: 'bergamot', source: 'en', target: 'pt' }] });
  });
  it('source left to detection: which sources reach the target', () => {
    const c = catalog(measured);
    expect(sourcesInto(c, 'en', 'base')).toEqual(expect.arrayContaining(['*', 'es', 'pt']));
    expect(sourcesInto(c, 'pt', 'base')).toEqual(expect.arrayContaining(['en', 'es']));
    expect(sourcesInto(c, 'ja', 'base')).toEqual([]);
    expect(sourcesInto(c, 'en', 'base', 'apertium')).toEqual(['es']);
  });
  it('lists each pair once with its default route, measured quality and the alternatives', () => {
    const pairs = listPairs(catalog(measured), 'base');
    expect(pairs[0]).toEqual({ source_language: '*', target_language: 'en', engine: 'whisper', route: 'whisper *->en', chrf: null, alternatives: [] });
    expect(pairs).toContainEqual({
      source_language: 'es',
      target_language: 'en',
      engine: 'apertium',
      route: 'apertium es->en',
      chrf: 52.5,
      alternatives: [{ engine: 'whisper', route: 'whisper es->en', chrf: 41.2 }],
    });
    expect(pairs).toContainEqual(expect.objectContaining({ source_language: 'es', target_language: 'pt', engine: 'pivot', route: 'apertium es->en, bergamot en->pt', chrf: 38.4 }));
    expect(pairs.filter((p) => p.source_language === 'en' && p.target_language === 'es')).toHaveLength(1);
    expect(describePairs({ whisperSizes: [], legs: [], quality: none }, 'base')).toBe('none');
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
    const c = await loadCatalog({ multilingualSizes: [], translateUrl: base, apertiumModesDir: '/nonexistent', python: '/nonexistent/bin/python', quality: none });
    expect(chooseRoute(c, 'en', 'fr', 'base')?.engine).toBe('libretranslate');
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
