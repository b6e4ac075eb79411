// Submit-time checks shared by the speech routes (model size, language), and
// GET /v1/transcribe/models: the installed sizes, where each came from, and how fast it runs here.
import { Type } from '@sinclair/typebox';
import type { App } from '../app.js';
import { ApiError } from '../../errors.js';
import { requireAuth } from '../guard.js';
import { errorResponses } from '../schemas.js';
import type { ModelCatalog } from '../../media/whisper/catalog.js';
import { canonicalSize, isEnglishOnly, whisperLanguage } from '../../media/whisper/sizes.js';

/** A 422 in the contract's shape (detail is a list of {loc,msg,type}) with extra fields. */
export function invalid(field: string, msg: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError('validation_error', [{ loc: ['body', field], msg, type: 'value_error' }], extra);
}

/**
 * The Whisper code for a spoken-language field, or a 422 naming the problem. The schema only
 * checks the shape ("xx" passes it); Whisper would fail the job minutes later.
 */
export function spokenLanguage(field: string, code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null;
  const lang = whisperLanguage(code);
  if (!lang) throw invalid(field, `"${code}" is not a language Whisper recognises. Use an ISO 639-1 code such as en, es, fr, de, pt or ja, or null to detect it.`);
  return lang;
}

/** The canonical installed size, once it is known to exist and to know `language`. */
export async function requireModel(app: App, requested: string, language: string | null): Promise<{ size: string; models: ModelCatalog }> {
  const models = await app.deps.engines.whisper.models();
  const size = canonicalSize(requested);
  const have = Object.keys(models.installed);
  // No operator hints here (how to pull, which package): callers cannot act on them.
  if (!models.installed[size]) throw invalid('model_size', `Model size ${requested} is not installed on this server. Installed: ${have.join(', ') || 'none'}.`, { installed_model_sizes: have });
  if (isEnglishOnly(size) && language && language !== 'en') {
    const multi = have.filter((s) => models.installed[s].multilingual);
    throw invalid('model_size', `Model ${size} only knows English; for ${language} use one of: ${multi.join(', ') || 'none installed'}.`, { installed_model_sizes: have });
  }
  return { size, models };
}

const ModelView = Type.Object({
  model_size: Type.String(),
  source: Type.Union([Type.Literal('package'), Type.Literal('folder'), Type.Literal('pulled')], {
    description: 'package: a PyPI package; folder: a CTranslate2 folder the operator provided; pulled: downloaded with `videoconduit models pull`',
  }),
  multilingual: Type.Boolean({ description: 'false: English only (the .en sizes)' }),
  revision: Type.Union([Type.String(), Type.Null()], { description: 'hub repository@commit of a pulled model' }),
  realtime_factor: Type.Union([Type.Number(), Type.Null()], {
    description: 'seconds of decoding per second of audio on this server (median of the last 20 requests; 0.1 = 10x faster than real time); null until the size has been used',
  }),
  samples: Type.Integer({ description: 'requests the realtime_factor covers' }),
});
const ModelsList = Type.Object({
  models: Type.Array(ModelView),
  device: Type.Object({ device: Type.String(), compute_type: Type.String() }),
  missing_model_sizes: Type.Array(Type.String(), { description: 'sizes of the API that are not installed here' }),
});

export function transcribeModelsRoute(app: App): void {
  app.get(
    '/v1/transcribe/models',
    {
      schema: {
        tags: ['speech'],
        summary: 'Installed Whisper model sizes, their source and measured speed (free)',
        response: { 200: ModelsList, ...errorResponses(401, 429) },
      },
    },
    async (request) => {
      requireAuth(request);
      const pool = app.deps.engines.whisper;
      const [catalog, device] = await Promise.all([pool.models(), pool.device()]);
      return {
        models: Object.entries(catalog.installed).map(([size, m]) => ({
          model_size: size,
          source: m.source,
          multilingual: m.multilingual,
          revision: m.repo && m.revision ? `${m.repo}@${m.revision}` : null,
          ...pool.speed.get(size),
        })),
        device: { device: device.device, compute_type: device.computeType },
        missing_model_sizes: Object.keys(catalog.missing).filter((s) => s !== '*'),
      };
    },
  );
}
