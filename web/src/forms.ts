// The new-job forms as data: one field list per endpoint with the contract's limits (the same
// ones the server's schemas enforce), the price, and the request body a form's values make.
import type { JobType } from './results';

export type FormType = JobType | 'info';
export type Values = Record<string, string | boolean>;

interface Base {
  name: string;
  label: string;
  hint?: string;
  /** Shown only when this returns true (preview options depend on preview_type). */
  when?: (v: Values) => boolean;
}
export type Field =
  | (Base & { kind: 'url'; required?: boolean })
  | (Base & { kind: 'select'; options: string[] | ((ctx: FormContext) => string[]); default: string; numeric?: boolean })
  | (Base & { kind: 'number'; min: number; max: number | ((v: Values) => number); step?: number; placeholder?: string; integer?: boolean })
  | (Base & { kind: 'time'; allowAuto?: boolean })
  | (Base & { kind: 'checkbox'; default: boolean })
  | (Base & { kind: 'text'; pattern?: string; maxLength?: number; placeholder?: string; required?: boolean; list?: (ctx: FormContext) => string[] });

/** What the server says is installed: the model sizes and translation targets. */
export interface FormContext {
  modelSizes: string[];
  targets: string[];
}

// Seconds (12.5), "MM:SS" or "HH:MM:SS(.ms)", as the contract's TimeInput pattern.
export const TIME_PATTERN = String.raw`\d+(\.\d+)?|(\d+:)?\d{1,2}:\d{1,2}(\.\d+)?`;
const LANGUAGE = '[a-z]{2,3}';
const url: Field = { name: 'url', label: 'Video URL', kind: 'url', required: true, hint: 'A page on a video platform or a direct media link.' };
const previewIs = (...types: string[]) => (v: Values) => types.includes(String(v.preview_type));
const models = (ctx: FormContext) => (ctx.modelSizes.length ? ctx.modelSizes : ['base']);
const outputFormat: Field = { name: 'output_format', label: 'File format', kind: 'select', options: ['json', 'srt', 'vtt', 'txt'], default: 'json' };

export const FORMS: Record<FormType, { title: string; summary: string; fields: Field[] }> = {
  download: {
    title: 'Download',
    summary: 'The video or its audio in the format you need, trimmed if you like.',
    fields: [
      url,
      { name: 'format', label: 'Format', kind: 'select', options: ['mp4', 'webm', 'mkv', 'mov', 'mp3', 'm4a', 'opus', 'wav', 'flac', 'original'], default: 'mp4' },
      { name: 'quality', label: 'Quality (highest height)', kind: 'select', options: ['1080p', 'best', '2160p', '1440p', '720p', '480p', '360p', '240p', 'worst'], default: '1080p' },
      { name: 'audio_only', label: 'Audio only', kind: 'checkbox', default: false },
      { name: 'start', label: 'Start at', kind: 'time', hint: 'Seconds, MM:SS or HH:MM:SS. Blank: the beginning.' },
      { name: 'end', label: 'End at', kind: 'time', hint: 'Blank: the end.' },
      { name: 'embed_metadata', label: 'Embed title and other metadata', kind: 'checkbox', default: true },
      { name: 'subtitles', label: 'Subtitle languages to embed', kind: 'text', pattern: String.raw`\s*[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*(\s*,\s*[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*)*\s*`, placeholder: 'en, es', hint: 'Comma-separated codes; blank for none.' },
      { name: 'filename', label: 'File name', kind: 'text', maxLength: 200, hint: 'Optional; made safe by the server.' },
    ],
  },
  preview: {
    title: 'Preview',
    summary: 'A thumbnail, an animated GIF, a mosaic with a storyboard, or a short clip.',
    fields: [
      url,
      { name: 'preview_type', label: 'Preview type', kind: 'select', options: ['thumbnail', 'gif', 'mosaic', 'clip'], default: 'thumbnail' },
      { name: 'timestamp', label: 'Frame at', kind: 'time', allowAuto: true, when: previewIs('thumbnail'), hint: 'Blank: 25% into the video; "auto" picks a sharp, telling frame.' },
      { name: 'start', label: 'Start at', kind: 'time', when: previewIs('gif', 'clip') },
      { name: 'duration', label: 'Length (seconds)', kind: 'number', min: 0.1, max: (v) => (v.preview_type === 'gif' ? 15 : 30), step: 0.1, when: previewIs('gif', 'clip'), hint: 'GIF: up to 15 s (default 5). Clip: up to 30 s (default 10).' },
      { name: 'fps', label: 'Frames per second', kind: 'number', min: 1, max: 20, placeholder: '10', when: previewIs('gif') },
      { name: 'format', label: 'Animation format', kind: 'select', options: ['gif', 'webp'], default: 'gif', when: previewIs('gif') },
      { name: 'columns', label: 'Columns', kind: 'number', min: 1, max: 8, integer: true, placeholder: '4', when: previewIs('mosaic') },
      { name: 'rows', label: 'Rows', kind: 'number', min: 1, max: 8, integer: true, placeholder: '4', when: previewIs('mosaic') },
      { name: 'scene_aware', label: 'Pick frames at scene changes', kind: 'checkbox', default: false, when: previewIs('mosaic') },
      { name: 'width', label: 'Width in pixels', kind: 'number', min: 16, max: 1920, integer: true, placeholder: '480', hint: 'Height follows the aspect ratio.' },
    ],
  },
  transcribe: {
    title: 'Transcribe',
    summary: 'Speech to text with Whisper, timed cue by cue and word by word.',
    fields: [
      url,
      { name: 'language', label: 'Spoken language', kind: 'text', pattern: LANGUAGE, placeholder: 'en', hint: 'ISO 639-1 code; blank to detect it.' },
      { name: 'model_size', label: 'Model', kind: 'select', options: models, default: 'base', hint: 'Only models installed on this server are listed; larger is slower and more accurate.' },
      outputFormat,
      { name: 'word_timestamps', label: 'Time every word', kind: 'checkbox', default: true },
      { name: 'vad_filter', label: 'Skip silence (voice activity detection)', kind: 'checkbox', default: true },
    ],
  },
  translate: {
    title: 'Translate',
    summary: 'A transcript in another language, side by side with the original.',
    fields: [
      url,
      { name: 'target_language', label: 'Translate into', kind: 'text', pattern: LANGUAGE, required: true, placeholder: 'es', list: (ctx) => ctx.targets, hint: 'ISO 639-1 code.' },
      { name: 'source_language', label: 'Spoken language', kind: 'text', pattern: LANGUAGE, placeholder: 'en', hint: 'Blank to detect it.' },
      { name: 'model_size', label: 'Model', kind: 'select', options: models, default: 'base' },
      outputFormat,
    ],
  },
  fingerprint: {
    title: 'Fingerprint',
    summary: 'Frame hashes and a whole-video fingerprint; finds your earlier videos this one duplicates.',
    fields: [
      url,
      { name: 'timestamp', label: 'Hash the frame at', kind: 'time', hint: 'Blank: 25% into the video.' },
      { name: 'hash_size', label: 'Hash size', kind: 'select', options: ['16', '8', '32'], default: '16', numeric: true },
    ],
  },
  comments: {
    title: 'Comments',
    summary: 'Comments and replies as threads.',
    fields: [
      url,
      { name: 'max_comments', label: 'At most', kind: 'number', min: 1, max: 10000, integer: true, placeholder: '100' },
      { name: 'sort', label: 'Order', kind: 'select', options: ['top', 'new'], default: 'top' },
      { name: 'include_replies', label: 'Include replies', kind: 'checkbox', default: true },
    ],
  },
  info: {
    title: 'Info',
    summary: 'Title, duration, formats and more, right away (no job).',
    fields: [url],
  },
};

export const FORM_TYPES = Object.keys(FORMS) as FormType[];

/** Credits, from the contract's price table. */
export function price(type: FormType, v: Values): number {
  switch (type) {
    case 'download':
      return !v.audio_only && ['best', '1440p', '2160p'].includes(String(v.quality)) ? 2 : 1;
    case 'transcribe':
      return 3;
    case 'translate':
      return 4;
    case 'preview':
    case 'fingerprint':
    case 'comments':
    case 'info':
      return 1;
  }
}

export function visible(type: FormType, v: Values): Field[] {
  return FORMS[type].fields.filter((f) => !f.when || f.when(v));
}

export function initialValues(type: FormType, from: Record<string, unknown> = {}): Values {
  const out: Values = {};
  for (const f of FORMS[type].fields) {
    const given = from[f.name];
    if (given === undefined || given === null) out[f.name] = f.kind === 'checkbox' || f.kind === 'select' ? f.default : '';
    else if (f.kind === 'checkbox') out[f.name] = Boolean(given);
    else out[f.name] = Array.isArray(given) ? given.join(', ') : String(given);
  }
  for (const k of ['webhook_url', 'metadata']) {
    const given = from[k];
    out[k] = given === undefined || given === null ? '' : typeof given === 'string' ? given : JSON.stringify(given);
  }
  return out;
}

/** The JSON body for the visible fields; blank optional fields are left out so server defaults apply. */
export function requestBody(type: FormType, v: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of visible(type, v)) {
    const raw = v[f.name];
    if (f.kind === 'checkbox') body[f.name] = Boolean(raw);
    else if (typeof raw !== 'string' || raw.trim() === '') continue;
    else if (f.kind === 'number' || (f.kind === 'select' && f.numeric)) body[f.name] = Number(raw);
    else if (f.kind === 'time') body[f.name] = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw.trim();
    else if (f.name === 'subtitles') body[f.name] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else body[f.name] = raw.trim();
  }
  if (type === 'info') return body;
  if (typeof v.webhook_url === 'string' && v.webhook_url.trim()) body.webhook_url = v.webhook_url.trim();
  if (typeof v.metadata === 'string' && v.metadata.trim()) body.metadata = JSON.parse(v.metadata) as unknown;
  return body;
}
