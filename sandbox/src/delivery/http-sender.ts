/**
 * Sends delivery requests over keep-alive connections, with a deadline on the whole exchange. node:http rather
 * than fetch: it is the faster of the two for this fan-out (`npm run bench sandbox` prints both side by side).
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { OutgoingRequest } from './delivery-request';

export type SendOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly bodyExcerpt: string; readonly durationMs: number }
  | { readonly kind: 'error'; readonly error: string; readonly durationMs: number };

/** Enough of a failed response's body to explain it in the deliveries log. */
const EXCERPT_CHARS = 300;
/** Parsed targets are reused: a sandbox has few webhook URLs, and parsing each send showed up in profiles. */
const MAX_CACHED_TARGETS = 1_000;

interface Target {
  readonly secure: boolean;
  readonly options: http.RequestOptions;
}

export class HttpSender {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });
  private readonly targets = new Map<string, Target>();
  private readonly inFlight = new Set<http.ClientRequest>();
  private closed = false;

  send(request: OutgoingRequest, timeoutMs: number): Promise<SendOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'error', error: 'the sandbox is shutting down', durationMs: 0 });
    const { secure, options } = this.target(request.url);
    const headers: http.OutgoingHttpHeaders = { ...request.headers };
    if (request.body !== null) headers['Content-Length'] = Buffer.byteLength(request.body);
    const started = performance.now();

    return new Promise((resolve) => {
      const outgoing = (secure ? https : http).request({ ...options, method: request.method, headers });
      const finish = (status: number | undefined, detail: string) => {
        if (!this.inFlight.delete(outgoing)) return;
        clearTimeout(deadline);
        const durationMs = Math.round((performance.now() - started) * 100) / 100;
        resolve(
          status === undefined
            ? { kind: 'error', error: detail, durationMs }
            : { kind: 'response', status, bodyExcerpt: detail, durationMs },
        );
      };
      const deadline = setTimeout(() => {
        finish(undefined, `no complete response within ${timeoutMs} ms (timeout)`);
        outgoing.destroy();
      }, timeoutMs);
      outgoing.on('response', (response) => {
        const status = response.statusCode ?? 0;
        let excerpt = '';
        // A 2xx body is never shown, so it is drained without decoding.
        if (status < 200 || status > 299) {
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (excerpt.length < EXCERPT_CHARS) excerpt += chunk.slice(0, EXCERPT_CHARS - excerpt.length);
          });
        } else response.resume();
        response.on('end', () => finish(status, excerpt));
        response.on('error', (error) => finish(undefined, describe(error)));
      });
      outgoing.on('error', (error) => finish(undefined, describe(error)));
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

  private target(url: string): Target {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const secure = parsed.protocol === 'https:';
      target = {
        secure,
        options: {
          protocol: parsed.protocol,
          hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: parsed.port || undefined,
          path: parsed.pathname + parsed.search,
          auth: parsed.username
            ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`
            : undefined,
          agent: secure ? this.httpsAgent : this.httpAgent,
        },
      };
      if (this.targets.size >= MAX_CACHED_TARGETS) this.targets.clear();
      this.targets.set(url, target);
    }
    return target;
  }
}

function describe(error: Error & { code?: string }): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
