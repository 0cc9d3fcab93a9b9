/**
 * Users' files -> the canonical tables of the data contract, with a validation report a statistician
 * can act on. Runs unchanged on DuckDB-WASM and node-api: only the `Db` interface, SQL for every check.
 *
 * Per file: read (decode, find the header) -> raw table (all text, or Parquet's own types) -> view with
 * row numbers -> choose the table and map headers. Per table: plan each file's columns (unit-plan.ts),
 * count every check in one pass and list what was found (findings.ts), check firm ids against the
 * enterprises, find repeated keys across the table's files, then insert the rows without errors (or,
 * for one clean file already in the contract's types, rename its table). Row numbers are as a
 * spreadsheet shows them: the header is row 1, the first data row is row 2.
 *
 * Decisions: a row with any error is not loaded (duplicates: none of the rows sharing a key); warnings
 * load the row. Extra decimals on money are rounded with a warning, not rejected: values computed in
 * yuan / 10,000 carry four decimals and are otherwise right.
 */
import { compact, ident, type Db } from '../db/types.ts';
import type { InputFile, TableSummary, LoadReport, LeftOut, LoadProgress, LoadOptions } from './report.ts';
import { nameExtras } from './extra-columns.ts';
import { SQL_TYPE, TABLES, createTableSql, type TableName, type TableSpec } from './contract.ts';
import { chooseTable, type TableMatch } from './headers.ts';
import { issueMessage } from './messages.ts';
import { findLeftOut, leftOutReport } from './left-out-sql.ts';
import { countPadded } from './padded-cells.ts';
import { useStorageFor } from '../db/storage.ts';
import { isCategorical } from './column-sql.ts';
import { readInput, type FileUnit, type Note } from './read-file.ts';
import { newUnitState, type UnitState } from './unit-state.ts';
import { planUnit, srcColumn, type ExtraColumn, type MappedColumn, type UnitPlan } from './unit-plan.ts';
import {
  DUPLICATES,
  FINDINGS,
  ISSUE_CAP,
  REJECTED,
  collectDuplicates,
  collectFindings,
  collectFirmFindings,
  collectRejected,
  createFindings,
  listDuplicates,
  listFindings,
  rejectedCount,
  type DuplicateHit
} from './findings.ts';
import { ISSUE_SEVERITY, type IssueCode } from './codes.ts';
import { errorMessage, firstLine } from '../format/error-line.ts';

export type { InputFile, Issue, FileReport, TableSummary, LoadReport, LeftOut, LoadProgress, LoadOptions } from './report.ts';

const reason = (e: unknown) => firstLine(errorMessage(e)).slice(0, 200);

class Ingest {
  private units: UnitState[] = [];
  private objects: { kind: 'TABLE' | 'VIEW'; name: string }[] = [];
  constructor(private db: Db) {}

  private add(u: UnitState, n: Note): void {
    const row = n.row ?? null;
    const column = n.column ?? null;
    const value = n.value ?? null;
    const severity = ISSUE_SEVERITY[n.code];
    u.issues.push({
      order: row ?? 0,
      issue: {
        severity,
        file: u.unit.name,
        table: u.report.table,
        row,
        column,
        value,
        code: n.code,
        message: issueMessage(n.code, { file: u.unit.name, row, column, value, detail: n.detail })
      }
    });
    u.counts[severity] += 1;
  }

  /** Adds the listed findings; a code with more findings than listed gets one line saying how many more. */
  private addListed(u: UnitState, listed: Note[], totals: Map<IssueCode, number>): void {
    for (const n of listed) this.add(u, n);
    for (const [code, total] of totals) {
      const more = total - listed.filter((n) => n.code === code).length;
      if (more <= 0) continue;
      const severity = ISSUE_SEVERITY[code];
      u.counts[severity] += more;
      u.issues.push({
        order: Infinity,
        issue: {
          severity,
          file: u.unit.name,
          table: u.report.table,
          row: null,
          column: null,
          value: null,
          code,
          message: issueMessage('more_rows', { file: u.unit.name, row: null, column: null, value: null, detail: { more, code, total } })
        }
      });
    }
  }

  async run(files: InputFile[], { onProgress, signal }: LoadOptions = {}): Promise<LoadReport> {
    const total = files.length + TABLES.length + 1;
    let done = 0;
    const step = (kind: LoadProgress['step'], name: string) => {
      signal?.throwIfAborted();
      onProgress?.({ step: kind, name, done: done++, total });
    };
    await createFindings(this.db);
    for (const file of files) {
      step('read', file.name);
      for (const unit of await readInput(file)) await this.open(unit);
    }
    this.settleUnrecognised();
    for (const spec of TABLES) {
      step('check', spec.name);
      await this.fill(spec);
    }
    step('summary', '');
    const tables: TableSummary[] = [];
    for (const spec of TABLES) tables.push(await this.summary(spec));
    // Notes made while reading (title rows, encoding) came before the table was known.
    const issues = this.units.flatMap((u) => u.issues.sort((a, b) => a.order - b.order).map((i) => ({ ...i.issue, table: i.issue.table ?? u.report.table })));
    const errorCount = this.units.reduce((a, u) => a + u.counts.error, 0);
    const warningCount = this.units.reduce((a, u) => a + u.counts.warning, 0);
    const leftOut: LeftOut[] = this.units.flatMap((u) => leftOutReport(u.unit.name, u.report.table, u.unit.unitRow, u.leftOut));
    const leftOutCount = this.units.reduce((a, u) => a + u.leftOutCount, 0);
    return { files: this.units.map((u) => u.report), issues, tables, errorCount, warningCount, leftOut, leftOutCount };
  }

  /** Reads one unit into a raw table and decides its table and columns. */
  private async open(unit: FileUnit): Promise<void> {
    const index = this.units.length;
    const u = newUnitState(unit, index);
    this.units.push(u);
    for (const note of unit.notes) this.add(u, note);
    const unread = () => {
      // nothing of the file was read: no row is counted, so none is left out either
      u.leftOut = u.leftOut.filter((l) => l.kind === 'title');
      u.leftOutCount = 0;
    };
    if (unit.fatal) return unread(), this.add(u, unit.fatal);

    this.objects.push({ kind: 'TABLE', name: u.raw });
    try {
      await unit.load(this.db, u.raw);
    } catch (e) {
      return unread(), this.add(u, { code: 'csv_read_failed', detail: { reason: reason(e) } });
    }
    const described = await this.db.query<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE ${ident(u.raw)})`);
    const names = described.map((r) => r.column_name);
    const types = described.map((r) => r.column_type);
    const header = unit.header && unit.header.length === names.length ? unit.header : names;
    u.rawColumns = names;
    u.rawRows = Number((await this.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ident(u.raw)}`))[0].n);
    // DuckDB's reader drops some records without a word; the row numbers depend on it not doing so.
    if (unit.records !== null && u.rawRows !== unit.records) {
      return unread(), this.add(u, { code: 'csv_read_failed', detail: { reason: `DuckDB read ${u.rawRows} rows, the file has ${unit.records}` } });
    }

    // Columns keep their types (Parquet): the stage casts only what needs parsing from text.
    const cols = names.map((name, i) => `${ident(name)} AS ${srcColumn(i)}`);
    const blank = names.map((_, i) => `${srcColumn(i)} IS NULL`).join(' AND ') || 'true';
    this.objects.push({ kind: 'VIEW', name: u.src });
    const createView = (extra: string) =>
      this.db.exec(
        `CREATE OR REPLACE VIEW ${ident(u.src)} AS SELECT * FROM (SELECT (rowid + ${unit.headerRow + 1})::BIGINT AS "__row", ${cols.join(', ')} ` +
          `FROM ${ident(u.raw)}) WHERE NOT (${blank})${extra}`
      );
    await createView('');
    const [{ n, ...filled }] = await this.db.query<Record<string, number>>(
      `SELECT ${['count(*) AS n', ...header.map((h, i) => (h ? '' : `count(${srcColumn(i)}) AS f${i}`))].filter(Boolean).join(', ')} FROM ${ident(u.src)}`
    );
    u.report.rowsRead = Number(n) + unit.malformed.length + u.leftOutCount;

    // Columns with neither header nor data are Excel's trailing commas: not columns at all.
    const present = header.map((h, i) => ({ h, i })).filter(({ h, i }) => h || Number(filled[`f${i}`]) > 0);
    const match = chooseTable(unit.fileName, unit.sheet, present.map((p) => p.h));
    u.match = match;
    u.report.columns = present.map(({ h, i }, k) => ({ source: h || `column${i + 1}`, target: match?.columns[k].target ?? null }));
    const notLoaded = () => void (u.report.rowsRejected = u.report.rowsRead - (u.report.rowsLeftOut = u.leftOutCount));
    notLoaded();
    if (!match) return; // reported in settleUnrecognised, once every sheet of the workbook is known
    u.report.table = match.table.name;
    const firmAt = match.columns.findIndex((c) => c.target === 'firm_id');
    const left = await this.leaveOut(u, types, firmAt >= 0 ? present[firmAt].i : null);
    if (left) {
      await createView(` AND "__row" NOT IN (SELECT "row" FROM ${ident(left)})`);
      notLoaded();
    }
    this.addMalformed(u);
    for (const missing of match.missing) this.addMissing(u, match, missing.name);
    if (match.missing.length) return;
    // A unit row above the header (单位：元) other than the contract's 万元 would change every amount
    // 10,000-fold: amounts whose header does not state its own unit are not read under it.
    if (unit.unitRow && unit.unitRow !== '万元') {
      const bare = match.columns.filter((c) => c.target && match.table.columns.find((col) => col.name === c.target)?.kind === 'money_10k' && !/[（(][^（(]*[）)]\s*$/.test(c.source));
      if (bare.length) {
        return this.add(u, { code: 'unit_row_mismatch', column: bare[0].source, value: `单位：${unit.unitRow}`, detail: { unit: unit.unitRow, columns: bare.map((c) => c.source).join('、') } });
      }
    }

    // Text columns read row by row (ids, names, amounts) skip trimming when no cell needs it.
    const perRow = present.filter(({ i }, k) => {
      const target = match.columns[k].target;
      const spec = match.table.columns.find((col) => col.name === target);
      return types[i] === 'VARCHAR' && spec && !isCategorical(spec, match.table.name);
    });
    // ids repeat unless the firm is the whole key (enterprises): only then is a pass over distinct ids cheaper
    const repeated = firmAt >= 0 && match.table.key.join() !== 'firm_id' ? present[firmAt].i : null;
    const padded = await countPadded(this.db, u.src, perRow.map((p) => p.i), repeated);

    match.columns.forEach((c, k) => {
      const { i } = present[k];
      const source = c.source || `column${i + 1}`;
      const clean = types[i] === 'VARCHAR' && padded[`t${i}`] !== undefined && !Number(padded[`t${i}`]);
      if (c.target) u.mapped.push({ column: match.table.columns.find((col) => col.name === c.target)!, index: i, source, type: types[i], clean });
      else u.extras.push({ index: i, source, type: types[i] });
      if (c.note?.kind === 'unit') {
        const base = c.source.replace(/[（(][^（(]*$/, '');
        this.add(u, {
          code: 'unit_mismatch',
          column: c.source,
          detail: { unit: c.note.unit, expected: c.note.expected, target: c.note.of, suggest: `${base}（${c.note.expected}）` }
        });
      } else if (c.note?.kind === 'duplicate') {
        const of = c.note.of;
        this.add(u, { code: 'duplicate_column', column: c.source, detail: { of, target: match.columns.find((m) => m.source === of)?.target ?? '' } });
      } else if (!c.source) {
        this.add(u, { code: 'unnamed_column', column: source, detail: { position: i + 1 } });
      }
    });
    if (Number(n) === 0) this.add(u, { code: 'empty_file', detail: { tableZh: match.table.title.zh, tableEn: match.table.title.en } });
    u.loadable = true;
  }

  /** The file's totals and notes below the header (left-out-sql.ts): listed, counted; returns their table or null. */
  private async leaveOut(u: UnitState, types: string[], firmIndex: number | null): Promise<string | null> {
    const name = `__ingest_left_${u.index}`;
    this.objects.push({ kind: 'TABLE', name });
    const found = await findLeftOut(this.db, u.src, name, types, firmIndex);
    if (!found) return null;
    u.leftOut.push(...found.listed);
    u.leftOutCount += found.count;
    return name;
  }

  private addMissing(u: UnitState, match: TableMatch, name: string): void {
    const missing = match.table.columns.find((c) => c.name === name)!;
    const wrongUnit = match.columns.find((c) => c.note?.kind === 'unit' && c.note.of === name);
    const note = wrongUnit?.note?.kind === 'unit' ? wrongUnit.note : null;
    this.add(u, {
      code: 'missing_column',
      column: missing.aliases[0] ?? missing.name,
      detail: {
        names: [missing.name, ...missing.aliases].join('|'),
        tableZh: match.table.title.zh,
        tableEn: match.table.title.en,
        unitZh: note ? `；列「${wrongUnit!.source}」的单位是 ${note.unit}，需要 ${note.expected}` : '',
        unitEn: note ? `; column "${wrongUnit!.source}" is in ${note.unit}, but ${note.expected} is needed` : ''
      }
    });
  }

  private addMalformed(u: UnitState): void {
    const { malformed, header } = u.unit;
    const listed: Note[] = malformed.slice(0, ISSUE_CAP).map((m) => ({ code: 'malformed_row', row: m.row, detail: { fields: m.fields, expected: header?.length ?? 0 } }));
    this.addListed(u, listed, new Map([['malformed_row', malformed.length]]));
  }

  /** A sheet that fits no table is a warning when other sheets of its workbook loaded (notes sheets), else an error. */
  private settleUnrecognised(): void {
    for (const u of this.units) {
      if (u.match || u.unit.fatal || u.issues.some((i) => i.issue.code === 'csv_read_failed')) continue;
      const siblingLoaded = u.unit.sheet !== null && this.units.some((o) => o !== u && o.unit.fileName === u.unit.fileName && o.match);
      const headers = u.report.columns.map((c) => c.source).slice(0, 12).join('、');
      this.add(u, { code: siblingLoaded ? 'unrecognised_sheet' : 'unrecognised_file', detail: { headers } });
      this.addMalformed(u);
    }
  }

  /** Builds one canonical table from the files that hold it. */
  private async fill(spec: TableSpec): Promise<void> {
    const units = this.units.filter((u) => u.loadable && u.match?.table === spec);
    const enterprises = spec.refersToFirms ? Number((await this.db.query<{ n: number }>('SELECT count(*) AS n FROM enterprises'))[0].n) : 0;
    const plans = new Map<UnitState, UnitPlan>();
    for (const u of units) {
      const plan = await planUnit(this.db, u.index, u.src, spec, u.mapped, u.extras, enterprises > 0);
      this.objects.push(...plan.tables.map((name) => ({ kind: 'TABLE' as const, name })));
      plans.set(u, plan);
      await collectFindings(this.db, u.index, plan);
      await collectFirmFindings(this.db, u.index, plan);
    }
    await collectDuplicates(this.db, spec.key, units.map((u) => ({ unit: u.index, plan: plans.get(u)! })));
    await collectRejected(this.db);

    const extraNames = nameExtras(spec, units);
    const only = units.length === 1 ? units[0] : null;
    for (const u of units) {
      const plan = plans.get(u)!;
      const hits = await listFindings(this.db, u.index, plan);
      const slots = new Map([...plan.checks.map((c) => [c.slot, c] as const)]);
      const listed: Note[] = hits.listed.map((h) => {
        const check = slots.get(h.slot);
        const source = check?.source ?? plan.firm!.source;
        const detail = { ...(check ? check.staticDetail : plan.firm!.detail), ...(check?.detail ? { [check.detail.key]: h.detail ?? '' } : {}) };
        return { code: h.code as IssueCode, row: h.row, column: source, value: h.value, detail };
      });
      this.addListed(u, listed, hits.totals as Map<IssueCode, number>);
      const dups = await listDuplicates(this.db, u.index, spec.key.length);
      this.addDuplicates(u, spec, dups.listed, dups.total);

      const rejected = await rejectedCount(this.db, u.index);
      u.report.rowsRejected = rejected + u.unit.malformed.length;
      u.report.rowsLoaded = u.report.rowsRead - u.report.rowsRejected - u.leftOutCount;
      if (spec.refersToFirms && !enterprises && u.report.rowsLoaded > 0) this.add(u, { code: 'unknown_firm' });

      if (u === only && plan.passThrough && !rejected && !u.leftOutCount && u.rawRows === u.report.rowsLoaded) {
        await this.adopt(spec, u, plan, extraNames);
        continue;
      }
      if (u === units[0]) await this.db.exec(createTableSql(spec, [...new Set(extraNames.values())]));
      const targets = [...plan.values.keys(), ...plan.extras.map((x) => extraNames.get(`${u.index}:${x.index}`)!)];
      const values = [...plan.values.values(), ...plan.extras.map((x) => x.sql)];
      const keep = rejected ? ` WHERE src."__row" NOT IN (SELECT "row" FROM ${REJECTED} WHERE unit = ${u.index})` : '';
      await this.db.exec(`INSERT INTO ${ident(spec.name)} (${targets.map(ident).join(', ')}) SELECT ${values.join(', ')} FROM ${plan.from}${keep}`);
    }
    if (!units.length) await this.db.exec(createTableSql(spec));
  }

  /**
   * The file's own table becomes the canonical table: columns renamed, absent ones added, no rows
   * copied (for a 10-million-row Parquet file, one copy less in memory and a few seconds less).
   */
  private async adopt(spec: TableSpec, u: UnitState, plan: UnitPlan, extraNames: Map<string, string>): Promise<void> {
    const raw = ident(u.raw);
    const final = new Map<number, string>();
    for (const m of u.mapped) final.set(m.index, m.column.name);
    for (const x of plan.extras) final.set(x.index, extraNames.get(`${u.index}:${x.index}`)!);
    const steps = [`DROP VIEW IF EXISTS ${ident(u.src)}`, `DROP TABLE IF EXISTS ${ident(spec.name)}`];
    for (const [i, name] of u.rawColumns.entries()) {
      steps.push(final.has(i) ? `ALTER TABLE ${raw} RENAME COLUMN ${ident(name)} TO ${ident(`__t${i}`)}` : `ALTER TABLE ${raw} DROP COLUMN ${ident(name)}`);
    }
    for (const [i, name] of final) steps.push(`ALTER TABLE ${raw} RENAME COLUMN ${ident(`__t${i}`)} TO ${ident(name)}`);
    for (const c of spec.columns) if (!plan.values.has(c.name)) steps.push(`ALTER TABLE ${raw} ADD COLUMN ${ident(c.name)} ${SQL_TYPE[c.kind]}`);
    steps.push(`ALTER TABLE ${raw} RENAME TO ${ident(spec.name)}`);
    // one batch: in the browser every call is a round trip to DuckDB's worker
    await this.db.exec(steps.join(';\n'));
  }

  private addDuplicates(u: UnitState, spec: TableSpec, listed: DuplicateHit[], total: number): void {
    const keyHeaders = spec.key.map((k) => u.mapped.find((m) => m.column.name === k)!.source).join(' + ');
    const where = ([unit, row]: [number, number], zh: boolean) =>
      unit === u.index ? (zh ? `第 ${row} 行` : `row ${row}`) : zh ? `文件 ${this.units[unit].unit.name} 第 ${row} 行` : `${this.units[unit].unit.name} row ${row}`;
    const notes: Note[] = listed.map((d) => {
      const more = d.n - 1 - d.others.length;
      return {
        code: 'duplicate_key',
        row: d.row,
        column: keyHeaders,
        value: d.key,
        detail: {
          othersZh: d.others.map((o) => where(o, true)).join('、') + (more > 0 ? ` 等另外 ${d.n - 1} 行` : ''),
          othersEn: d.others.map((o) => where(o, false)).join(', ') + (more > 0 ? ` and ${more} more rows` : '')
        }
      };
    });
    this.addListed(u, notes, new Map([['duplicate_key', total]]));
  }

  private async summary(spec: TableSpec): Promise<TableSummary> {
    const period = spec.columns.find((c) => c.kind === 'period') ?? spec.columns.find((c) => c.kind === 'year');
    const range = period
      ? `CAST(min(${ident(period.name)}) AS VARCHAR) AS first, CAST(max(${ident(period.name)}) AS VARCHAR) AS last`
      : 'NULL AS first, NULL AS last';
    const [r] = await this.db.query<{ n: number; first: string | null; last: string | null }>(`SELECT count(*) AS n, ${range} FROM ${ident(spec.name)}`);
    return { table: spec.name, rows: Number(r.n), periods: r.first !== null && r.last !== null ? { first: r.first, last: r.last } : null };
  }

  /** One batch of statements: in the browser every statement is a round trip to DuckDB's worker. */
  async cleanup(): Promise<void> {
    const drops = [...this.objects].reverse().map((o) => `DROP ${o.kind} IF EXISTS ${ident(o.name)}`);
    drops.push(...[FINDINGS, DUPLICATES, REJECTED, '__ingest_dupkeys'].map((name) => `DROP TABLE IF EXISTS ${ident(name)}`));
    await this.db.exec(drops.join(';\n'));
    await compact(this.db);
  }
}

/** Replaces the canonical tables with the contents of `files` (tables absent from `files` become empty). */
export async function loadFiles(db: Db, files: InputFile[], options: LoadOptions = {}): Promise<LoadReport> {
  await useStorageFor(db, files);
  const run = new Ingest(db);
  try {
    return await run.run(files, options);
  } finally {
    await run.cleanup();
  }
}

