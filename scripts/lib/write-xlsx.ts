import ExcelJS from 'exceljs';
import type { Row } from '../../src/lib/db/types.ts';

/** Streams rows to an XLSX file (the streaming writer keeps 4-byte characters whole; see STACK.md). */
export async function writeXlsx(path: string, rows: Row[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('awards', { views: [{ state: 'frozen', ySplit: 1 }] });
  const keys = rows.length ? Object.keys(rows[0]) : ['firm_id', 'clause', 'award_yuan'];
  ws.columns = keys.map((k) => ({ header: k, key: k, width: Math.max(12, k.length + 2), style: /_yuan$/.test(k) ? { numFmt: '#,##0' } : {} }));
  for (const r of rows) ws.addRow(r).commit();
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: keys.length } };
  await ws.commit();
  await wb.commit();
}
