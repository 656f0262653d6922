import { describe, expect, it } from 'vitest';
import { comparable, shownOutput } from './shown-output.js';

// The rule test/docs/examples.test.ts applies to every docs block, on blocks made up here: what
// it reads as shown output, and which printed output it accepts.

const agrees = (code: string, after: string, stdout: string) => {
  const shown = shownOutput(code, after, true);
  if (!shown) throw new Error('the block shows no output');
  const sides = comparable(shown, stdout);
  return JSON.stringify(sides.printed) === JSON.stringify(sides.shown);
};

describe('output shown in docs examples', () => {
  it('reads `// →` values in order, joining continuation lines (`//` and two or more spaces)', () => {
    const code = [
      'console.log(n); // → 1000',
      'console.log(obj);',
      "// → { provider: 'twelvelabs',",
      '//     status: 201 }',
      '// a plain comment ends it; so does code',
      'console.log(a, b); // POST /indexes → 201 describes, and is not read',
    ].join('\n');
    expect(shownOutput(code, '\n', true)).toEqual({
      kind: 'comments',
      parts: ['1000', "{ provider: 'twelvelabs', status: 201 }"],
    });
  });

  it('compares `→` values with the whole stdout, whitespace runs collapsed', () => {
    const code = "console.log(n); // → 1000\nconsole.log(obj); // → { a: 'x', b: [ 1, 2 ] }";
    expect(agrees(code, '\n', "1000\n{\n  a: 'x',\n  b: [ 1, 2 ]\n}\n")).toBe(true);
    expect(agrees(code, '\n', "999\n{ a: 'x', b: [ 1, 2 ] }\n")).toBe(false); // stale value
    expect(agrees(code, '\n', "1000\n{ a: 'x', b: [ 1, 2 ] }\nextra\n")).toBe(false); // unshown line
    expect(agrees(code, '\n', "{ a: 'x', b: [ 1, 2 ] }\n1000\n")).toBe(false); // other order
  });

  it('reads a ```text block right after the block as its whole stdout, line for line', () => {
    const after = '\n\n```text\nTwelveLabs  ok\nModelsLab   ok  \n```\n\nMore prose.\n';
    expect(shownOutput('console.log(lines);', after, true)).toEqual({
      kind: 'text',
      parts: ['TwelveLabs  ok', 'ModelsLab   ok'],
    });
    expect(agrees('console.log(lines);', after, '\nTwelveLabs  ok\nModelsLab   ok\n')).toBe(true);
    expect(agrees('console.log(lines);', after, 'TwelveLabs ok\nModelsLab ok\n')).toBe(false);
  });

  it('does not take a text block after prose, or another kind of block, as output', () => {
    expect(shownOutput('console.log(1);', '\n\nSome prose.\n\n```text\n1\n```\n', true)).toBeUndefined();
    expect(shownOutput('console.log(1);', '\n\n```sh\n1\n```\n', true)).toBeUndefined();
  });

  it('refuses a block that shows output twice, or shows output it never runs', () => {
    const both = shownOutput('console.log(1); // → 1', '\n```text\n1\n```\n', true);
    expect(both?.problem).toMatch(/twice/);
    const noRun = shownOutput('console.log(1); // → 1', '\n', false);
    expect(noRun?.problem).toMatch(/no-run/);
  });
});
