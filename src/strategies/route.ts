import { ConfigurationError } from '../errors/configuration-error.js';
import type { AuthRequest, AuthStrategy } from './strategy.js';

/** One route of a {@link RouteStrategy}: the URL paths it covers and the strategy that signs them. */
export interface AuthRoute {
  /**
   * The path prefix the route covers, as an absolute URL path ending in `/`, e.g. `/api/v7/llm/`.
   * Matching is by whole path segments of the request's (normalised) URL path.
   */
  readonly pathPrefix: string;
  /** Places the key on requests to this route. */
  readonly strategy: AuthStrategy;
}

/** Options of {@link RouteStrategy}. */
export interface RouteStrategyOptions {
  /** The routes; the longest matching prefix wins. */
  routes: readonly AuthRoute[];
  /** Places the key on every request no route covers. */
  fallback: AuthStrategy;
}

/**
 * One provider, several auth schemes: picks the strategy by the request's URL path, e.g. a
 * `Bearer` header on ModelsLab's chat API (`/api/v7/llm/`) while the v6 generation routes carry
 * the key in the body. It is chosen for every attempt and every followed redirect, so a request
 * always carries its key the way the path it goes to expects, and in no other place.
 *
 * @example
 * ```ts
 * import { BodyKeyStrategy, HeaderKeyStrategy, RouteStrategy } from 'keygate';
 * const strategy = new RouteStrategy({
 *   fallback: new BodyKeyStrategy({ key: 'ml-test-key' }),
 *   routes: [
 *     {
 *       pathPrefix: '/api/v7/llm/',
 *       strategy: new HeaderKeyStrategy({ key: 'ml-test-key', header: 'authorization', prefix: 'Bearer ' }),
 *     },
 *   ],
 * });
 * ```
 */
export class RouteStrategy implements AuthStrategy {
  readonly name = 'route';
  readonly #routes: readonly AuthRoute[];
  readonly #fallback: AuthStrategy;

  /** @param options The routes and the strategy for everything else. */
  constructor(options: RouteStrategyOptions) {
    const { routes, fallback } = options ?? ({} as Partial<RouteStrategyOptions>);
    checkStrategy(fallback, 'fallback');
    if (!Array.isArray(routes)) {
      throw new ConfigurationError('RouteStrategy: `routes` must be an array of { pathPrefix, strategy }.');
    }
    const checked = routes.map((route, index) => {
      const prefix = route?.pathPrefix;
      if (typeof prefix !== 'string' || !prefix.startsWith('/') || !prefix.endsWith('/')) {
        throw new ConfigurationError(
          `RouteStrategy: routes[${index}].pathPrefix must be an absolute URL path ending in "/", e.g. "/api/v7/llm/".`,
        );
      }
      checkStrategy(route.strategy, `routes[${index}].strategy`);
      return { pathPrefix: prefix, strategy: route.strategy };
    });
    // Longest first, so `/api/v7/llm/` wins over `/api/`.
    this.#routes = checked.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
    this.#fallback = fallback as AuthStrategy;
  }

  /**
   * The strategy that signs requests to a URL path.
   *
   * @param pathname A URL path, e.g. `/api/v7/llm/chat/completions`.
   * @returns The route's strategy, or the fallback.
   */
  strategyFor(pathname: string): AuthStrategy {
    for (const route of this.#routes) {
      if (pathname.startsWith(route.pathPrefix)) return route.strategy;
    }
    return this.#fallback;
  }

  /** @param request The attempt's request; the strategy of its path places the key. */
  authenticate(request: AuthRequest): void | Promise<void> {
    // WHATWG URL has already resolved `.` and `..` segments, so a prefix match cannot be fooled
    // by `/api/v6/../v7/llm/`.
    return this.strategyFor(request.url.pathname).authenticate(request);
  }
}

function checkStrategy(strategy: AuthStrategy | undefined, what: string): void {
  if (typeof strategy?.authenticate !== 'function') {
    throw new ConfigurationError(
      `RouteStrategy: ${what} must be an AuthStrategy with an authenticate method.`,
    );
  }
}
