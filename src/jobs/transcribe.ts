// POST /v1/transcribe: audio -> faster-whisper worker -> json/srt/vtt/txt shaped for reading.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jobFailure } from '../errors.js';
import { shapeSegments } from '../media/subtitles/cues.js';
import { TEXT_MIME, toSrt, toTxt, toVtt } from '../media/subtitles/format.js';
import type { WhisperSegment, WhisperTranscript } from '../media/whisper/protocol.js';
import { fetchAudio } from '../media/source/audio.js';
import type { FileResult, HandlerOutcome, JobContext } from './types.js';

export type SpeechFormat = 'json' | 'srt' | 'vtt' | 'txt';
export const SPEECH_FORMATS = ['json', 'srt', 'vtt', 'txt'] as const;
/** Greedy decoding: beam 5 took 1.2-1.6x as long on the bench clip for the same words (docs/speech.md). */
export const BEAM_SIZE = 1;

export interface TranscribePayload {
  url: string;
  language: string | null;
  output_format: SpeechFormat;
  word_timestamps: boolean;
  model_size: string;
  vad_filter: boolean;
}

export interface TranscribeResult extends FileResult {
  language: string;
  language_probability: number;
  duration: number;
  text: string;
  segments: WhisperSegment[];
  model_size: string;
}

/** Progress bands: fetching audio, then the engine's position in the audio. */
export const AUDIO_SHARE = 15;

export function joinText(segments: { text: string }[]): string {
  return segments
    .map((s) => s.text.trim())
    .filter(Boolean)
    .join(' ');
}

/** Runs Whisper on `wav`, reporting progress between `from` and `to` percent. */
export async function runWhisper(
  ctx: JobContext,
  wav: string,
  req: { modelSize: string; language: string | null; task: 'transcribe' | 'translate'; wordTimestamps: boolean; vadFilter: boolean },
  from: number,
  to: number,
  stage: string,
) {
  ctx.progress(from, stage);
  const out = await ctx.engines.whisper.transcribe(
    { audio: wav, modelSize: req.modelSize, language: req.language, task: req.task, wordTimestamps: req.wordTimestamps, vadFilter: req.vadFilter, beamSize: BEAM_SIZE },
    {
      signal: ctx.signal,
      timeoutMs: ctx.remainingMs(),
      onSpawn: (pid) => ctx.onProcess(pid),
      onProgress: (pos, dur) => ctx.progress(from + ((to - from) * Math.min(1, dur > 0 ? pos / dur : 0)), stage),
    },
  );
  ctx.onProcess(null);
  return out;
}

export function renderTranscript(format: SpeechFormat, t: WhisperTranscript, json: unknown): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(json, null, 2)}\n`;
    case 'srt':
      return toSrt(shapeSegments(t.segments));
    case 'vtt':
      return toVtt(shapeSegments(t.segments));
    case 'txt':
      return toTxt(t.segments);
  }
}

export async function runTranscribe(p: TranscribePayload, ctx: JobContext): Promise<HandlerOutcome<TranscribeResult>> {
  const catalog = await ctx.engines.whisper.models();
  if (!catalog.installed[p.model_size]) return { ok: false, failure: jobFailure('server_error', `Model size ${p.model_size} is no longer installed.`) };
  const audio = await fetchAudio(p.url, ctx, 0, AUDIO_SHARE);
  if (!audio.ok) return audio;
  const out = await runWhisper(
    ctx,
    audio.wav,
    { modelSize: p.model_size, language: p.language, task: 'transcribe', wordTimestamps: p.word_timestamps, vadFilter: p.vad_filter },
    AUDIO_SHARE,
    97,
    'transcribing',
  );
  if (!out.ok) return out;
  const t = out.transcript;
  const segments = p.word_timestamps ? t.segments : t.segments.map((s) => ({ ...s, words: [] }));
  const body = { language: t.language, language_probability: round(t.language_probability), duration: round(t.duration || audio.duration), text: joinText(segments), segments };
  const filename = `transcript.${p.output_format}`;
  await writeFile(path.join(ctx.outputDir, filename), renderTranscript(p.output_format, { ...t, segments }, body));
  return { ok: true, result: { ...body, model_size: p.model_size, filename, mime_type: TEXT_MIME[p.output_format] } };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
