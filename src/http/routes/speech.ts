// POST /v1/transcribe, POST /v1/translate and GET /v1/translate/languages.
import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { requireAuth } from '../guard.js';
import { CommonJobOptions, errorResponses } from '../schemas.js';
import { postJobRoute } from './job-route.js';
import { invalid, requireModel, spokenLanguage, transcribeModelsRoute } from './speech-models.js';
import { SPEECH_FORMATS, type TranscribePayload } from '../../jobs/transcribe.js';
import type { TranslatePayload } from '../../jobs/translate.js';
import { chooseRoute, describePairs, ENGINE_CHOICES, listPairs, loadCatalog, sourcesInto } from '../../media/translation/catalog.js';
import { QUALITY } from '../../media/translation/quality.js';
import type { ModelCatalog } from '../../media/whisper/catalog.js';
import { canonicalSize, MODEL_SIZES, SIZE_ALIASES } from '../../media/whisper/sizes.js';

const lit = <T extends string>(values: readonly T[]) => values.map((v) => Type.Literal(v));
const Lang = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639-1 code, e.g. en, es, de' });

const speechOptions = {
  url: Type.String({ minLength: 1, maxLength: 4096 }),
  output_format: Type.Union(lit(SPEECH_FORMATS), { default: 'json' }),
  model_size: Type.Union(lit([...MODEL_SIZES, ...Object.keys(SIZE_ALIASES)]), {
    default: 'base',
    description: 'turbo = large-v3-turbo. Sizes not installed answer 422 naming the installed ones (GET /v1/transcribe/models).',
  }),
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
    engine: Type.Union(lit(ENGINE_CHOICES), {
      default: 'auto',
      description: 'auto: the route with the best measured quality for the pair (GET /v1/translate/languages); or force one engine',
    }),
    ...CommonJobOptions,
  },
  { additionalProperties: false },
);

const Route = Type.Object({ engine: Type.String(), route: Type.String(), chrf: Type.Union([Type.Number(), Type.Null()]) });
const Pair = Type.Object({
  source_language: Type.String(),
  target_language: Type.String(),
  engine: Type.String({ description: 'the default engine: whisper, apertium, bergamot, libretranslate or pivot (two engines through English)' }),
  route: Type.String({ description: 'the engines of the default route, in order' }),
  chrf: Type.Union([Type.Number(), Type.Null()], { description: 'chrF (0-100) of the default route on speech, measured by bench/translate.ts; null = not measured' }),
  alternatives: Type.Array(Route, { description: 'other routes, forced with `engine`' }),
});
const Languages = Type.Object({
  pairs: Type.Array(Pair, { description: 'source_language "*" = any language Whisper knows (100)' }),
  model_sizes: Type.Array(Type.String()),
  missing_model_sizes: Type.Array(Type.String()),
});

export function speechRoutes(app: App): void {
  postJobRoute(app, {
    path: '/v1/transcribe',
    jobType: 'transcribe',
    tags: ['speech'],
    summary: 'Transcribe speech with Whisper (async job, 3 credits)',
    description: 'Result: language, language_probability, duration, text, segments[{id,start,end,text,words[{start,end,word,probability}]}]; download_url serves json, srt, vtt or txt (cues of at most 2 lines of 42 characters and 7 s).',
    body: TranscribeBody,
    payload: async (body): Promise<TranscribePayload> => {
      const language = spokenLanguage('language', body.language);
      const { size } = await requireModel(app, body.model_size, language);
      return { url: body.url, language, output_format: body.output_format, word_timestamps: body.word_timestamps, model_size: size, vad_filter: body.vad_filter };
    },
  });

  postJobRoute(app, {
    path: '/v1/translate',
    jobType: 'translate',
    tags: ['speech'],
    summary: 'Transcribe and translate speech (async job, 4 credits)',
    description:
      'Each pair takes the route with the best measured quality (GET /v1/translate/languages) unless `engine` forces one: Whisper (any language into English), Apertium, Bergamot, a LibreTranslate server (VC_TRANSLATE_URL), or two of them through English. Translated cues are re-timed to the reading rules. Unsupported pairs answer 422 listing the supported ones.',
    body: TranslateBody,
    payload: async (body): Promise<TranslatePayload> => {
      const source = spokenLanguage('source_language', body.source_language);
      const { size, models } = await requireModel(app, body.model_size, source);
      const catalog = await catalogOf(app, models);
      const target = body.target_language;
      const ok = source === null ? sourcesInto(catalog, target, size, body.engine).length > 0 : source === target || chooseRoute(catalog, source, target, size, body.engine) !== null;
      if (!ok) {
        const supported = listPairs(catalog, size);
        const known = supported.some((p) => p.target_language === target);
        const forced = body.engine === 'auto' ? '' : ` with engine ${body.engine}`;
        const msg = known || body.engine !== 'auto'
          ? `No installed engine translates ${source ?? '(any)'} -> ${target}${forced} with model ${size}.`
          : `"${target}" is not a language any installed engine translates into.`;
        throw invalid('target_language', `${msg} Supported: ${describePairs(catalog, size)}.`, { supported_pairs: supported });
      }
      return { url: body.url, target_language: target, source_language: source, output_format: body.output_format, model_size: size, engine: body.engine };
    },
  });

  transcribeModelsRoute(app);

  app.get(
    '/v1/translate/languages',
    {
      schema: {
        tags: ['speech'],
        summary: 'Translation pairs with their engine and measured quality, and the installed model sizes (free)',
        querystring: Type.Object({ model_size: Type.Optional(Type.String({ description: 'pairs for this size (default base)' })) }, { additionalProperties: false }),
        response: { 200: Languages, ...errorResponses(401, 422, 429) },
      },
    },
    async (request) => {
      requireAuth(request);
      const models = await app.deps.engines.whisper.models();
      const size = canonicalSize((request.query as { model_size?: string }).model_size ?? 'base');
      return {
        pairs: listPairs(await catalogOf(app, models), size),
        model_sizes: Object.keys(models.installed),
        missing_model_sizes: Object.keys(models.missing).filter((s) => s !== '*'),
      };
    },
  );
}

function catalogOf(app: App, models: ModelCatalog) {
  return loadCatalog({
    multilingualSizes: Object.entries(models.installed).filter(([, m]) => m.multilingual).map(([s]) => s),
    translateUrl: app.deps.config.translateUrl,
    python: app.deps.engines.whisper.python,
    quality: QUALITY,
  });
}
