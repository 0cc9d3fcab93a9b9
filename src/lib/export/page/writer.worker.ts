/**
 * Builds the export page's CSV and XLSX files off the page's thread (writer.ts drives it): writing 230,000 rows
 * with exceljs takes seconds of CPU, which on the page's thread would freeze it. The rows arrive in chunks;
 * `end` builds the file with the same library as the CLI (csv.ts, xlsx.ts) and sends the bytes back
 * (transferred, not copied).
 */
import type { ExportColumn, ExportRow } from '../columns.ts';
import { csvBytes } from '../csv.ts';
import { addListSheet, addStatementSheet, newWorkbook, workbookBytes, type ExportStatement } from '../xlsx.ts';
import type { ToWriter, FromWriter } from './writer.ts';

let columns: ExportColumn[] = [];
let rows: ExportRow[] = [];
let start: Extract<ToWriter, { type: 'start' }> | null = null;

const post = (m: FromWriter, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = async (e: MessageEvent<ToWriter>) => {
  const m = e.data;
  try {
    if (m.type === 'start') {
      start = m;
      columns = m.columns;
      rows = [];
    } else if (m.type === 'rows') {
      for (const r of m.rows) rows.push(r);
      post({ type: 'received', rows: rows.length });
    } else if (m.type === 'end') {
      if (!start) throw new Error('no start');
      let bytes: Uint8Array;
      if (start.format === 'csv') bytes = csvBytes(columns, rows, { lang: start.lang });
      else {
        const s = start.statement!;
        const statement: ExportStatement = { ...s, generatedAt: new Date(s.generatedAt) };
        const total = rows.reduce((n, r) => n + (typeof r.award_yuan === 'number' ? r.award_yuan : 0), 0);
        const wb = await newWorkbook();
        addStatementSheet(wb, statement, [...(start.extra ?? []), ['导出行数', rows.length], ['奖补金额合计（元）', total]]);
        post({ type: 'writing', step: 'sheet' });
        addListSheet(wb, start.lang === 'zh' ? '企业清单' : 'Firms', columns, rows, start.lang);
        post({ type: 'writing', step: 'zip' });
        bytes = await workbookBytes(wb);
      }
      rows = [];
      const buffer = bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
      post({ type: 'done', bytes: buffer as ArrayBuffer }, [buffer as ArrayBuffer]);
    }
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
