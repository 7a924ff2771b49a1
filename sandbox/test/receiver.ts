/**
 * A stand-in webhook subscriber for tests: a real local HTTP server that keeps every request it receives and answers
 * as the test says (a status, a body, a stall or a hang-up). Shared with the Zapier app's tests, by relative path.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the receiver does with request number `index` (0-based): answer a status (and body), stall, or hang up. */
export type Behaviour = number | 'hang-up' | { stallMs: number } | { status: number; body: string };

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

export async function startReceiver(
  behave: (index: number, request: Received) => Behaviour = () => 200,
): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://receiver.invalid');
      const index = received.length;
      const seen: Received = {
        method: request.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(seen);
      const behaviour = behave(index, seen);
      if (behaviour === 'hang-up') request.socket.destroy();
      else if (typeof behaviour === 'object' && 'body' in behaviour)
        response.writeHead(behaviour.status).end(behaviour.body);
      else if (typeof behaviour === 'object') setTimeout(() => response.end('late'), behaviour.stallMs).unref();
      else response.writeHead(behaviour).end(behaviour >= 400 ? `answer ${behaviour}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
