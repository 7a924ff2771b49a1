/**
 * Sends delivery requests over keep-alive connections (node:http, which measured faster than
 * fetch for this fan-out; see bench/sandbox.bench.ts) with a deadline on the whole exchange.
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { OutgoingRequest } from './delivery-request';

export type SendOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly bodyExcerpt: string; readonly durationMs: number }
  | { readonly kind: 'error'; readonly error: string; readonly durationMs: number };

/** Enough of a response body to explain a failure in the deliveries log. */
const EXCERPT_BYTES = 300;

export class HttpSender {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });
  private readonly inFlight = new Set<http.ClientRequest>();
  private closed = false;

  send(request: OutgoingRequest, timeoutMs: number): Promise<SendOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
    return new Promise((resolve) => {
      if (this.closed) return resolve({ kind: 'error', error: 'the sandbox is shutting down', durationMs: 0 });
      const target = new URL(request.url);
      const secure = target.protocol === 'https:';
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== null) headers['Content-Length'] = Buffer.byteLength(request.body);

      let settled = false;
      const finish = (outcome: SendOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        this.inFlight.delete(outgoing);
        resolve(outcome);
      };
      const outgoing = (secure ? https : http).request(
        target,
        { method: request.method, headers, agent: secure ? this.httpsAgent : this.httpAgent },
        (response) => {
          let excerpt = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (excerpt.length < EXCERPT_BYTES) excerpt += chunk.slice(0, EXCERPT_BYTES - excerpt.length);
          });
          response.on('end', () =>
            finish({ kind: 'response', status: response.statusCode ?? 0, bodyExcerpt: excerpt, durationMs: elapsed() }),
          );
          response.on('error', (error) => finish({ kind: 'error', error: describe(error), durationMs: elapsed() }));
        },
      );
      const deadline = setTimeout(() => {
        finish({
          kind: 'error',
          error: `no complete response within ${timeoutMs} ms (timeout)`,
          durationMs: elapsed(),
        });
        outgoing.destroy();
      }, timeoutMs);
      outgoing.on('error', (error) => finish({ kind: 'error', error: describe(error), durationMs: elapsed() }));
      this.inFlight.add(outgoing);
      outgoing.end(request.body ?? undefined);
    });
  }

  /** Aborts requests in flight (they end as errors) and drops idle connections. */
  close(): void {
    this.closed = true;
    for (const outgoing of this.inFlight) outgoing.destroy(new Error('the sandbox is shutting down'));
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function describe(error: Error & { code?: string }): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
