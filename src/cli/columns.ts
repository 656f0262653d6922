/** One cell of a row: its text, and the style (a colour) to wrap it in once it is padded. */
export interface Cell {
  text: string;
  style?: ((text: string) => string) | undefined;
}

/** The space between two columns: two characters, so a full column never touches the next. */
const gap = '  ';

/**
 * Lays rows out as columns, each as wide as its widest cell, two spaces apart. A fixed width
 * made a long cell (`TWELVE_LABS_API_KEY not set`) run into the next one; measured widths
 * cannot. Cells are padded before they are styled, so colour escapes never count as width.
 *
 * @param rows The rows, each with the same number of cells.
 * @returns One line per row, without a trailing newline and without trailing spaces.
 */
export function formatColumns(rows: readonly (readonly Cell[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.text.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, column) => {
        const last = column === row.length - 1;
        const text = last ? cell.text : cell.text.padEnd(widths[column] ?? 0);
        return cell.style ? cell.style(text) : text;
      })
      .join(gap),
  );
}
