// Our own small types for what the Whisper worker says, converted at the edge (STYLE.md):
// nothing past parseWorkerLine sees a raw worker field.
export interface WhisperWord {
  start: number;
  end: number;
  word: string;
  probability: number;
}

export interface WhisperSegment {
  id: number;
  start: number;
  end: number;
  text: string;
  words: WhisperWord[];
}

export interface WhisperTranscript {
  language: string;
  language_probability: number;
  duration: number;
  segments: WhisperSegment[];
}

export interface WhisperRequest {
  audio: string;
  modelSize: string;
  language: string | null;
  task: 'transcribe' | 'translate';
  wordTimestamps: boolean;
  vadFilter: boolean;
  /** 1 = greedy decoding; see docs/speech.md for the speed/accuracy numbers. */
  beamSize: number;
}

export type WorkerMessage =
  | { type: 'ready'; device: string; computeType: string }
  | { type: 'info'; id: string; language: string; languageProbability: number; duration: number }
  | { type: 'progress'; id: string; position: number; duration: number }
  /** `elapsed`: seconds the worker spent decoding (model loading excluded). */
  | { type: 'result'; id: string; transcript: WhisperTranscript; elapsed: number }
  | { type: 'error'; id: string | null; code: string; detail: string };

/** The request line for one job (pure; unit-tested). */
export function requestLine(id: string, r: WhisperRequest): string {
  return `${JSON.stringify({
    op: 'transcribe',
    id,
    audio: r.audio,
    model_size: r.modelSize,
    language: r.language,
    task: r.task,
    word_timestamps: r.wordTimestamps,
    vad_filter: r.vadFilter,
    beam_size: r.beamSize,
  })}\n`;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function toSegment(raw: Record<string, unknown>, i: number): WhisperSegment {
  const words = Array.isArray(raw.words) ? (raw.words as Record<string, unknown>[]) : [];
  return {
    id: i,
    start: num(raw.start),
    end: num(raw.end),
    text: str(raw.text).trim(),
    words: words.map((w) => ({ start: num(w.start), end: num(w.end), word: str(w.word), probability: num(w.probability) })),
  };
}

/** One stdout line of the worker, or null for a line that is not ours (a library's print). */
export function parseWorkerLine(line: string): WorkerMessage | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const id = str(raw.id);
  switch (raw.type) {
    case 'ready':
      return { type: 'ready', device: str(raw.device), computeType: str(raw.compute_type) };
    case 'info':
      return { type: 'info', id, language: str(raw.language), languageProbability: num(raw.language_probability), duration: num(raw.duration) };
    case 'progress':
      return { type: 'progress', id, position: num(raw.position), duration: num(raw.duration) };
    case 'result': {
      const segs = Array.isArray(raw.segments) ? (raw.segments as Record<string, unknown>[]) : [];
      return {
        type: 'result',
        id,
        elapsed: num(raw.elapsed),
        transcript: { language: str(raw.language), language_probability: num(raw.language_probability), duration: num(raw.duration), segments: segs.map(toSegment) },
      };
    }
    case 'error':
      return { type: 'error', id: raw.id === null ? null : id, code: str(raw.code), detail: str(raw.detail) };
    default:
      return null;
  }
}
