/**
 * The comparison of saved scenarios: outlay by clause for the published policies and each scenario, as
 * rows for the table and the exports (CSV, XLSX) with the same columns.
 */
import type { Lang } from '../format/numbers.ts';
import type { ExportColumn, ExportRow } from '../export/columns.ts';
import { PACKAGE_BY_ID } from '../policy/bundled.ts';
import { clauseTitle, packageTitle } from '../policy/texts.ts';

export interface Totals {
  clauses: { package: string; clause: string; outlay_yuan: number; recipients: number }[];
  recipients: number;
}

export interface Compared {
  name: string;
  totals: Totals;
}

export interface CompareRow {
  key: string;
  label: string;
  /** Outlay per column: baseline first, then each scenario. */
  values: number[];
}

export function compareRows(baseline: Totals, scenarios: Compared[], lang: Lang): CompareRow[] {
  const keys = [...new Map([baseline, ...scenarios.map((s) => s.totals)].flatMap((t) => t.clauses.map((c) => [`${c.package}:${c.clause}`, c] as const))).values()];
  const value = (t: Totals, pkg: string, clause: string) => t.clauses.find((c) => c.package === pkg && c.clause === clause)?.outlay_yuan ?? 0;
  const rows = keys.map((c) => {
    const pkg = PACKAGE_BY_ID.get(c.package);
    const clause = pkg?.clauses.find((k) => k.id === c.clause);
    return {
      key: `${c.package}:${c.clause}`,
      label: pkg && clause ? `${packageTitle(pkg, lang)} · ${clauseTitle(pkg, clause, lang)}` : `${c.package}:${c.clause}`,
      values: [baseline, ...scenarios.map((s) => s.totals)].map((t) => value(t, c.package, c.clause))
    };
  });
  const total = (t: Totals) => t.clauses.reduce((a, c) => a + c.outlay_yuan, 0);
  return [...rows, { key: '·total', label: lang === 'zh' ? '合计' : 'Total', values: [baseline, ...scenarios.map((s) => s.totals)].map(total) }];
}

/** Columns of the comparison export: the item, then per column the outlay in yuan and, for scenarios, the change from baseline. */
export function compareExport(rows: CompareRow[], names: string[]): { columns: ExportColumn[]; rows: ExportRow[] } {
  const columns: ExportColumn[] = [{ key: 'item', zh: '项目', en: 'Item', kind: 'text' }];
  names.forEach((name, i) => {
    columns.push({ key: `v${i}`, zh: `${name}（元）`, en: `${name} (yuan)`, kind: 'yuan' });
    if (i > 0) columns.push({ key: `d${i}`, zh: `${name} 较现行（元）`, en: `${name} vs published (yuan)`, kind: 'yuan' });
  });
  return {
    columns,
    rows: rows.map((r) => {
      const out: ExportRow = { item: r.label };
      r.values.forEach((v, i) => {
        out[`v${i}`] = v;
        if (i > 0) out[`d${i}`] = v - r.values[0];
      });
      return out;
    })
  };
}
