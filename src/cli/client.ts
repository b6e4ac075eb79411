// Client commands (contract §11): the API from the shell, through the TypeScript SDK.
// Options are the API fields in kebab case, read from openapi.json (./options.ts).
import { Option, type Command } from 'commander';
import { createClient, VideoConduitError, WaitTimeoutError, type Job, type JobAccepted, type VideoConduit } from '../sdk/index.js';
import { saveJobOutputs } from '../sdk/node.js';
import { CliError, ExitCode } from './errors.js';
import { addBodyOptions, addQueryOptions } from './options.js';
import { intArg } from './operator.js';
import { progressReporter } from './progress.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

interface ClientOpts {
  apiUrl: string;
  apiKey?: string;
  json?: boolean;
}
interface WaitOpts extends ClientOpts {
  wait?: boolean;
  output?: string;
  timeout?: number;
}

function withClientOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--api-url <url>', 'the server').env('VC_API_URL').default(DEFAULT_API_URL))
    .addOption(new Option('--api-key <key>', 'an API key (vc_…)').env('VC_API_KEY'))
    .option('--json', 'print JSON (for scripts)');
}

/** Runs a client action with its SDK; turns API and network errors into one line and an exit code. */
async function withSdk(opts: ClientOpts, fn: (sdk: VideoConduit) => Promise<void>): Promise<void> {
  if (!opts.apiKey) throw new CliError('no API key: pass --api-key or set VC_API_KEY (`videoconduit accounts create` prints one)', ExitCode.Usage);
  if (!/^https?:\/\/[^/]+/.test(opts.apiUrl)) throw new CliError(`--api-url ${opts.apiUrl}: expected an http(s):// URL`, ExitCode.Usage);
  const sdk = createClient({ baseUrl: opts.apiUrl, apiKey: opts.apiKey });
  try {
    await fn(sdk);
  } catch (err) {
    if (err instanceof VideoConduitError) throw new CliError(err.message, ExitCode.Failure);
    if (err instanceof WaitTimeoutError) throw new CliError(err.message, ExitCode.Timeout);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (err instanceof TypeError && cause) throw new CliError(`cannot reach ${opts.apiUrl} (${cause.code ?? cause.message}); is \`videoconduit serve\` running there? (--api-url, VC_API_URL)`, ExitCode.Failure);
    throw err;
  }
}

const json = (v: unknown) => console.log(JSON.stringify(v, null, 2));

function jobText(sdk: VideoConduit, job: Job): string {
  const lines = [`job_id:   ${job.job_id}`, `job_type: ${job.job_type}`, `status:   ${job.status} (${job.progress}%${job.stage ? `, ${job.stage}` : ''})`, `created:  ${job.created_at}`];
  if (job.download_url) lines.push(`download: ${sdk.resolveUrl(job.download_url)}`);
  if (job.error) lines.push(`error:    ${job.error.code}: ${job.error.detail}`);
  if (job.result) lines.push(`result:   ${JSON.stringify(job.result).slice(0, 400)}`);
  return lines.join('\n');
}

/** Follows a job to its end with progress on stderr, saves its outputs, prints it; exit 3 if it failed. */
async function waitAndReport(sdk: VideoConduit, jobId: string, opts: WaitOpts): Promise<void> {
  const progress = progressReporter();
  let job: Job;
  try {
    job = await sdk.waitForJob(jobId, { onProgress: (j) => progress.update(j), timeoutMs: opts.timeout ? opts.timeout * 1000 : undefined });
  } finally {
    progress.done();
  }
  if (opts.json) json(job);
  if (job.status !== 'completed') {
    if (!opts.json) console.log(jobText(sdk, job));
    throw new CliError(`job ${job.job_id} ${job.status}${job.error ? `: ${job.error.code}: ${job.error.detail}` : ''}`, ExitCode.JobFailed);
  }
  if (!opts.json) console.log(jobText(sdk, job));
  if (opts.output) {
    for (const f of await saveJobOutputs(sdk, job, opts.output)) (opts.json ? console.error : console.log)(`wrote ${f.path} (${f.bytes} bytes)`);
  }
}

type Submit = (sdk: VideoConduit, body: Record<string, unknown>, idempotencyKey?: string) => Promise<JobAccepted>;

function jobCommand(program: Command, name: string, apiPath: string, description: string, submit: Submit, tweak?: (cmd: Command) => void): void {
  const cmd = withClientOptions(program.command(name).description(description).argument('<url>', 'the video (or playlist) URL'));
  const body = addBodyOptions(cmd, apiPath, ['url']);
  tweak?.(cmd);
  cmd
    .option('--wait', 'wait for the job to end, with progress on stderr (a bar on a terminal)')
    .option('-o, --output <dir>', 'write the outputs into DIR under their own file names (implies --wait)')
    .option('--timeout <seconds>', 'with --wait: stop waiting after this long (exit 4; the job goes on)', intArg(1))
    .option('--idempotency-key <key>', 'retry-safe: the same key and options within 24 h return the first job instead of a second one');
  cmd.action(async (url: string, opts: WaitOpts & Record<string, unknown>) => {
    const payload = { url, ...body.build(opts) };
    for (const field of body.required) {
      if (payload[field as keyof typeof payload] === undefined) throw new CliError(`required option '--${field.replace(/_/g, '-')}' not specified`, ExitCode.Usage);
    }
    await withSdk(opts, async (sdk) => {
      const accepted = await submit(sdk, payload, opts.idempotencyKey as string | undefined);
      if (!opts.wait && !opts.output) {
        if (opts.json) json(accepted);
        else console.log(`job_id: ${accepted.job_id}\nstatus: ${accepted.status} (${accepted.job_type}, ${accepted.credits_charged} credit${accepted.credits_charged === 1 ? '' : 's'})\nfollow it: videoconduit jobs wait ${accepted.job_id}`);
        return;
      }
      if (!opts.json) console.error(`job ${accepted.job_id} accepted (${accepted.credits_charged} credit${accepted.credits_charged === 1 ? '' : 's'})`);
      await waitAndReport(sdk, accepted.job_id, opts);
    });
  });
}

function infoText(info: Record<string, unknown>): string {
  if (info._type === 'playlist') {
    const entries = (info.entries as Record<string, unknown>[]) ?? [];
    return [`playlist: ${String(info.title ?? '')} (${entries.length} entries)`, ...entries.map((e, i) => `${String(i + 1).padStart(4)}  ${String(e.title ?? '')}  ${String(e.webpage_url ?? '')}`)].join('\n');
  }
  const formats = (info.formats as Record<string, unknown>[]) ?? [];
  const size = (f: Record<string, unknown>) => (f.width && f.height ? `${String(f.width)}x${String(f.height)}` : 'audio');
  return [
    `title:     ${String(info.title ?? '')}`,
    `uploader:  ${String(info.uploader ?? '-')}`,
    `duration:  ${info.duration === null || info.duration === undefined ? '-' : `${String(info.duration)} s`}`,
    `site:      ${String(info.extractor ?? '-')}`,
    `url:       ${String(info.webpage_url ?? '')}`,
    `formats:   ${formats.length}`,
    ...formats.slice(-15).map((f) => `  ${String(f.format_id).padEnd(16)} ${String(f.ext).padEnd(5)} ${size(f).padEnd(10)} ${String(f.vcodec ?? '-').padEnd(14)} ${String(f.acodec ?? '-')}`),
  ].join('\n');
}

export function registerClientCommands(program: Command): void {
  withClientOptions(program.command('info').description('metadata of a video or playlist URL (1 credit)').argument('<url>', 'the video URL')).action(async (url: string, opts: ClientOpts) =>
    withSdk(opts, async (sdk) => {
      const info = await sdk.info(url);
      if (opts.json) json(info);
      else console.log(infoText(info));
    }),
  );

  jobCommand(program, 'download', '/v1/download', 'download a video or its audio (1 credit; 2 for best, 1440p, 2160p)', (sdk, b, k) => sdk.download(b as never, { idempotencyKey: k }));
  jobCommand(program, 'preview', '/v1/preview', 'a thumbnail, GIF, mosaic or clip (1 credit)', (sdk, b, k) => sdk.preview(b as never, { idempotencyKey: k }), (cmd) => {
    const main = cmd.options.find((o) => o.long === '--preview-type');
    if (main) main.description = `what to make (also --type) ${main.description}`.trim();
    cmd.addOption(new Option('--type <value>', 'same as --preview-type').choices(main?.argChoices ?? []).hideHelp());
    cmd.hook('preAction', (_this, action) => {
      const o = action.opts<{ type?: string; previewType?: string }>();
      if (o.type && o.previewType && o.type !== o.previewType) throw new CliError('--type and --preview-type disagree; give one', ExitCode.Usage);
      if (o.type) action.setOptionValue('previewType', o.type);
    });
  });
  jobCommand(program, 'transcribe', '/v1/transcribe', 'transcribe speech with Whisper (3 credits)', (sdk, b, k) => sdk.transcribe(b as never, { idempotencyKey: k }));
  jobCommand(program, 'translate', '/v1/translate', 'transcribe and translate speech (4 credits)', (sdk, b, k) => sdk.translate(b as never, { idempotencyKey: k }));
  jobCommand(program, 'fingerprint', '/v1/fingerprint', 'perceptual fingerprint, matched against your earlier videos (1 credit)', (sdk, b, k) => sdk.fingerprint(b as never, { idempotencyKey: k }));
  jobCommand(program, 'comments', '/v1/comments', 'the comments of a video (1 credit)', (sdk, b, k) => sdk.comments(b as never, { idempotencyKey: k }));

  const jobs = program.command('jobs').description('list, show, cancel and wait for jobs (free)');
  const list = withClientOptions(jobs.command('list').description('your jobs, newest first'));
  const query = addQueryOptions(list, '/v1/jobs');
  list.action(async (opts: ClientOpts & Record<string, unknown>) =>
    withSdk(opts, async (sdk) => {
      const page = await sdk.listJobs(query(opts));
      if (opts.json) return json(page);
      for (const j of page.data) console.log(`${j.job_id}  ${j.job_type.padEnd(11)} ${j.status.padEnd(10)} ${String(j.progress).padStart(3)}%  ${j.created_at}`);
      if (page.has_more) console.log(`more: videoconduit jobs list --cursor ${String(page.next_cursor)}`);
    }),
  );
  withClientOptions(jobs.command('get').description('one job').argument('<job-id>', 'the job id')).action(async (id: string, opts: ClientOpts) =>
    withSdk(opts, async (sdk) => {
      const job = await sdk.getJob(id);
      if (opts.json) json(job);
      else console.log(jobText(sdk, job));
    }),
  );
  withClientOptions(jobs.command('cancel').description('cancel a pending or processing job').argument('<job-id>', 'the job id')).action(async (id: string, opts: ClientOpts) =>
    withSdk(opts, async (sdk) => {
      const job = await sdk.cancelJob(id);
      if (opts.json) json(job);
      else console.log(jobText(sdk, job));
    }),
  );
  withClientOptions(jobs.command('wait').description('wait for a job to end (progress on stderr); exit 3 if it failed').argument('<job-id>', 'the job id'))
    .option('-o, --output <dir>', 'write the outputs into DIR under their own file names')
    .option('--timeout <seconds>', 'stop waiting after this long (exit 4; the job goes on)', intArg(1))
    .action(async (id: string, opts: WaitOpts) => withSdk(opts, (sdk) => waitAndReport(sdk, id, opts)));
}
