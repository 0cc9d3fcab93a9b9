/**
 * CLI: npm run evaluate -- --data <folder> (--policy <id|all> [--set name=value ...] | --scenario <file.json> [--policy <ids>]) --out <file> [--format csv|parquet|xlsx|notice [--by-district]]
 * Writes one row per award paid (firm_id, clause, award_yuan, then evidence); a summary goes to stderr.
 * The files go through the export modules the browser uses (src/lib/export): CSV with a BOM and formula
 * text neutralised, XLSX with a 说明 sheet, `notice` the 公示名单 (one sheet per package, or per district).
 * `--scenario` evaluates a planner's scenario (the JSON the simulate page saves and shares: packages in force,
 * values, years, clauses off, tier tables; src/lib/simulate/scenario.ts) instead of --policy/--set; a
 * --policy beside it must name the same packages, and --set is refused (the scenario is the one source).
 * Exit codes: 0 done, 1 usage or package error, 2 the data has errors (listed with file, row, column, value).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { openNodeDb } from '../src/lib/db/node.ts';
import { loadFiles } from '../src/lib/ingest/load.ts';
import type { LoadReport, LeftOut } from '../src/lib/ingest/report.ts';
import { prepareAll, evaluateAll, type Scenario } from '../src/lib/policy/awards.ts';
import { totalsByClause } from '../src/lib/policy/totals.ts';
import { paidAwardsSql, paidAwardsTable } from '../src/lib/export/awards-sql.ts';
import type { Package } from '../src/lib/policy/schema.ts';
import { loadAllPackages } from './lib/policies.ts';
import { readQuantity } from '../src/lib/policy/source/quantity.ts';
import { readFolder } from './lib/read-folder.ts';
import { csvBytes } from '../src/lib/export/csv.ts';
import { plainColumns } from '../src/lib/export/columns.ts';
import { flaggedXlsx, noticeXlsx } from '../src/lib/export/xlsx.ts';
import { noticeLists, splitByDistrict } from '../src/lib/export/notice.ts';
import { baselineScenario, parseScenario, type ScenarioDoc } from '../src/lib/simulate/scenario.ts';
import { scenarioChanges } from '../src/lib/simulate/changes.ts';
import { applyScenario } from '../src/lib/simulate/apply.ts';
import { zeroBaseUnknowns, zeroBaseLines, unknownPart } from './lib/zero-base.ts';

const USAGE =
  'usage: npm run evaluate -- --data <folder> (--policy <id|all> [--set name=value ...] | --scenario <file.json> [--policy <ids>]) --out <file> [--format csv|parquet|xlsx|notice [--by-district]]';

/**
 * One line per file with rows left out (not data, not errors): how many and why, e.g.
 * `left out: quarterly.csv: 1 row (1 total (合计/总计/小计)) (not data, not an error)`. The count of rows below
 * the header is exact (FileReport.rowsLeftOut); per kind, the listed rows are counted (the report lists up
 * to 200 per file and kind, so a larger count is shown as "200+"). Title rows above the header are not
 * rows read, so they come after.
 */
export function leftOutLines(report: LoadReport): string[] {
  const lines: string[] = [];
  const names: Record<LeftOut['kind'], [string, string, string]> = {
    total: ['total', 'totals', '合计/总计/小计'],
    note: ['note', 'notes', '注：/数据来源：'],
    title: ['title row', 'title rows', 'above the header: 标题/单位']
  };
  const LISTED_CAP = 200;
  for (const f of report.files) {
    const mine = (report.leftOut ?? []).filter((l) => l.file === f.file);
    const rows = f.rowsLeftOut ?? 0;
    if (!rows && !mine.length) continue;
    const count = (k: LeftOut['kind']) => mine.filter((l) => l.kind === k).length;
    const kind = (k: LeftOut['kind']) => {
      const n = count(k);
      return n ? `${n >= LISTED_CAP ? `${n}+` : n} ${n === 1 ? names[k][0] : names[k][1]} (${names[k][2]})` : null;
    };
    const below = [kind('total'), kind('note')].filter(Boolean).join(', ');
    const parts = [];
    if (rows) parts.push(`${rows} row${rows === 1 ? '' : 's'}${below ? ` (${below})` : ''}`);
    const titles = kind('title');
    if (titles) parts.push(titles);
    lines.push(`left out: ${f.file}: ${parts.join('; ')} (not data, not an error)`);
  }
  return lines;
}

function fail(code: number, message: string): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(code);
}

/**
 * `--set c2_tier1_growth=0.09` (or `=9%`), `--set changchun-2024q1.c1_pool=800`, `--set year=2023`; values
 * are numbers, numbers with their unit, `null`, or a choice. A period (`year`, `base_year` ...) re-bases
 * the packages that have it; everything else is a parameter override.
 */
export function parseSets(sets: string[], packages: Package[]): { scenario: Scenario; periods: Record<string, Record<string, number>> } {
  const scenario: Scenario = {};
  const periods: Record<string, Record<string, number>> = {};
  for (const s of sets) {
    const m = /^(?:([a-z0-9-]+)\.)?([A-Za-z0-9_]+)=(.*)$/.exec(s);
    if (!m) fail(1, `--set ${s}: expected name=value`);
    const [, pkgId, name, rawValue] = m;
    const scope = packages.filter((p) => !pkgId || p.id === pkgId);
    const periodOwners = scope.filter((p) => p.periods[name]);
    if (periodOwners.length) {
      if (!/^\d{4}$/.test(rawValue)) fail(1, `--set ${s}: a period is a year such as 2023`);
      for (const p of periodOwners) (periods[p.id] ??= {})[name] = Number(rawValue);
      continue;
    }
    const owners = scope.filter((p) => p.parameters[name]);
    if (!owners.length) fail(1, `--set ${s}: no parameter or period "${name}" in ${pkgId ?? packages.map((p) => p.id).join(', ')}`);
    for (const p of owners) {
      const unit = p.parameters[name].unit;
      let value: number | string | null;
      if (rawValue === 'null') value = null;
      else if (unit === 'choice') value = rawValue;
      else if (/^-?\d+(\.\d+)?$/.test(rawValue)) value = Number(rawValue);
      else {
        try {
          const q = readQuantity(rawValue);
          if (q.unit && q.unit !== unit) fail(1, `--set ${s}: ${name} is in ${unit}, not ${q.unit}`);
          value = q.value;
        } catch (e) {
          fail(1, `--set ${s}: ${(e as Error).message}`);
        }
      }
      (scenario[p.id] ??= {})[name] = value;
    }
  }
  return { scenario, periods };
}

/**
 * The packages and overrides a scenario file puts in force (packages re-based, clauses off, tier tables
 * edited: src/lib/simulate/apply.ts). `policy`: the package ids --policy named, which must be the scenario's.
 */
export function readScenario(file: string, all: Package[], policy: string[] | null): { packages: Package[]; scenario: Scenario } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(1, `scenario ${file}: ${(e as Error).message}`);
  }
  let doc: ReturnType<typeof parseScenario>;
  try {
    doc = parseScenario(raw, all);
  } catch (e) {
    fail(1, `scenario ${file}: ${(e as Error).message}`);
  }
  if (policy) {
    const named = new Set(policy);
    if (named.size !== doc.packages.length || doc.packages.some((id) => !named.has(id))) {
      fail(1, `--policy ${[...named].join(',')} and scenario ${file} (${doc.packages.join(',')}) name different packages: give the scenario alone`);
    }
  }
  try {
    const applied = applyScenario(doc, all, (id, periods) => loadAllPackages(undefined, { [id]: periods }).find((p) => p.id === id)!);
    return { packages: applied.packages, scenario: applied.overrides, doc };
  } catch (e) {
    fail(1, `scenario ${file}: ${(e as Error).message}`);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      policy: { type: 'string' },
      scenario: { type: 'string' },
      out: { type: 'string' },
      set: { type: 'string', multiple: true },
      format: { type: 'string' },
      'by-district': { type: 'boolean' }
    },
    allowPositionals: false
  });
  if (!values.data || !(values.policy || values.scenario) || !values.out) fail(1, USAGE);
  if (values.scenario && values.set?.length) fail(1, `--set cannot be combined with --scenario ${values.scenario}: put the values in the scenario's "set" (one source of truth)`);
  const format = values.format ?? (/\.(parquet|xlsx)$/i.exec(values.out)?.[1].toLowerCase() ?? 'csv');
  if (!['csv', 'parquet', 'xlsx', 'notice'].includes(format)) fail(1, `--format ${format}: use csv, parquet, xlsx or notice`);
  if (values['by-district'] && format !== 'notice') fail(1, '--by-district goes with --format notice (the 属地推荐清单)');

  const choose = (all: Package[]) => (values.policy === 'all' ? all : all.filter((p) => values.policy!.split(',').includes(p.id)));
  let packages: Package[] = [];
  let scenario: Scenario = {};
  // the scenario as a document, for the XLSX 说明 sheet's list of changes
  let doc: ScenarioDoc | null = null;
  const all = (() => {
    try {
      return loadAllPackages();
    } catch (e) {
      return fail(1, (e as Error).message);
    }
  })();
  try {
    if (values.policy) {
      packages = choose(all);
      if (!packages.length) fail(1, `--policy ${values.policy}: no such package (have: ${all.map((p) => p.id).join(', ')}, all)`);
    }
    if (values.scenario) {
      const named = values.policy ? (values.policy === 'all' ? all.map((p) => p.id) : values.policy.split(',')) : null;
      ({ packages, scenario, doc } = readScenario(values.scenario, all, named));
    }
  } catch (e) {
    fail(1, (e as Error).message);
  }
  if (!values.scenario) {
    const sets = parseSets(values.set ?? [], packages);
    scenario = sets.scenario;
    doc = { ...baselineScenario(packages.map((p) => p.id)), set: sets.scenario, periods: sets.periods };
    if (Object.keys(sets.periods).length) {
      try {
        packages = choose(loadAllPackages(undefined, sets.periods));
      } catch (e) {
        fail(1, (e as Error).message);
      }
    }
  }

  const db = await openNodeDb();
  const files = (() => {
    try {
      return readFolder(values.data!);
    } catch (e) {
      return fail(1, (e as Error).message);
    }
  })();
  const report = await loadFiles(db, files);
  for (const issue of report.issues.filter((i) => i.severity === 'error')) process.stderr.write(`error: ${issue.message.en}\n`);
  if (report.warningCount) process.stderr.write(`${report.warningCount} warning(s) in the data (rows loaded); see the /data page for the list\n`);
  for (const line of leftOutLines(report)) process.stderr.write(line + '\n');
  if (report.errorCount) fail(2, `${report.errorCount} error(s) in the data: nothing written. Fix the rows above and run again.`);

  try {
    await prepareAll(db, packages);
    await evaluateAll(db, packages, scenario);
    await paidAwardsTable(db, packages, scenario);
  } catch (e) {
    fail(1, (e as Error).message);
  }
  const sql = paidAwardsSql();
  if (format === 'parquet') writeFileSync(values.out!, await db.exportQuery(sql, 'parquet'));
  else if (format === 'notice') {
    const notices = await noticeLists(db, packages, {}, { scenario });
    const sheets = values['by-district'] ? notices.flatMap((n) => splitByDistrict(n).map((d) => ({ ...d, sheet: notices.length > 1 ? `${d.sheet}_${n.sheet}` : d.sheet }))) : notices;
    writeFileSync(values.out!, await noticeXlsx(sheets));
  } else {
    const rows = (await db.query(sql)) as Record<string, string | number | null>[];
    const columns = plainColumns((await db.query(`DESCRIBE ${sql}`)).map((c) => String(c.column_name)));
    if (format === 'csv') writeFileSync(values.out!, csvBytes(columns, rows));
    else {
      const hash = createHash('sha256');
      for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) hash.update(f.name).update(f.bytes);
      const tableRows: Record<string, number> = {};
      for (const { t } of await db.query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables() WHERE table_name IN ('enterprises', 'quarterly', 'certifications', 'spring_festival', 'projects', 'indicators', 'claims') ORDER BY table_name`))
        tableRows[t] = Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM "${t}"`))[0].n);
      const period = (await db.query<{ p: string | null }>(`SELECT min(period) || ' 至 ' || max(period) AS p FROM quarterly`))[0]?.p ?? undefined;
      const statement = {
        files: files.map((f) => ({ name: basename(f.name) })),
        period: period ?? undefined,
        tableRows,
        inputSha256: hash.digest('hex'),
        packages,
        scenarioName: values.scenario ? basename(values.scenario) : null,
        changed: doc ? scenarioChanges(doc, all, 'zh') : [],
        generatedAt: new Date()
      };
      writeFileSync(values.out!, await flaggedXlsx(columns, rows, statement, { sheet: 'awards' }));
    }
  }

  const firms = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM firm_profile`))[0].n;
  const totals = await totalsByClause(db);
  const paid = totals.reduce((a, t) => a + t.recipients, 0);
  const outlay = totals.reduce((a, t) => a + t.outlay_yuan, 0);
  process.stderr.write(`firms ${firms}, awards ${paid}, total ${outlay} yuan (${(outlay / 10000).toFixed(2)} 万元) -> ${values.out}\n`);
  const zeroBase = await zeroBaseUnknowns(db, packages, scenario);
  const zeroRows = (t: { package: string; clause: string }) => zeroBase.clauses.find((z) => z.package === t.package && z.clause === t.clause)?.rows ?? 0;
  for (const t of totals) process.stderr.write(`  ${t.package} ${t.clause}: ${t.recipients} awards, ${t.outlay_yuan} yuan${unknownPart(t.unknown, zeroRows(t))}\n`);
  for (const line of zeroBaseLines(zeroBase, packages)) process.stderr.write(line + '\n');
  await db.close();
}

await main();
