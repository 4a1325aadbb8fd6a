// A small CSV reader for pack data: numeric tables with a header, ',' or ';' separated,
// optionally quoted header cells. Every problem names the file, row and column.
import { DlxError } from './errors';

export interface Table {
  columns: string[];
  /** Column-major numeric data. Text columns hold NaN and are listed in `textColumns`. */
  values: Float64Array[];
  text: Map<string, string[]>;
  rows: number;
}

function unquote(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

/** @param textColumns columns allowed to hold text (e.g. a class name column) */
export function parseCsv(content: string, fileLabel: string, textColumns: string[] = []): Table {
  const lines = content.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new DlxError('data', `${fileLabel} is empty: expected a header row and data rows.`);
  const header = lines[0];
  const separator = header.split(';').length > header.split(',').length ? ';' : ',';
  const columns = header.split(separator).map(unquote);
  const rows = lines.length - 1;
  if (rows === 0) throw new DlxError('data', `${fileLabel} has a header but no data rows: the data set is empty.`);
  const values = columns.map(() => new Float64Array(rows));
  const text = new Map<string, string[]>(
    columns.filter((name) => textColumns.includes(name)).map((name) => [name, new Array<string>(rows)]),
  );
  for (let row = 0; row < rows; row++) {
    const lineNumber = row + 2;
    const cells = lines[row + 1].split(separator);
    if (cells.length !== columns.length) {
      throw new DlxError(
        'data',
        `${fileLabel}, row ${lineNumber}: ${cells.length} cells where the header has ${columns.length} columns (ragged row).`,
      );
    }
    for (let column = 0; column < columns.length; column++) {
      const raw = unquote(cells[column]);
      const textColumn = text.get(columns[column]);
      if (textColumn) {
        textColumn[row] = raw;
        values[column][row] = Number.NaN;
        continue;
      }
      const value = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) {
        throw new DlxError(
          'data',
          `${fileLabel}, row ${lineNumber}, column ${column + 1} ("${columns[column]}"): "${raw}" is not a number.`,
        );
      }
      values[column][row] = value;
    }
  }
  return { columns, values, text, rows };
}
