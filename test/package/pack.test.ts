import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// What a user of the registry gets: `npm pack` of a fresh clone (so `prepack` must build, since
// a clone has no dist/), installed into a project of its own, every entry imported from there.
// The clone is a copy of the working tree in a temp dir: the build writes the copy's dist/,
// never this repository's, which other tests read while this one runs.

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
type LockEntry = { version: string; integrity?: string; dependencies?: Record<string, string> };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

// What a fresh clone lacks: installed and built output, reports, history.
const notInClone = new Set(['dist', 'reports', '.git']);
// Real path: the consumer's resolved URLs are compared with paths under it.
const temp = realpathSync(mkdtempSync(join(tmpdir(), 'keygate-pack-')));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// npm and the `keygate` bin (`#!/usr/bin/env node`) must run on the Node running these tests,
// and npm variables inherited from `npm test` must not change what the inner npm does.
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  npm_config_update_notifier: 'false',
};

async function sh(file: string, args: string[], cwd: string) {
  return run(file, args, { cwd, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(
        `${file} ${args.join(' ')} failed:\n${error.stderr ?? ''}${error.stdout ?? ''}${error.message}`,
      );
    },
  );
}

/** The lockfile entries of the package's dependencies, from this repository's lockfile. */
function dependencyEntries(
  names: string[],
  entries: Record<string, LockEntry> = {},
): Record<string, LockEntry> {
  for (const name of names) {
    const path = `node_modules/${name}`;
    const entry = lock.packages[path];
    if (!entry) throw new Error(`package-lock.json has no ${path}`);
    if (entries[path]) continue;
    entries[path] = entry;
    dependencyEntries(Object.keys(entry.dependencies ?? {}), entries);
  }
  return entries;
}

// The issue's "done when", with the docs' own calls: an endpoint the client does not wrap, a
// per-call timeout, a success's request id, debug logs in pino, an OpenTelemetry span; and no
// key in any of them. The server is a loopback stand-in that sends a request id.
const firstContact = `import http from 'node:http';
import pino from 'pino';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TwelveLabsClient } from 'keygate/twelvelabs';

const key = 'tl-pack-test-key';
const seen = [];
const server = http.createServer((request, response) => {
  seen.push(request.headers['x-api-key']);
  response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-pack-1' });
  response.end(JSON.stringify({ data: [], page_info: { page: 1, limit_per_page: 10, total_page: 1, total_results: 0 } }));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const lines = [];
const logger = pino({ level: 'debug' }, { write: (line) => lines.push(line) });
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const client = new TwelveLabsClient({
  apiKey: key,
  baseUrl: 'http://127.0.0.1:' + server.address().port + '/v1.3',
  logger,
  logLevel: 'debug',
  openTelemetry: { tracerProvider },
});
const unwrapped = await client.request({ method: 'GET', path: 'search/next-page', timeout: 2_000 });
const { response } = await client.indexes.list({}, { timeout: 2_000 }).withResponse();
server.close();
const spans = exporter.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes }));
console.log(JSON.stringify({
  unwrapped: typeof unwrapped,
  requestId: response.requestId,
  keySent: seen.every((sent) => sent === key),
  debugLines: lines.map((line) => JSON.parse(line)).filter((line) => line.level === 20).length,
  spanNames: spans.map((span) => span.name),
  keyShown: [...lines, JSON.stringify(spans), JSON.stringify(response)].some((text) => text.includes(key)),
}));
`;

describe('the package as published', () => {
  it('packs from a fresh clone, installs from the tarball, and every entry and the bin work', async () => {
    const clone = join(temp, 'clone');
    cpSync(root, clone, {
      recursive: true,
      filter: (source) => {
        const parts = relative(root, source).split(sep);
        return !parts.includes('node_modules') && !notInClone.has(parts[0] ?? '') && !source.endsWith('.tgz');
      },
    });
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');

    await sh('npm', ['pack', '--pack-destination', temp], clone);
    const tarball = `${pkg.name}-${pkg.version}.tgz`;
    expect(readdirSync(temp)).toContain(tarball);

    // The npm cache holds ky's and valibot's tarballs (from `npm ci`) but not their registry
    // metadata, which `npm install <tarball>` needs to resolve version ranges: so the project
    // gets the lockfile a resolver would write (the tarball's hash, this repository's pinned
    // versions) and `npm ci --offline` installs it from the cache, never the network.
    const project = join(temp, 'project');
    mkdirSync(project);
    const dependencies = { [pkg.name]: `file:../${tarball}` };
    const integrity = `sha512-${createHash('sha512')
      .update(readFileSync(join(temp, tarball)))
      .digest('base64')}`;
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }),
    );
    writeFileSync(
      join(project, 'package-lock.json'),
      JSON.stringify({
        name: 'consumer',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: 'consumer', dependencies },
          [`node_modules/${pkg.name}`]: {
            version: pkg.version,
            resolved: `file:../${tarball}`,
            integrity,
            dependencies: pkg.dependencies,
            bin: { keygate: 'dist/cli.js' },
          },
          ...dependencyEntries(Object.keys(pkg.dependencies)),
        },
      }),
    );
    await sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);

    // What shipped: the build and the package's own files, no sources or tests.
    const installed = join(project, 'node_modules', pkg.name);
    expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    expect(readdirSync(join(installed, 'dist'))).toEqual(
      expect.arrayContaining(['index.js', 'index.d.ts', 'twelvelabs.d.ts', 'testing.js', 'cli.js']),
    );

    const consumer = join(project, 'consumer.mjs');
    writeFileSync(
      consumer,
      `import { createRequire } from 'node:module';
import * as core from 'keygate';
import * as twelvelabs from 'keygate/twelvelabs';
import * as modelslab from 'keygate/modelslab';
import * as testing from 'keygate/testing';

const sim = await testing.createSimulator();
try {
  const tl = new twelvelabs.TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });
  const page = await tl.indexes.list();
  const ml = new modelslab.ModelsLabClient({ apiKey: sim.keys.modelslab.noCredits, baseUrl: sim.modelslab.baseUrl, maxRetries: 0 });
  const error = await ml.images.text2img({ prompt: 'p', model_id: 'flux' }).catch((caught) => caught);
  console.log(JSON.stringify({
    resolved: ['keygate', 'keygate/twelvelabs', 'keygate/modelslab', 'keygate/testing'].map((name) => import.meta.resolve(name)),
    exports: [typeof core.createTransport, typeof twelvelabs.TwelveLabsClient, typeof modelslab.ModelsLabClient, typeof testing.createSimulator],
    required: typeof createRequire(import.meta.url)('keygate').createTransport,
    indexes: page.data,
    error: core.isInsufficientCreditsError(error),
  }));
} finally {
  await sim.close();
}
`,
    );
    const { stdout } = await sh(process.execPath, [consumer], project);
    const dist = pathToFileURL(join(installed, 'dist')).href;
    expect(JSON.parse(stdout)).toEqual({
      resolved: [`${dist}/index.js`, `${dist}/twelvelabs.js`, `${dist}/modelslab.js`, `${dist}/testing.js`],
      exports: ['function', 'function', 'function', 'function'],
      required: 'function',
      indexes: [],
      error: true,
    });

    // What the new user installs beside keygate (pino, the OpenTelemetry API and SDK), linked from
    // this repository's devDependencies: the offline npm cache cannot resolve their ranges.
    mkdirSync(join(project, 'node_modules', '@opentelemetry'), { recursive: true });
    for (const name of ['pino', '@opentelemetry/api', '@opentelemetry/sdk-trace-base']) {
      symlinkSync(join(root, 'node_modules', name), join(project, 'node_modules', name), 'dir');
    }
    writeFileSync(join(project, 'first-contact.mjs'), firstContact);
    const contact = await sh(process.execPath, [join(project, 'first-contact.mjs')], project);
    expect(JSON.parse(contact.stdout)).toEqual({
      unwrapped: 'object',
      requestId: 'req-pack-1',
      keySent: true,
      debugLines: 4, // a request and a response line per call
      spanNames: ['GET', 'keygate twelvelabs GET', 'GET', 'keygate twelvelabs GET'],
      keyShown: false,
    });

    const bin = join(project, 'node_modules', '.bin', 'keygate');
    const help = await sh(bin, ['--help'], project);
    expect(help.stdout).toContain('keygate check [--provider twelvelabs|modelslab|all]');
    expect(help.stdout).toContain('keygate simulate');
    expect((await sh(bin, ['--version'], project)).stdout).toBe(`${pkg.version}\n`);
  }, 180_000);
});
