import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as twelvelabs from '../../providers/twelvelabs/index.js';
import { TwelveLabsClient } from '../../providers/twelvelabs/index.js';

// docs/providers/twelvelabs.md promises "endpoint → method" in its coverage table: every method
// it names must exist, and every public method of the client's resources must be in the table.

const doc = readFileSync(new URL('../../docs/providers/twelvelabs.md', import.meta.url), 'utf8');
const table = doc.slice(doc.indexOf('## Coverage'), doc.indexOf('\n## ', doc.indexOf('## Coverage') + 1));

/** `name.name(.name)` references in the method column (`client.request` and exports aside). */
function namedMethods(): string[] {
  const names = new Set<string>();
  for (const line of table.split('\n')) {
    const cells = line.split(' | ');
    const methods = cells.at(-1) ?? '';
    for (const [, name] of methods.matchAll(/`([a-zA-Z]+(?:\.[a-zA-Z0-9]+)+)`/g)) {
      if (name !== undefined && !name.startsWith('client.')) names.add(name);
    }
  }
  return [...names];
}

function resolve(root: object, path: string): unknown {
  let value: unknown = root;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

/** Every method of every resource on the client, as `resource.method` (nested: `analyze.tasks.create`). */
function clientMethods(client: object): string[] {
  const found: string[] = [];
  const walk = (object: object, prefix: string, depth: number) => {
    for (const [name, value] of Object.entries(object)) {
      if (typeof value !== 'object' || value === null || depth > 2 || name === 'transport') continue;
      // Resources are class instances; plain data (a URL, options) is not an API surface.
      if (Object.getPrototypeOf(value) === Object.prototype || value instanceof URL) continue;
      const path = prefix === '' ? name : `${prefix}.${name}`;
      for (const method of Object.getOwnPropertyNames(Object.getPrototypeOf(value))) {
        if (method !== 'constructor' && typeof (value as Record<string, unknown>)[method] === 'function') {
          found.push(`${path}.${method}`);
        }
      }
      walk(value, path, depth + 1);
    }
  };
  walk(client, '', 0);
  return found;
}

describe('the TwelveLabs coverage table', () => {
  const client = new TwelveLabsClient({ apiKey: 'tl-test-key' });

  it('names only methods that exist', () => {
    const named = namedMethods();
    expect(named.length).toBeGreaterThan(40);
    const missing = named.filter((name) => typeof resolve(client, name) !== 'function');
    expect(missing).toEqual([]);
  });

  it('lists every public method of the client’s resources', () => {
    const named = new Set(namedMethods());
    const methods = clientMethods(client);
    expect(methods).toContain('analyze.tasks.waitForDone');
    expect(methods.length).toBeGreaterThan(40);
    expect(methods.filter((method) => !named.has(method))).toEqual([]);
  });

  it('names the webhook verifier the package exports', () => {
    expect(table).toContain('`verifyTwelveLabsWebhook`');
    expect(typeof twelvelabs.verifyTwelveLabsWebhook).toBe('function');
  });
});
