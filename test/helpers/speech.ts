// Speech clips generated with espeak-ng at test time (nothing committed), and a plain file
// server on 127.0.0.1 for them. Used by test/speech.test.ts and bench/speech.ts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

/** Sentences espeak-ng says clearly enough for tiny/base to get (nearly) every word. */
export const SPEECH = {
  en: { voice: 'en-us', text: 'We are testing a new video service. It can download, transcribe and translate short clips.' },
  es: { voice: 'es', text: 'Buenos días. El tren sale de la estación a las ocho de la mañana.' },
  long: { voice: 'en-us', text: 'One two three four five six seven eight nine ten. '.repeat(6) },
  /**
   * The sentence issue 14 quotes: es -> en must keep its content words. Spoken slower: at the
   * usual 140 words/min base hears espeak's "puente" as "20" or "duente" (measured).
   */
  bridge: { voice: 'es', speed: 120, text: 'Buenos días a todos, hoy vamos a hablar de la historia del puente y de las linternas.' },
  /** One of the few parallel-set sentences base hears right from espeak's Brazilian voice. */
  pt: { voice: 'pt-br', text: 'A cozinha está limpa e a mesa está pronta para o jantar.' },
  /** About 45 s of varied English for the bench's real-time factor and WER. */
  bench: {
    voice: 'en-us',
    text:
      'We are testing a new video service. It can download, transcribe and translate short clips. ' +
      'Speech recognition turns spoken words into written text. This service runs the model on your own computer. ' +
      'The results are saved as subtitles that anyone can read. ' +
      'Please send the report before the end of the week. ' +
      'Our team meets every Monday to plan the work for the next few days. ' +
      'The library opens at nine and closes at six in the evening. ' +
      'Many people like to walk in the park when the sun is shining. ' +
      'Remember to save your files before you close the program. ' +
      'Thank you for listening.',
  },
} as const;

/** Where the clips are cached between runs; a new name whenever a text or voice changes. */
export const SPEECH_DIR = path.join(os.tmpdir(), `vc-speech-${createHash('sha256').update(JSON.stringify(SPEECH)).digest('hex').slice(0, 12)}`);

/** Writes each clip once (22.05 kHz WAV, as espeak-ng makes it: the job converts it). */
export function makeSpeech(dir: string = SPEECH_DIR): Record<keyof typeof SPEECH, string> {
  fs.mkdirSync(dir, { recursive: true });
  const out = {} as Record<keyof typeof SPEECH, string>;
  for (const [name, s] of Object.entries(SPEECH) as [keyof typeof SPEECH, (typeof SPEECH)[keyof typeof SPEECH]][]) {
    const file = path.join(dir, `${name}.wav`);
    const speed = 'speed' in s ? s.speed : 140;
    if (!fs.existsSync(file)) execFileSync('espeak-ng', ['-v', s.voice, '-s', String(speed), '-w', file, s.text]);
    out[name] = file;
  }
  return out;
}

/** A plain file server on 127.0.0.1 for the generated clips. */
export async function serveDir(dir: string): Promise<{ url(name: string): string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    // "/en" serves en.wav too: a URL without a media extension goes through yt-dlp.
    const name = path.basename(req.url ?? '');
    const file = path.join(dir, path.extname(name) ? name : `${name}.wav`);
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: (name) => `http://127.0.0.1:${port}/${name}`, close: () => new Promise((r) => server.close(() => r())) };
}
