/**
 * A small method-and-path router. Routes are declared as patterns, `{name}` standing for one path segment
 * (core's ROUTE_PATTERNS are written so); the first route that matches wins.
 */

export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
}

export interface Reply {
  readonly status: number;
  /** Serialised as JSON; no body when undefined. */
  readonly body?: unknown;
}

export type Handler = (request: RouteRequest) => Reply | Promise<Reply>;

/** A route as declared: `GET` and `/webhooks/{id}`. */
export interface RouteDeclaration {
  readonly method: string;
  readonly pattern: string;
}

interface Route extends RouteDeclaration {
  /** Each segment of the pattern: a parameter's name, or the text the path must hold there. */
  readonly segments: readonly { readonly parameter?: string; readonly text: string }[];
  readonly handler: Handler;
}

export interface Match {
  readonly handler: Handler;
  readonly params: Record<string, string>;
}

const PARAMETER = /^\{(\w+)\}$/;

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    const segments = split(pattern).map((text) => ({ parameter: PARAMETER.exec(text)?.[1], text }));
    this.routes.push({ method, pattern, segments, handler });
    return this;
  }

  /** Every route, in the order they were declared. */
  declared(): RouteDeclaration[] {
    return this.routes.map(({ method, pattern }) => ({ method, pattern }));
  }

  /** `path` as requested: its segments are percent-decoded before they are compared or handed on. */
  match(method: string, path: string): Match | undefined {
    const segments = split(path).map(decode);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const fits = route.segments.every(({ parameter, text }, index) => {
        const actual = segments[index]!;
        if (parameter === undefined) return text === actual;
        params[parameter] = actual;
        return true;
      });
      if (fits) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** A malformed escape (`%E0%A4%A`) is kept as sent: it then matches no id. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
