/**
 * Rows of cell text -> CSV text for `db.loadCsvText` (the one way text reaches both engines).
 * Every non-empty cell is quoted, so commas, newlines and a leading '#' (read as a comment otherwise)
 * arrive unchanged; every record has the header's width, so DuckDB's strict reader accepts it.
 */
export function toCsvText(header: string[], rows: Iterable<string[]>): string {
  const width = header.length;
  const cell = (v: string | undefined) => (v ? '"' + v.replaceAll('"', '""') + '"' : '');
  const lines: string[] = [header.map(cell).join(',')];
  for (const row of rows) {
    let line = cell(row[0]);
    for (let i = 1; i < width; i++) line += ',' + cell(row[i]);
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}
