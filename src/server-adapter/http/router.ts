/** A small method + path router for the adapter's routes. */
import type { FirmRecord } from '../store/types.js';
import type { RequestMeta } from '../core/request-meta.js';

/** What a route handler receives. */
export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string>;
  meta: RequestMeta;
  /** Set by handlers once the request's firm is known (CORS is then judged by that firm's allowlist). */
  firm: FirmRecord | null;
}

/** A route handler. */
export type RouteHandler = (context: RouteContext) => Promise<Response>;

interface Entry {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

/** Matches requests against registered routes. */
export class Router {
  readonly #entries: Entry[] = [];

  /** Registers `handler` for `method path` (`:name` segments become params). */
  on(method: string, path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-z]+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.#entries.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  /** The handler and params for a request, `null` if no path matches, or `'method'` if only the method is wrong. */
  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | null | 'method' {
    let pathMatched = false;
    for (const entry of this.#entries) {
      const m = entry.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (entry.method !== method) continue;
      const params: Record<string, string> = {};
      try {
        entry.keys.forEach((key, i) => (params[key] = decodeURIComponent(m[i + 1]!)));
      } catch {
        return null; // `%E0%A4%A` names nothing: a 404, not a failure of the adapter
      }
      return { handler: entry.handler, params };
    }
    return pathMatched ? 'method' : null;
  }
}
