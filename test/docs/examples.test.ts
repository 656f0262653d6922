import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { comparable, type ShownOutput, shownOutput } from './shown-output.js';

// Every ```ts block in README.md and docs/ is type-checked against the built package, and run
// (unless its info string says `no-run`) in its own Node process against a fresh simulator.
//
// Shown output must be what the block prints (its stdout; stderr is not compared). A block
// shows output in one of two ways, never both:
//
// 1. `// → value` comments. A comment that starts with `→` (`// → 1000`, on its own line or
//    after code) shows printed output; comment-only lines right after it whose `//` is followed
//    by two or more spaces continue it. The values, in order, are the block's WHOLE stdout:
//    both sides have every run of whitespace (newlines included) collapsed to one space and are
//    trimmed, then must be equal. So `console.log(obj)` spread over lines by util.inspect may
//    be shown on one or several comment lines, and a line printed but not shown fails too.
//    Other comments that contain `→` (`// POST /indexes → 201`) describe, and are not compared.
// 2. A ```text block right after the ```ts block (only blank lines between) holds its WHOLE
//    stdout, line for line: trailing spaces and leading or trailing blank lines are ignored,
//    nothing else is.
//
// A block that shows no output is not compared. A `no-run` block cannot show output: nothing
// would check it.

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the package (but not under node_modules, where Node stops looking for the package scope),
// so `import 'keygate'` resolves to the build through package self-reference.
const workDir = join(root, 'reports/docs-examples');

interface Block {
  doc: string;
  line: number;
  run: boolean;
  file: string;
  code: string;
  /** The output the block shows, if any (see the rule above). */
  shown?: ShownOutput;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? markdownFiles(join(dir, entry.name))
      : entry.name.endsWith('.md')
        ? [join(dir, entry.name)]
        : [],
  );
}

function collectBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const path of [join(root, 'README.md'), ...markdownFiles(join(root, 'docs'))]) {
    const doc = relative(root, path);
    const text = readFileSync(path, 'utf8');
    const slug = doc.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    let index = 0;
    for (const match of text.matchAll(/^```ts([^\n]*)\n([\s\S]*?)^```$/gm)) {
      index += 1;
      const info = (match[1] ?? '').trim().split(/\s+/);
      const name =
        info.find((word) => word.startsWith('file='))?.slice('file='.length) ?? `block-${index}.ts`;
      const run = !info.includes('no-run');
      const code = match[2] ?? '';
      const shown = shownOutput(code, text.slice(match.index + match[0].length), run);
      blocks.push({
        doc,
        line: text.slice(0, match.index).split('\n').length,
        run,
        file: join(workDir, slug, name),
        code,
        ...(shown ? { shown } : {}),
      });
    }
  }
  return blocks;
}

const blocks = collectBlocks();
const diagnostics = new Map<string, string[]>();

beforeAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  for (const block of blocks) {
    mkdirSync(join(block.file, '..'), { recursive: true });
    // `export {}` makes every block a module, so blocks cannot collide in the global scope.
    writeFileSync(block.file, `${block.code}\nexport {};\n`);
    const js = ts.transpileModule(block.code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023 },
    }).outputText;
    writeFileSync(block.file.replace(/\.ts$/, '.js'), js);
  }
  const program = ts.createProgram(
    blocks.map((block) => block.file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2024.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
    },
  );
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? '(global)';
    const position =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : undefined;
    const text = `line ${(position?.line ?? 0) + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), text]);
  }
}, 60_000);

describe('docs examples', () => {
  it('found the blocks', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(15);
  });

  for (const block of blocks) {
    const shows = block.shown
      ? `, printing what its ${block.shown.kind === 'text' ? 'text block shows' : '→ comments show'}`
      : '';
    it(`${block.doc}:${block.line} type-checks${block.run ? ` and runs${shows}` : ' (no-run)'}`, async () => {
      const problems = diagnostics.get(block.file) ?? [];
      expect(problems, `type errors in ${block.doc} block at line ${block.line}`).toEqual([]);
      expect(block.shown?.problem, `${block.doc} block at line ${block.line}`).toBeUndefined();
      if (!block.run) return;
      const sim = await createSimulator({
        keys: { twelvelabs: { 'tl-test-key': 'valid' }, modelslab: { 'ml-test-key': 'valid' } },
        // Chunk URLs name a bucket, as TwelveLabs' do; the preload routes it to the storage.
        twelvelabs: { storageOrigin: 'https://twelvelabs-uploads.s3.amazonaws.com' },
      });
      try {
        const { stdout, stderr } = await promisify(execFile)(
          process.execPath,
          [
            '--import',
            join(root, 'test/fixtures/route-to-simulator.mjs'),
            block.file.replace(/\.ts$/, '.js'),
          ],
          {
            cwd: root,
            timeout: 30_000,
            env: {
              PATH: process.env.PATH ?? '',
              // An example that brings its own nock interceptors talks to those, not the simulator.
              ...(/from 'nock'/.test(block.code)
                ? {}
                : {
                    KEYGATE_SIM_ORIGIN: sim.origin,
                    KEYGATE_SIM_STORAGE_ORIGIN: sim.twelvelabs.storage.origin,
                  }),
              TWELVE_LABS_API_KEY: sim.keys.twelvelabs.valid,
              MODELSLAB_API_KEY: sim.keys.modelslab.valid,
            },
          },
        ).catch((error: { stderr?: string; stdout?: string; message: string }) => {
          throw new Error(
            `${block.doc}:${block.line} failed to run:\n${error.stderr ?? ''}${error.stdout ?? ''}${error.message}`,
          );
        });
        // Examples may print errors on purpose; none may ever print a key.
        const keys = [
          ...Object.values(sim.keys.twelvelabs),
          ...Object.values(sim.keys.modelslab),
          'tl-test-key',
          'ml-test-key',
        ];
        for (const key of keys) expect(`${stdout}${stderr}`).not.toContain(key);
        if (block.shown) {
          const { printed, shown } = comparable(block.shown, stdout);
          expect(printed, `what ${block.doc} (block at line ${block.line}) printed`).toEqual(shown);
        }
      } finally {
        await sim.close();
      }
    });
  }
});
