/**
 * XLSX exports through exceljs (loaded only when needed: ~1 MB), for the browser and the CLI alike:
 * - the flagged-firm list: a first sheet 说明 stating the data, packages, scenario and generation time,
 *   then the list with Chinese headers, yuan as #,##0 and 万元 as #,##0.00, a frozen header row, an
 *   autofilter and column widths that fit Chinese text;
 * - the 公示名单 (notice.ts): one sheet per notice, A4 portrait, fitted to the page width, the header row
 *   repeated on every printed page.
 * Text is always written as a string cell (a shared string): a firm named `=HYPERLINK(...)` stays text.
 */
import type { Package } from '../policy/schema.ts';
import { packageTitle } from '../policy/texts.ts';
import { fillText } from '../policy/labels.ts';
import { header, type ExportColumn, type ExportRow } from './columns.ts';
import type { Notice } from './notice.ts';
import type ExcelJSType from 'exceljs';

type Workbook = ExcelJSType.Workbook;
type Worksheet = ExcelJSType.Worksheet;

const NUM_FMT: Record<ExportColumn['kind'], string | undefined> = { yuan: '#,##0', wan: '#,##0.00', int: '#,##0', text: undefined };

/** Display width of a text in Excel's character units: CJK and full-width characters count 2. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000 ? 2 : 1;
  }
  return w;
}

const numberText = (v: number, kind: ExportColumn['kind']) => (kind === 'wan' ? v.toFixed(2) : String(Math.round(v))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Column widths from the header and the first rows (a sample keeps 100,000 rows fast), within [min, max]. */
export function columnWidths(columns: ExportColumn[], rows: ExportRow[], lang: 'zh' | 'en' = 'zh', max = 60, sample = 2000): number[] {
  return columns.map((c) => {
    let w = displayWidth(header(c, lang)) + 2; // room for the autofilter button
    for (let i = 0; i < Math.min(rows.length, sample); i++) {
      const v = rows[i][c.key];
      if (v === null || v === undefined) continue;
      w = Math.max(w, displayWidth(typeof v === 'number' ? numberText(v, c.kind) : String(v)));
    }
    return Math.min(max, Math.max(8, w + 1));
  });
}

export async function newWorkbook(): Promise<Workbook> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = '政策兑现 · 工业运行';
  return wb;
}

/** The generation time a workbook states (its 说明 sheet's 生成时间), set by addStatementSheet. */
const STATED_AT = new WeakMap<Workbook, Date>();

/**
 * The workbook as bytes. With a time (`at`, or the 说明 sheet's generatedAt), the file depends on nothing
 * else: exceljs's docProps created/modified and every zip entry's modification time are set to it (by
 * default both are the moment of writing), so the same inputs give the same bytes.
 */
export async function workbookBytes(wb: Workbook, at: Date | undefined = STATED_AT.get(wb)): Promise<Uint8Array> {
  if (at) wb.created = wb.modified = at;
  const buf = await wb.xlsx.writeBuffer({ useSharedStrings: true } as never);
  const bytes = new Uint8Array(buf as ArrayBuffer);
  return at ? setZipTimes(bytes, at) : bytes;
}

/**
 * Sets the MS-DOS modification time and date of every entry of a zip (its local headers and its central
 * directory; UTC, as JSZip writes them) in place. The CRCs cover the contents only, so the file stays valid.
 */
export function setZipTimes(zip: Uint8Array, at: Date): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = (Math.max(0, at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  // end of central directory: signature 0x06054b50, the last 22 bytes when there is no comment
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const entries = view.getUint16(eocd + 10, true);
  let entry = view.getUint32(eocd + 16, true);
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(entry, true) !== 0x02014b50) throw new Error('zip central directory entry expected');
    view.setUint16(entry + 12, time, true);
    view.setUint16(entry + 14, date, true);
    const local = view.getUint32(entry + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error('zip local file header expected');
    view.setUint16(local + 10, time, true);
    view.setUint16(local + 12, date, true);
    entry += 46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
  }
  return zip;
}

/** A sheet name Excel accepts: no []:*?/\, at most 31 characters, unique in the workbook. */
export function sheetName(wb: Workbook, wanted: string): string {
  const base = (wanted.replace(/[[\]:*?/\\]/g, '_').trim() || 'Sheet').slice(0, 31);
  let name = base;
  for (let i = 2; wb.worksheets.some((s) => s.name.toLowerCase() === name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  return name;
}

/** A parameter of the scenario that differs from the baseline, as the caller states it. */
export interface ChangedParameter {
  package: string;
  name: string;
  /** The parameter's label in words. */
  label: string;
  baseline: string;
  value: string;
}

/** What the 说明 sheet states. Everything about the input comes from the caller (the page or the CLI). */
export interface ExportStatement {
  /** The data files loaded (names; rows when known). */
  files: { name: string; rows?: number | null }[];
  /** The periods the data covers, e.g. "2020年一季度 至 2024年四季度". */
  period?: string;
  /** Rows per table loaded. */
  tableRows?: Record<string, number>;
  /** SHA-256 of the input (hex), computed by the caller. */
  inputSha256?: string;
  packages: Package[];
  /** Scenario name; null or '' for the baseline. */
  scenarioName?: string | null;
  changed?: ChangedParameter[];
  /** The filter in words ("区县：东城区；状态：已兑现"). */
  filter?: string;
  generatedAt: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const dateTimeText = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/** The 说明 sheet: one "item | content" pair per line. */
export function addStatementSheet(wb: Workbook, s: ExportStatement, extra: [string, string | number][] = []): Worksheet {
  STATED_AT.set(wb, s.generatedAt);
  const ws = wb.addWorksheet(sheetName(wb, '说明'));
  const lines: [string, string | number][] = [];
  lines.push(['数据文件', s.files.length ? s.files.map((f) => (f.rows === null || f.rows === undefined ? f.name : `${f.name}（${f.rows.toLocaleString('en-US')} 行）`)).join('；') : '—']);
  if (s.period) lines.push(['数据期别', s.period]);
  if (s.tableRows) lines.push(['各表行数', Object.entries(s.tableRows).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join('；')]);
  lines.push(['输入数据 SHA-256', s.inputSha256 ?? '—']);
  for (const p of s.packages) lines.push(['政策文件', `${packageTitle(p, 'zh')}（${fillText(p.issuer, p, 'zh')}，${p.docNumber}，有效期 ${p.effective.from} 至 ${p.effective.to}）`]);
  lines.push(['测算方案', s.scenarioName?.trim() || '基线（政策原文参数）']);
  if (s.changed?.length) for (const c of s.changed) lines.push(['与基线不同的参数', `${c.label}（${c.package}.${c.name}）：基线 ${c.baseline} → ${c.value}`]);
  else lines.push(['与基线不同的参数', '无']);
  if (s.filter) lines.push(['筛选条件', s.filter]);
  lines.push(...extra);
  lines.push(['生成时间', dateTimeText(s.generatedAt)]);
  ws.columns = [{ width: 20 }, { width: 100 }];
  ws.addRow(['项目', '内容']).font = { bold: true };
  for (const l of lines) {
    const row = ws.addRow(l);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { vertical: 'top' };
    if (typeof l[1] === 'number') row.getCell(2).numFmt = '#,##0';
  }
  return ws;
}

/** A list sheet: headers, number formats, frozen header row, autofilter, widths that fit Chinese text. */
export function addListSheet(wb: Workbook, name: string, columns: ExportColumn[], rows: ExportRow[], lang: 'zh' | 'en' = 'zh'): Worksheet {
  const ws = wb.addWorksheet(sheetName(wb, name), { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = columnWidths(columns, rows, lang);
  ws.columns = columns.map((c, i) => ({ header: header(c, lang), key: c.key, width: widths[i], style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values: (string | number | null)[] = columns.map((c) => {
      const v = r[c.key];
      return v === undefined ? null : v;
    });
    ws.addRow(values);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** The flagged-firm workbook: 说明 first, then the list (sheet 企业清单). */
export async function flaggedXlsx(columns: ExportColumn[], rows: ExportRow[], statement: ExportStatement, opts: { lang?: 'zh' | 'en'; sheet?: string } = {}): Promise<Uint8Array> {
  const wb = await newWorkbook();
  const yuan = columns.find((c) => c.kind === 'yuan');
  const total = yuan ? rows.reduce((n, r) => n + (typeof r[yuan.key] === 'number' ? (r[yuan.key] as number) : 0), 0) : null;
  addStatementSheet(wb, statement, [['导出行数', rows.length], ...(total === null ? [] : ([['奖补金额合计（元）', total]] as [string, number][]))]);
  addListSheet(wb, opts.sheet ?? '企业清单', columns, rows, opts.lang ?? 'zh');
  return workbookBytes(wb);
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** One 公示名单 sheet: title, header (repeated on each printed page), rows, 合计, issuer and date; A4 portrait, fit to width. */
export function addNoticeSheet(wb: Workbook, notice: Notice, name: string): Worksheet {
  const ws = wb.addWorksheet(sheetName(wb, name), {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' }
  });
  const n = notice.columns.length;
  const widths = columnWidths(notice.columns, notice.rows, 'zh', 40);
  ws.columns = notice.columns.map((c, i) => ({ key: c.key, width: Math.max(widths[i], c.key === 'seq' ? 6 : 10) }));
  ws.mergeCells(1, 1, 1, n);
  const title = ws.getCell(1, 1);
  title.value = notice.title;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 36;
  if (notice.subtitle) {
    ws.mergeCells(2, 1, 2, n);
    ws.getCell(2, 1).value = notice.subtitle;
    ws.getCell(2, 1).alignment = { horizontal: 'center' };
  }
  const headerRowNo = 3;
  const head = ws.getRow(headerRowNo);
  notice.columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.zh;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  ws.pageSetup.printTitlesRow = `${headerRowNo}:${headerRowNo}`;
  ws.views = [{ state: 'frozen', ySplit: headerRowNo }];
  let r = headerRowNo;
  for (const row of notice.rows) {
    const x = ws.getRow(++r);
    notice.columns.forEach((c, i) => {
      const cell = x.getCell(i + 1);
      const v = row[c.key];
      cell.value = v === undefined ? null : v;
      cell.border = BORDER;
      if (NUM_FMT[c.kind]) cell.numFmt = NUM_FMT[c.kind]!;
      cell.alignment = c.key === 'seq' ? { horizontal: 'center' } : c.kind === 'text' ? { wrapText: true, vertical: 'middle' } : { vertical: 'middle' };
    });
  }
  const totalRow = ws.getRow(++r);
  const amountCol = notice.columns.findIndex((c) => c.key === 'award_wan') + 1;
  ws.mergeCells(r, 1, r, amountCol - 1);
  totalRow.getCell(1).value = '合计';
  totalRow.getCell(1).alignment = { horizontal: 'center' };
  totalRow.getCell(amountCol).value = notice.totalWan;
  totalRow.getCell(amountCol).numFmt = '#,##0.00';
  for (let i = 1; i <= n; i++) {
    totalRow.getCell(i).border = BORDER;
    totalRow.getCell(i).font = { bold: true };
  }
  r += 2;
  for (const line of [notice.issuer, notice.dateText]) {
    ws.mergeCells(r, 1, r, n);
    ws.getCell(r, 1).value = line;
    ws.getCell(r, 1).alignment = { horizontal: 'right' };
    r++;
  }
  return ws;
}

/**
 * The 公示名单 workbook: one sheet per notice, named by `sheet` (default: the package's short file title);
 * `generatedAt` fixes the file's timestamps (same notices, same bytes).
 */
export async function noticeXlsx(notices: Notice[], sheet: (n: Notice) => string = (n) => n.sheet, generatedAt?: Date): Promise<Uint8Array> {
  const wb = await newWorkbook();
  for (const n of notices) addNoticeSheet(wb, n, sheet(n));
  if (!notices.length) wb.addWorksheet('公示名单').addRow(['无符合条件的企业']);
  return workbookBytes(wb, generatedAt);
}
