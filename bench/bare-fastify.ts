// bench/load's anchor: a bare Fastify 5 app in its own process (as a real server is),
// answering every GET with the JSON it is given on stdin (a job view of the same shape and
// size). No auth, no database, no hooks: what the polling path would cost with nothing to do.
// Prints its address on stdout once listening; GET /__cpu answers its process.cpuUsage().
import Fastify from 'fastify';

let body = '';
for await (const chunk of process.stdin) body += (chunk as Buffer).toString();
const job = JSON.parse(body) as unknown;

const app = Fastify({ logger: false });
app.get('/v1/jobs/:job_id', () => job);
app.get('/__cpu', () => process.cpuUsage());
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(address);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
