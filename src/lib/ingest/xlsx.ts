/** XLSX workbook -> each sheet's cells as text, row 1 first (exceljs is ~1 MB: loaded only when needed). */
import { excelCellText } from './cell-text.ts';

export interface SheetRows {
  sheet: string;
  /** rows[i] is Excel row i + 1; cells as text, column A first; blank rows are empty arrays. */
  rows: string[][];
}

export async function readXlsx(bytes: Uint8Array): Promise<SheetRows[]> {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook.worksheets.map((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let c = 1; c < values.length; c++) cells.push(excelCellText(values[c]));
      while (cells.length && cells[cells.length - 1].trim() === '') cells.pop();
      rows[rowNumber - 1] = cells;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    return { sheet: ws.name, rows };
  });
}
