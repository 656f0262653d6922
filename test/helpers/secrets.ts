import { inspect } from 'node:util';

/**
 * Every way a user or a logger may show an error, joined: `String`, `message`, `stack`,
 * `JSON.stringify`, `util.inspect` with hidden fields at any depth, and each cause's own
 * rendering.
 *
 * @param error The error to show.
 * @returns All renderings, for a `not.toContain(key)` assertion.
 */
export function everyRendering(error: unknown): string {
  const parts: string[] = [];
  for (let link: unknown = error, depth = 0; link !== undefined && depth < 10; depth++) {
    const value = link as { message?: unknown; stack?: unknown; cause?: unknown };
    parts.push(
      String(link),
      String(value.message),
      String(value.stack),
      JSON.stringify(link) ?? '',
      inspect(link, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
      inspect(link, { showHidden: true, depth: Number.POSITIVE_INFINITY, customInspect: false }),
    );
    link = value.cause;
  }
  return parts.join('\n');
}
