// bench/mcp: an MCP tool call (official SDK client, Streamable HTTP) against the same REST call
// (fetch, keep-alive), both over real HTTP to one service. Prints the median overhead of the
// MCP layer: JSON-RPC, SSE framing, a server instance per message and the injected REST request.
// Target: <= 5 ms.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { measure, startBench } from './harness.js';

const ROUNDS = Number(process.env.ROUNDS ?? 200);
const b = await startBench({ VC_INFO_CACHE_SECONDS: '3600' });
await b.service.queue.stop(); // jobs stay pending: this measures the API, not the engines
try {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${b.base}/mcp`), { requestInit: { headers: { authorization: b.auth.authorization } } }));
  const video = b.site.url('/media/video.mp4');
  const rest = (path: string, init: RequestInit = {}) =>
    fetch(`${b.base}${path}`, { ...init, headers: b.auth }).then(async (r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r.json();
    });
  const tool = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.structuredContent)}`);
    return r;
  };
  const job = (await rest('/v1/preview', { method: 'POST', body: JSON.stringify({ url: video, preview_type: 'thumbnail' }) })) as { job_id: string };
  const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    ['get_job vs GET /v1/jobs/{id}', () => tool('get_job', { job_id: job.job_id }), () => rest(`/v1/jobs/${job.job_id}`)],
    ['list_jobs vs GET /v1/jobs', () => tool('list_jobs', { limit: 20 }), () => rest('/v1/jobs?limit=20')],
    ['get_video_info vs GET /v1/info (cached)', () => tool('get_video_info', { url: video }), () => rest(`/v1/info?url=${encodeURIComponent(video)}`)],
  ];
  for (const [name, mcp, plain] of cases) {
    const m = await measure(ROUNDS, mcp, plain);
    console.log(`${name.padEnd(42)} mcp ${m.api.toFixed(2).padStart(6)} ms   rest ${m.raw.toFixed(2).padStart(6)} ms   overhead ${(m.api - m.raw).toFixed(2).padStart(5)} ms  (median of ${ROUNDS})`);
  }
  await client.close();
} finally {
  await b.close();
}
process.exit(0);
