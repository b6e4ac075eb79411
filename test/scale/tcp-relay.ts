// A TCP relay between a worker and PostgreSQL whose link can be cut and restored, without
// root: while cut, bytes in both directions are held (as a partitioned network holds them in
// retransmission), and delivered in order once the link is back. No connection is closed, so
// the worker sees what a real partition shows it: queries that never answer.
import net from 'node:net';

export interface Relay {
  port: number;
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

export async function startRelay(targetHost: string, targetPort: number): Promise<Relay> {
  let isCut = false;
  const flushers = new Set<() => void>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    const held: [net.Socket, Buffer][] = [];
    const forward = (to: net.Socket) => (chunk: Buffer) => {
      if (isCut) held.push([to, chunk]);
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const flush = () => {
      for (const [to, chunk] of held.splice(0)) to.write(chunk);
    };
    flushers.add(flush);
    const end = () => {
      flushers.delete(flush);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => {
      isCut = true;
    },
    heal: () => {
      isCut = false;
      for (const flush of flushers) flush();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
