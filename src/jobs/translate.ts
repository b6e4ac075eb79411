// POST /v1/translate: transcribe, translate segment by segment, re-time the translated cues.
// Routes (media/translation/catalog.ts), the pair's best measured one unless the caller forces
// `engine`: Whisper's translate task for X -> English (works on the audio, so its English
// words carry their own timings), or text engines (Apertium, Bergamot, LibreTranslate, or two
// of them through English) on the transcript, re-timed against the source words.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jobFailure } from '../errors.js';
import { retimeText, shapeSegments, type Cue } from '../media/subtitles/cues.js';
import { TEXT_MIME, toSrt, toTxt, toVtt } from '../media/subtitles/format.js';
import { chooseRoute, describePairs, describeRoute, loadCatalog, type EngineChoice, type TranslateEngine } from '../media/translation/catalog.js';
import { QUALITY } from '../media/translation/quality.js';
import { translateText } from '../media/translation/text-engines.js';
import type { WhisperSegment } from '../media/whisper/protocol.js';
import { fetchAudio } from '../media/source/audio.js';
import { AUDIO_SHARE, joinText, runWhisper, type SpeechFormat } from './transcribe.js';
import type { FileResult, HandlerOutcome, JobContext } from './types.js';

export interface TranslatePayload {
  url: string;
  target_language: string;
  source_language: string | null;
  output_format: SpeechFormat;
  model_size: string;
  /** 'auto' = the pair's best measured route. Older jobs have none. */
  engine?: EngineChoice;
}

export interface TranslatedSegment {
  id: number;
  start: number;
  end: number;
  text: string;
  translated_text: string;
  engine: TranslateEngine;
}

export interface TranslateResult extends FileResult {
  source_language: string;
  target_language: string;
  engine: TranslateEngine;
  /** The engines used, in order ("apertium es->en, bergamot en->pt"). */
  route: string;
  /** The whole translation. */
  text: string;
  source_text: string;
  segments: TranslatedSegment[];
}

/** Source words whose middle falls inside [start, end): the source text of a Whisper-translated segment. */
export function sourceTextIn(segments: WhisperSegment[], start: number, end: number): string {
  const words = segments.flatMap((s) => s.words);
  if (words.length === 0) return joinText(segments.filter((s) => (s.start + s.end) / 2 >= start && (s.start + s.end) / 2 < end));
  return words
    .filter((w) => (w.start + w.end) / 2 >= start && (w.start + w.end) / 2 < end)
    .map((w) => w.word)
    .join('')
    .trim();
}

export async function runTranslate(p: TranslatePayload, ctx: JobContext): Promise<HandlerOutcome<TranslateResult>> {
  const models = await ctx.engines.whisper.models();
  const model = models.installed[p.model_size];
  if (!model) return { ok: false, failure: jobFailure('server_error', `Model size ${p.model_size} is no longer installed.`) };
  const catalog = await loadCatalog({
    multilingualSizes: Object.entries(models.installed).filter(([, m]) => m.multilingual).map(([s]) => s),
    translateUrl: ctx.config.translateUrl,
    python: ctx.engines.whisper.python,
    quality: QUALITY,
  });
  const wanted = p.engine ?? 'auto';
  const known = p.source_language === null ? null : chooseRoute(catalog, p.source_language, p.target_language, p.model_size, wanted);
  const audio = await fetchAudio(p.url, ctx, 0, AUDIO_SHARE);
  if (!audio.ok) return audio;
  // With the source left to detection, Whisper's route is only known after transcribing.
  const useWhisper = known ? known.engine === 'whisper' : p.target_language === 'en' && catalog.whisperSizes.includes(p.model_size) && (wanted === 'auto' || wanted === 'whisper');
  const heard = await runWhisper(
    ctx,
    audio.wav,
    { modelSize: p.model_size, language: p.source_language, task: 'transcribe', wordTimestamps: true, vadFilter: true },
    AUDIO_SHARE,
    useWhisper ? 55 : 85,
    'transcribing',
  );
  if (!heard.ok) return heard;
  const source = heard.transcript;
  const src = source.language;
  let engine: TranslateEngine;
  let route: string;
  let segments: TranslatedSegment[];
  let cues: Cue[];

  const chosen = known ?? chooseRoute(catalog, src, p.target_language, p.model_size, wanted);

  if (src === p.target_language) {
    engine = 'none';
    route = 'none';
    segments = source.segments.map((s) => ({ id: s.id, start: s.start, end: s.end, text: s.text, translated_text: s.text, engine }));
    cues = shapeSegments(source.segments);
  } else if (chosen?.engine === 'whisper') {
    engine = 'whisper';
    route = describeRoute(chosen, src, p.target_language);
    const tr = await runWhisper(
      ctx,
      audio.wav,
      { modelSize: p.model_size, language: src, task: 'translate', wordTimestamps: true, vadFilter: true },
      55,
      95,
      'translating',
    );
    if (!tr.ok) return tr;
    segments = tr.transcript.segments.map((s) => ({ id: s.id, start: s.start, end: s.end, text: sourceTextIn(source.segments, s.start, s.end), translated_text: s.text, engine }));
    cues = shapeSegments(tr.transcript.segments); // English words with their own timings
  } else {
    if (!chosen) {
      const forced = wanted === 'auto' ? '' : ` with engine ${wanted}`;
      return { ok: false, failure: jobFailure('unsupported_language', `No engine translates ${src} (detected) into ${p.target_language}${forced}. Supported: ${describePairs(catalog, p.model_size)}.`) };
    }
    engine = chosen.engine;
    route = describeRoute(chosen, src, p.target_language);
    ctx.progress(88, 'translating');
    const out = await translateText(chosen.legs, source.segments.map((s) => s.text), {
      workDir: ctx.workDir,
      python: ctx.engines.whisper.python,
      translateUrl: ctx.config.translateUrl,
      signal: ctx.signal,
      timeoutMs: Math.min(300_000, ctx.remainingMs()),
      onSpawn: (pid) => ctx.onProcess(pid),
    });
    ctx.onProcess(null);
    if (!out.ok) {
      if (ctx.signal.aborted || out.reason === 'cancelled') return { ok: false, failure: jobFailure('cancelled', 'The job was cancelled.') };
      return { ok: false, failure: jobFailure(out.reason === 'upstream' ? 'upstream_error' : out.reason === 'timeout' ? 'timeout' : 'server_error', out.detail) };
    }
    segments = source.segments.map((s, i) => ({ id: s.id, start: s.start, end: s.end, text: s.text, translated_text: out.lines[i] ?? '', engine }));
    // Translated text has no timings: spread it over its segment, cut at source pauses.
    cues = source.segments.flatMap((s, i) => retimeText(out.lines[i] ?? '', s.start, s.end, s.words));
  }

  const body = {
    source_language: src,
    target_language: p.target_language,
    engine,
    route,
    text: joinText(segments.map((s) => ({ text: s.translated_text }))),
    source_text: joinText(source.segments),
    segments,
  };
  const filename = `translation.${p.target_language}.${p.output_format}`;
  const file =
    p.output_format === 'json'
      ? `${JSON.stringify(body, null, 2)}\n`
      : p.output_format === 'srt'
        ? toSrt(cues)
        : p.output_format === 'vtt'
          ? toVtt(cues)
          : toTxt(segments.map((s) => ({ text: s.translated_text })));
  await writeFile(path.join(ctx.outputDir, filename), file);
  return { ok: true, result: { ...body, filename, mime_type: TEXT_MIME[p.output_format] } };
}
