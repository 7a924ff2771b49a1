/** A small method-and-path router: `/webhooks/:id` style patterns, first match wins. */
import type { KeyScope } from './api-keys';

export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  readonly scope: KeyScope;
}

export interface Reply {
  readonly status: number;
  /** Serialised as JSON; no body when undefined. */
  readonly body?: unknown;
}

export type Handler = (request: RouteRequest) => Reply | Promise<Reply>;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

export interface Match {
  readonly handler: Handler;
  readonly params: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    this.routes.push({ method, segments: split(path), handler });
    return this;
  }

  match(method: string, path: string): Match | undefined {
    const segments = split(path);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const fits = route.segments.every((expected, index) => {
        const actual = segments[index]!;
        if (expected.startsWith(':')) {
          params[expected.slice(1)] = actual;
          return true;
        }
        return expected === actual;
      });
      if (fits) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function split(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}
