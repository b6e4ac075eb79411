// The parts of a download beyond the one file: subtitles from our own transcriber
// (subtitles_source "whisper"), WebVTT side files (subtitles_mode "files"), one file per
// chapter (split_chapters). Each engine call is one line returning a value or a JobFailure.
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { safeFilename } from '../files/signing.js';
import { jobFailure, type JobFailure } from '../errors.js';
import { chapterFileName, cutsOnKeyframes, splitArgs } from '../media/ffmpeg/chapters.js';
import { VIDEO_ENCODERS } from '../media/ffmpeg/codecs.js';
import { localMedia, localSubtitles, type MediaInput } from '../media/ffmpeg/input.js';
import type { MediaInfo } from '../media/ffmpeg/media-info.js';
import { cutVtt, toVttArgs } from '../media/ffmpeg/sidecar.js';
import { shapeSegments } from '../media/subtitles/cues.js';
import { toVtt } from '../media/subtitles/format.js';
import { audioExtractArgs } from '../media/whisper/audio.js';
import type { SubtitleTrack } from './download-item.js';
import { BEAM_SIZE } from './transcribe.js';
import type { JobContext } from './types.js';

/** A file an item wrote to the job's output directory. */
export interface OutputFile {
  kind: 'media' | 'chapter' | 'subtitles';
  path: string;
  title: string | null;
  mime: string;
  duration: number | null;
  language: string | null;
}

/**
 * Subtitles from the source's own audio (the job was charged a transcription for it): the
 * first audio stream to 16 kHz WAV, Whisper, cues shaped for reading, WebVTT. null when the
 * source has no audio.
 */
export async function whisperSubtitles(source: MediaInput, info: MediaInfo, o: { model: string; language: string | null }, ctx: JobContext, dir: string): Promise<SubtitleTrack | null | JobFailure> {
  if (!info.hasAudio) return null;
  const wav = path.join(dir, 'speech.wav');
  const audio = await ctx.engines.ffmpeg.run(audioExtractArgs(source, wav, { maxSeconds: ctx.config.maxDurationSeconds }), ctx, { durationSeconds: info.duration, output: wav });
  if ('code' in audio) return audio;
  const out = await ctx.engines.whisper.transcribe(
    { audio: wav, modelSize: o.model, language: o.language, task: 'transcribe', wordTimestamps: false, vadFilter: true, beamSize: BEAM_SIZE },
    { signal: ctx.signal, timeoutMs: ctx.remainingMs(), onSpawn: (pid) => ctx.onProcess(pid) },
  );
  ctx.onProcess(null);
  await rm(wav, { force: true });
  if (!out.ok) return out.failure;
  const language = out.transcript.language || o.language || 'und';
  const file = path.join(dir, `whisper.${safeFilename(language, 'und')}.vtt`);
  await writeFile(file, toVtt(shapeSegments(out.transcript.segments)));
  return { language, source: 'whisper', input: localSubtitles(file), at: {} };
}

/**
 * A platform track as WebVTT cut to the media's window (media/ffmpeg/sidecar.ts): what a trim
 * and subtitles_mode "files" need. Returns the track with its new, already cut, input.
 */
export async function asVtt(t: SubtitleTrack, window: { start: number | null; end: number | null }, ctx: JobContext, dir: string): Promise<SubtitleTrack | JobFailure> {
  const full = path.join(dir, `${safeFilename(t.language, 'und')}.full.vtt`);
  const conv = await ctx.engines.ffmpeg.run(toVttArgs(t.input, full), ctx, { durationSeconds: null, output: full });
  if ('code' in conv) return conv;
  const cut = path.join(dir, `${safeFilename(t.language, 'und')}.cut.vtt`);
  await writeFile(cut, cutVtt(await readFile(full, 'utf8'), window.start ?? 0, window.end));
  return { ...t, input: localSubtitles(cut), at: {} };
}

/** Each track (WebVTT already, asVtt) as `<base>.<lang>.vtt` in the output directory. */
export async function sidecarFiles(tracks: SubtitleTrack[], base: string, outputDir: string): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  const taken = new Set<string>();
  for (const t of tracks) {
    let name = `${base}.${safeFilename(t.language, 'und')}.vtt`;
    for (let n = 2; taken.has(name); n++) name = `${base}.${safeFilename(t.language, 'und')}-${n}.vtt`;
    taken.add(name);
    const out = path.join(outputDir, name);
    await copyFile(t.input.location, out);
    files.push({ kind: 'subtitles', path: out, title: null, mime: 'text/vtt', duration: null, language: t.language });
  }
  return files;
}

/** ffmpeg's muxer for each extension our targets write. */
const MUXERS: Record<string, string> = { mp4: 'mp4', m4a: 'ipod', mov: 'mov', webm: 'webm', mkv: 'matroska', mka: 'matroska', mp3: 'mp3', opus: 'opus', wav: 'wav', flac: 'flac' };
/** The encoder that keeps the file's own video codec when cuts force an encode. */
const SAME_CODEC: Record<string, readonly string[]> = { h264: VIDEO_ENCODERS.h264, hevc: VIDEO_ENCODERS.h265, vp9: VIDEO_ENCODERS.vp9, av1: VIDEO_ENCODERS.av1 };

/**
 * One file per chapter of the finished download, `[prefix]NN - title.ext`, in one ffmpeg pass
 * (chapters.ts): stream copy when every chapter starts on a keyframe, else the video is
 * re-encoded once with keyframes at the starts. A file with fewer than two chapters is kept
 * whole (wholeKept).
 */
export async function splitByChapters(media: { file: string; mime: string; info: MediaInfo }, ext: string, prefix: string, ctx: JobContext, outputDir: string): Promise<{ files: OutputFile[]; wholeKept: boolean } | JobFailure> {
  const { info } = media;
  if (info.chapters.length < 2) {
    const kept = path.join(outputDir, path.basename(media.file));
    await rename(media.file, kept);
    media.file = kept;
    return { files: [{ kind: 'media', path: kept, title: null, mime: media.mime, duration: info.duration, language: null }], wholeKept: true };
  }
  const input = localMedia(media.file);
  const starts = info.chapters.map((c, i) => (i === 0 ? 0 : c.start));
  let copy = !info.hasVideo;
  if (info.hasVideo) {
    const keys = await ctx.engines.ffmpeg.keyframes(input, ctx);
    if ('code' in keys) return keys;
    copy = cutsOnKeyframes(starts, keys, info.fps);
  }
  const dir = path.join(path.dirname(media.file), 'chapters');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const encoder = copy ? null : (SAME_CODEC[info.vcodec ?? ''] ?? (ext === 'webm' ? VIDEO_ENCODERS.vp9 : VIDEO_ENCODERS.h264));
  const split = splitArgs({ input, starts, muxer: MUXERS[ext] ?? 'matroska', ext, videoEncoder: encoder, hasVideo: info.hasVideo, dir });
  const run = await ctx.engines.ffmpeg.run(split.args, ctx, { durationSeconds: info.duration });
  if ('code' in run) return run;
  const files: OutputFile[] = [];
  for (const [i, c] of info.chapters.entries()) {
    const part = split.part(i);
    const probed = await ctx.engines.ffmpeg.probe(localMedia(part), ctx);
    if ('code' in probed) return jobFailure('media_error', `chapter ${i + 1} could not be cut: ${probed.detail}`);
    // A playlist entry's chapters carry the entry's own number and title first (prefix).
    const out = path.join(outputDir, prefix + chapterFileName(i, info.chapters.length, safeFilename(c.title ?? `Chapter ${i + 1}`, `Chapter ${i + 1}`), ext));
    await rename(part, out);
    files.push({ kind: 'chapter', path: out, title: c.title, mime: media.mime, duration: probed.duration, language: null });
  }
  return { files, wholeKept: false };
}
