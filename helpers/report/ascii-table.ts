/** Alignment of a column: left or right. */
export type ColumnAlign = 'left' | 'right';

/**
 * Lines of a plain-text table: columns padded with spaces to their widest cell and joined by
 * two spaces; no borders, no colour, trailing spaces trimmed. Missing cells are empty.
 */
export function asciiTable(
  rows: readonly (readonly string[])[],
  align: readonly ColumnAlign[],
): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths: number[] = [];
  for (let c = 0; c < columns; c += 1) {
    widths.push(Math.max(0, ...rows.map((row) => (row[c] ?? '').length)));
  }
  return rows.map((row) =>
    widths
      .map((width, c) => {
        const cell = row[c] ?? '';
        return align[c] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}
