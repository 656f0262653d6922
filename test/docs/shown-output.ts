// The rule for output shown in docs examples; test/docs/examples.test.ts describes it at its top.

/** The output a ```ts block shows: `// →` comments, or a ```text block right after it. */
export interface ShownOutput {
  kind: 'comments' | 'text';
  /** The `→` values in order, or the text block's lines. */
  parts: string[];
  /** Set when the block breaks the rule itself (both forms, or output on a no-run block). */
  problem?: string;
}

/** `// → value`: the value is the rest of the line. */
const arrowComment = /(?:^|\s)\/\/ → (.*)$/;
/** A comment-only line whose `//` is followed by two or more spaces continues an arrow comment. */
const continuation = /^\s*\/\/\s{2,}(\S.*)$/;
/** A ```text block right after the closing fence of a ```ts block (`after` starts at that fence's `\n`). */
const followingText = /\n(?:[ \t]*\n)*```text[ \t]*\n((?:[^\n]*\n)*?)```[ \t]*(?:\n|$)/y;

/**
 * Finds the output a block shows.
 *
 * @param code The block's code.
 * @param after The document after the block's closing fence.
 * @param run Whether the block runs (no `no-run`).
 * @returns What it shows, or `undefined` when it shows nothing.
 */
export function shownOutput(code: string, after: string, run: boolean): ShownOutput | undefined {
  const values: string[] = [];
  let open = false;
  for (const line of code.split('\n')) {
    const arrow = arrowComment.exec(line);
    const more: RegExpExecArray | null = open ? continuation.exec(line) : null;
    if (arrow) values.push((arrow[1] ?? '').trim());
    else if (more) values[values.length - 1] += ` ${more[1]}`;
    open = Boolean(arrow ?? more);
  }
  followingText.lastIndex = 0;
  const text = followingText.exec(after);
  const shown: ShownOutput | undefined = text
    ? { kind: 'text', parts: trimLines(text[1] ?? '') }
    : values.length > 0
      ? { kind: 'comments', parts: values }
      : undefined;
  if (shown && text && values.length > 0)
    shown.problem = 'shows its output twice, in `// →` comments and in a ```text block: keep one';
  else if (shown && !run)
    shown.problem = 'is `no-run` but shows output (`// →` or a ```text block) that nothing checks';
  return shown;
}

/**
 * Puts what a block printed and what it shows in the form the rule compares: whitespace runs
 * collapsed for `→` comments, trimmed lines for a text block. Equal means the docs say the truth.
 *
 * @param shown What the block shows.
 * @param stdout What it printed.
 * @returns Both sides, ready for `toEqual`.
 */
export function comparable(shown: ShownOutput, stdout: string): { printed: string[]; shown: string[] } {
  if (shown.kind === 'text') return { printed: trimLines(stdout), shown: shown.parts };
  return { printed: [collapse(stdout)], shown: [collapse(shown.parts.join(' '))] };
}

/** Lines without trailing spaces, and without blank lines at either end. */
function trimLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
