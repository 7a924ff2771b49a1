/**
 * A closed-loop HTTP load generator: `connections` keep-alive sockets, each sending the next request as soon as
 * the previous answer arrived, until `requests` have been sent. Loopback only; used by the n8n benchmark, with the
 * percentile every benchmark uses (stats.ts).
 */
import { Agent, request } from 'node:http';
import { percentile } from './stats';

export interface LoadOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body: string;
  requests: number;
  connections: number;
}

export interface LoadResult {
  requests: number;
  /** Answers with a status other than `expectedStatus`. */
  failures: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function send(agent: Agent, options: LoadOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(
      options.url,
      {
        agent,
        method: options.method ?? 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
          ...options.headers,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(options.body);
  });
}

export async function runLoad(options: LoadOptions, expectedStatus = 200): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let sent = 0;
  let failures = 0;
  const worker = async () => {
    while (sent < options.requests) {
      sent++;
      const started = process.hrtime.bigint();
      const status = await send(agent, options);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (status !== expectedStatus) failures++;
    }
  };
  const started = process.hrtime.bigint();
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    agent.destroy();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    requests: latencies.length,
    failures,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}
