import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Consumers who turn on `exactOptionalPropertyTypes` must be able to pass `string | undefined`
// from process.env and `AbortSignal | undefined` from their own options. This compiles a
// consumer's file against the built declarations (dist/, as installed users get them).
const root = fileURLToPath(new URL('../../', import.meta.url));
const consumer = fileURLToPath(new URL('./consumer/exact-optional.ts', import.meta.url));

describe('the published types under exactOptionalPropertyTypes', () => {
  it('compile a strict consumer, and still reject real mistakes', () => {
    expect(existsSync(`${root}dist/index.d.ts`), 'run `npm run build` first').toBe(true);
    const program = ts.createProgram([consumer], {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2024.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      noEmit: true,
      // A consumer's own check of keygate's .d.ts files, as with skipLibCheck off.
      skipLibCheck: false,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file?.fileName.replace(root, '') ?? '';
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
