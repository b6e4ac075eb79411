// bench/speech: per installed Whisper size, on ~45 s of generated English speech:
//   - real-time factor of our job (POST /v1/transcribe to completion, warm worker) and of
//     faster-whisper run directly (a warm model in a plain Python process, same file, same
//     options), their ratio (the job's overhead: fetch, ffmpeg, queue, files), and the WER.
//   - WER on real recorded English speech with reference transcripts, where Debian ships some:
//     pocketsphinx-testdata (LibriVox "Sense and Sensibility" read aloud, 5 utterances, 25 s;
//     CMU's card-game commands, 5 utterances, 10 s), through the same jobs.
// Targets on 2 CPU cores: base RTF <= 0.25 with WER <= 10 %, tiny <= 0.12, overhead <= 1.10x.
// Sizes in VC_WHISPER_MODELS_DIR (pulled or an operator's folders) are measured too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { median, startBench, timeit } from './harness.js';
import { REPO } from '../test/helpers/service.js';
import { makeSpeech, serveDir, SPEECH } from '../test/helpers/speech.js';
import { wer } from '../test/helpers/wer.js';
import { BEAM_SIZE } from '../src/jobs/transcribe.js';
import { loadConfig } from '../src/config.js';

const rounds = Number(process.env.ROUNDS ?? 3);
const PYTHON = path.join(REPO, '.venv', 'bin', 'python');

// faster-whisper with nothing of ours around it: load once, then time transcribe() + reading
// every segment (it is a generator) for each path sent on stdin.
const DIRECT = `
import json, sys, time, os
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
import models
from faster_whisper import WhisperModel
size = sys.argv[2]
m = WhisperModel(models.ensure(size), device=sys.argv[4], compute_type=sys.argv[5], cpu_threads=os.cpu_count())  # models.ensure: VC_WHISPER_MODELS_DIR too
print('ready', flush=True)
for line in sys.stdin:
    t = time.perf_counter()
    segs, info = m.transcribe(line.strip(), beam_size=int(sys.argv[3]), word_timestamps=True, vad_filter=True, condition_on_previous_text=False, language='en' if size.endswith('.en') else None)
    text = ' '.join(s.text.strip() for s in segs)
    print(json.dumps({'seconds': time.perf_counter() - t, 'duration': info.duration, 'text': text}), flush=True)
`;

/** Same device and compute type as the service's workers (device.ts), so the ratio compares like with like. */
function directRunner(size: string, device: { device: string; computeType: string }) {
  const env = { ...process.env, HF_HUB_OFFLINE: '1', VC_WHISPER_MODELS_DIR: MODELS_DIR };
  const proc = spawn(PYTHON, ['-c', DIRECT, path.join(REPO, 'src/media/whisper'), size, String(BEAM_SIZE), device.device, device.computeType], { stdio: ['pipe', 'pipe', 'inherit'], env });
  const lines = readline.createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  return {
    ready: next(),
    async run(file: string) {
      proc.stdin.write(`${file}\n`);
      return JSON.parse(await next()) as { seconds: number; duration: number; text: string };
    },
    close: () => proc.kill(),
  };
}

const MODELS_DIR = loadConfig().whisperModelsDir;
const b = await startBench({ VC_JOB_CONCURRENCY: '1', VC_WHISPER_MODELS_DIR: MODELS_DIR });
const clips = makeSpeech();
const files = await serveDir(path.dirname(clips.bench));

async function job(size: string, url = files.url('bench.wav')): Promise<string> {
  const res = await fetch(`${b.base}/v1/transcribe`, { method: 'POST', headers: b.auth, body: JSON.stringify({ url, model_size: size, output_format: 'srt' }) });
  if (res.status !== 202) throw new Error(`transcribe ${res.status}: ${await res.text()}`);
  const { job_id } = (await res.json()) as { job_id: string };
  const events = await fetch(`${b.base}/v1/jobs/${job_id}/events`, { headers: b.auth });
  if (!(await events.text()).includes('event: completed')) throw new Error(`job ${job_id} did not complete`);
  const view = (await (await fetch(`${b.base}/v1/jobs/${job_id}`, { headers: b.auth })).json()) as { result: { text: string } };
  return view.result.text;
}

const TARGET_RTF: Record<string, number> = { base: 0.25, tiny: 0.12, 'tiny.en': 0.12 };
try {
  const models = await b.service.engines.whisper.models();
  const device = await b.service.engines.whisper.device();
  console.log(`speech bench: ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}, beam ${BEAM_SIZE}, ${device.device} ${device.computeType}; sizes ${Object.keys(models.installed).join(', ')}; missing ${Object.keys(models.missing).join(', ')}`);
  for (const size of Object.keys(models.installed)) {
    const direct = directRunner(size, device);
    await direct.ready;
    let text = await job(size); // warm the worker (model load) and the page cache
    const first = await direct.run(clips.bench);
    const duration = first.duration;
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(await timeit(async () => (text = await job(size))));
      raw.push((await direct.run(clips.bench)).seconds * 1000);
    }
    direct.close();
    const rtf = median(ours) / 1000 / duration;
    const rawRtf = median(raw) / 1000 / duration;
    const ratio = median(ours) / median(raw);
    const score = wer(SPEECH.bench.text, text);
    const target = TARGET_RTF[size];
    const verdict = [target !== undefined ? `rtf ${rtf <= target ? 'ok' : 'MISSED'} (<= ${target})` : null, size === 'base' ? `wer ${score <= 0.1 ? 'ok' : 'MISSED'} (<= 10%)` : null, `overhead ${ratio <= 1.1 ? 'ok' : 'MISSED'} (<= 1.10x)`].filter(Boolean).join(', ');
    console.log(
      `transcribe ${size.padEnd(8)} ${duration.toFixed(1)} s audio  job ${median(ours).toFixed(0).padStart(6)} ms (RTF ${rtf.toFixed(3)})  ` +
        `faster-whisper ${median(raw).toFixed(0).padStart(6)} ms (RTF ${rawRtf.toFixed(3)})  ratio ${ratio.toFixed(2)}x  WER ${(score * 100).toFixed(1)}%  [${verdict}]  (median of ${rounds})`,
    );
  }
  await realSpeech(Object.keys(models.installed));
} finally {
  await files.close();
  await b.close();
}

// Real recordings: Debian's pocketsphinx-testdata (installed by `make setup`).
async function realSpeech(sizes: string[]): Promise<void> {
  const root = '/usr/share/pocketsphinx/test/data';
  if (!fs.existsSync(path.join(root, 'librivox'))) {
    console.log('real speech: pocketsphinx-testdata is not installed (make setup); skipped');
    return;
  }
  // "<s> words </s> (file-id)" per line
  const refs: { set: string; file: string; text: string }[] = [];
  for (const set of ['librivox', 'cards']) {
    const lines = fs.readFileSync(path.join(root, set, set === 'cards' ? 'cards.transcription' : 'transcription'), 'utf8').trim().split('\n');
    for (const l of lines) {
      const m = /^<s>\s*(.*?)\s*<\/s>\s*\((.+)\)$/.exec(l.trim());
      if (m) refs.push({ set, file: path.join(root, set, `${m[2]}.wav`), text: m[1] });
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-real-speech-'));
  for (const r of refs) fs.symlinkSync(r.file, path.join(dir, path.basename(r.file)));
  const served = await serveDir(dir);
  try {
    for (const size of sizes) {
      const errors: Record<string, [number, number]> = {};
      for (const r of refs) {
        const text = await job(size, served.url(path.basename(r.file)));
        const words = r.text.split(/\s+/).length;
        const e = (errors[r.set] ??= [0, 0]);
        e[0] += wer(r.text, spokenForm(text)) * words;
        e[1] += words;
      }
      const cells = Object.entries(errors).map(([set, [err, words]]) => `${set} ${((100 * err) / words).toFixed(1)}% of ${words} words`);
      console.log(`real speech ${size.padEnd(8)} WER ${cells.join(', ')}`);
    }
  } finally {
    await served.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The references spell numbers and titles out ("ten of clubs", "mister"); Whisper writes "10", "Mr.". */
function spokenForm(text: string): string {
  const ones = 'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(' ');
  const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
  const say = (n: number): string => (n < 20 ? ones[n] : `${tens[Math.floor(n / 10)]}${n % 10 ? ` ${ones[n % 10]}` : ''}`);
  return text
    .replace(/\bMr\.?(?=\s)/g, 'mister')
    .replace(/\bMrs\.?(?=\s)/g, 'missus')
    .replace(/\b\d{1,2}\b/g, (d) => say(Number(d)));
}
