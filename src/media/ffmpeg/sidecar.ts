// subtitles_mode "files": each subtitle track as a WebVTT side file (the one subtitle format
// browsers play), converted by ffmpeg whatever the platform served (vtt, srt, ass), within the
// same window as the media. Converting also means the file we serve is what ffmpeg parsed, not
// the platform's bytes.
import { localPath, type InputPosition, type MediaInput } from './input.js';

export function sidecarVttArgs(input: MediaInput, at: InputPosition, output: string): string[] {
  return ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-nostats', ...input.args(at), '-map', '0:s:0', '-c:s', 'webvtt', '-f', 'webvtt', localPath(output)];
}
