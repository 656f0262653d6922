// What a terminal acts on instead of showing, when it arrives in text the CLI did not write
// itself (a provider's error message, a currency, a code): C0 controls (ESC starts colour,
// cursor, screen-clearing and OSC 8 hyperlink sequences; CR overwrites the line; BEL rings),
// DEL, C1 controls (U+009B is a one-character CSI), the line and paragraph separators, and the
// bidi controls that reorder what is shown ("Trojan Source", CVE-2021-42574).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const controls = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// JSON.stringify already writes C0 controls as `\u00XX`; outside strings its output holds only
// the newlines and spaces of its own layout, which must stay.
const jsonControls = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (char: string, digits: number) => (char.codePointAt(0) ?? 0).toString(16).padStart(digits, '0');

/**
 * Shows control characters in text from a server as visible escapes, so printing it cannot
 * recolour, move, clear or retitle the terminal, hide a line, or plant a hyperlink. keygate's
 * own colours are added after this, so they still work.
 *
 * @param text Text that came from outside keygate, e.g. a provider's error message.
 * @returns The text with each control character written as `\xHH` (up to U+00FF) or `\uHHHH`.
 * @example
 * ```ts no-run
 * escapeControlCharacters('bad key\u001b[2J') // 'bad key\\x1b[2J', shown as: bad key\x1b[2J
 * ```
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(controls, (char) =>
    char.charCodeAt(0) <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`,
  );
}

/**
 * Makes `JSON.stringify` output safe for a terminal: C1 controls, DEL, the line separators and
 * the bidi controls, which JSON allows raw inside strings, are written as `\uHHHH` escapes.
 * These characters can only occur inside strings, so the JSON parses to the same value.
 *
 * @param json The output of `JSON.stringify`.
 * @returns The same JSON, with those characters escaped.
 */
export function escapeJsonControlCharacters(json: string): string {
  return json.replace(jsonControls, (char) => `\\u${hex(char, 4)}`);
}
