/**
 * The catalogue of bad or awkward inputs (issue 12): each entry a file a bureau might really send, the
 * outcome and the message the statistician reads (file, row as Excel numbers it, column, value).
 * docs/input-catalogue.md is rendered from this table; the last test compares them
 * (`UPDATE_CATALOGUE=1 npx vitest run test/unit/ingest-catalogue.test.ts` rewrites it).
 * Runs on the node engine (the WASM engine runs the same SQL: the other ingest tests cover both). The
 * entries are in catalogue/sheet-cases.ts and catalogue/file-cases.ts; the large file is ingest-large.test.ts.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { openNodeDb } from '../../src/lib/db/node.ts';
import type { LoadReport } from '../../src/lib/ingest/load.ts';
import { load } from '../fixtures/ingest/helpers.ts';
import type { Case, Outcome } from './catalogue/helpers.ts';
import { SHEET_CASES } from './catalogue/sheet-cases.ts';
import { FILE_CASES } from './catalogue/file-cases.ts';

const DOC = new URL('../../docs/input-catalogue.md', import.meta.url);

export const CASES: Case[] = [...SHEET_CASES, ...FILE_CASES];

const FILE_LEVEL = new Set(['unsupported_format', 'csv_read_failed', 'malformed_csv', 'unrecognised_file', 'missing_column', 'unit_row_mismatch']);
const results = new Map<string, string>();

describe('ingest: catalogue of bad and awkward inputs', async () => {
  const db = await openNodeDb();
  afterAll(() => db.close());

  it.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const files = await c.files(db);
    const report = files.length ? await load(db, files) : ({ files: [], issues: [], tables: [], errorCount: 0, warningCount: 0 } as LoadReport);
    for (const f of report.files) expect(f.rowsRead, f.file).toBe(f.rowsLoaded + f.rowsRejected + (f.rowsLeftOut ?? 0));
    const shown = await c.check(report, db);
    const outcome: Outcome = !files.length
      ? 'package refused'
      : c.outcome === 'evaluated: unknown'
        ? c.outcome
        : report.issues.some((i) => i.severity === 'error' && FILE_LEVEL.has(i.code))
          ? 'file not loaded'
          : report.errorCount
            ? 'row not loaded'
            : report.warningCount
              ? 'loaded, warning'
              : (report.leftOutCount ?? 0) > 0
                ? 'loaded, rows left out'
                : 'loaded';
    expect(outcome).toBe(c.outcome);
    results.set(c.id, shown);
  });

  it('has at least 40 entries, and docs/input-catalogue.md lists each with its outcome and message', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    if (results.size !== CASES.length) return; // a filtered run: the document is checked on full runs only
    const cellText = (s: string) => s.replace(/\n/g, '⏎').replace(/\|/g, '\\|');
    const lines = [
      '# 输入目录 / Input catalogue',
      '',
      'Bad or awkward inputs a bureau may send, what the ingest does with each, and the message the statistician',
      'reads (file, row as Excel numbers it, column, value). Generated from `test/unit/ingest-catalogue.test.ts`,',
      'which runs every entry and fails when this file differs (`UPDATE_CATALOGUE=1 npx vitest run',
      'test/unit/ingest-catalogue.test.ts` rewrites it). Outcomes: **loaded**; **loaded, warning** (rows loaded, a',
      'value deserves a look); **loaded, rows left out** (totals, notes: 说明, not errors); **row not loaded** (the',
      'rows with errors; the rest load); **file not loaded**; **package refused** (policy YAML).',
      '',
      'Decisions: a 万 / 万元 suffix in a 万元 column is the unit; 亿 / 亿元 is converted ×10000 by moving the decimal',
      'point in the text (exact); 元 is refused, as is any unit on a count. A 单位：万元 row above the header is',
      'honoured; 单位：元 (or 千元, 亿元) is refused for the whole file unless every amount header states its unit.',
      'Periods: 2024Q1, 2024-Q1, Q1 2024, 2024年一季度 / 第一季度 and 2024年1-3月 (months making exactly one quarter)',
      'are read; a run of months that is not one quarter (2024年1-6月, year to date) and a month are refused with',
      'their own message. Dates: 2024-03-31, 2024/3/31, 20240331, 2024年3月31日, full-width digits, XLSX date cells;',
      'an Excel serial number (10000-73050, i.e. 1927-2099) is read with a warning naming the date.',
      '',
      `| # | id | input | outcome | message (中文 / English) |`,
      `|---|---|---|---|---|`,
      ...CASES.map((c, i) => `| ${i + 1} | ${c.id} | ${cellText(c.input)} | ${c.outcome} | ${cellText(results.get(c.id)!)} |`),
      '',
      `Large file and fuzzing: see \`test/unit/ingest-large.test.ts\` (large file) and`,
      '`test/unit/ingest-fuzz.test.ts`.',
      ''
    ];
    const doc = lines.join('\n');
    if (process.env.UPDATE_CATALOGUE) writeFileSync(DOC, doc);
    expect(readFileSync(DOC, 'utf8')).toBe(doc);
  });
});
