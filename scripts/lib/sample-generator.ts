/**
 * Writes the sample city as one Parquet file per contract table. Firms are generated one at a time
 * and streamed as CSV into scratch files; DuckDB then casts them to the contract types and writes
 * ZSTD Parquet. Nothing holds more than one firm's rows, so 500,000 firms fit in memory.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { literal, ident } from '../../src/lib/db/types.ts';
import { SQL_TYPE, TABLE_BY_NAME, type TableName } from '../../src/lib/ingest/contract.ts';
import { Rng, textCode } from './prng.ts';
import { DISTRICTS } from './sample-catalog.ts';
import { calendar, hundredths, type Calendar, type FirmData } from './sample-firm.ts';
import { PLANTED, plantedFirm } from './sample-planted.ts';
import { randomFirm, type Registry } from './sample-random-firm.ts';
import { claimLines, generateClaims, summarise, type FirmSummary, type PlantedClaim } from './sample-claims.ts';

export interface SampleOptions {
  /** Above-scale firms (including the planted boundary firms). */
  firms: number;
  years: number;
  seed: number;
  out: string;
  endYear?: number;
  /** Below-scale firms per above-scale firm (default 0.5). */
  belowRatio?: number;
}

export interface SampleResult {
  rows: Record<TableName, number>;
  /** The planted boundary firms in this output: key, id, name, note. */
  planted: { key: string; id: string; name: string; note: string }[];
  /** Claims records per item, and the records planted on boundaries. */
  claims: { byItem: Record<string, number>; planted: PlantedClaim[] };
  generateMs: number;
  writeMs: number;
}

const TABLE_ORDER: TableName[] = ['enterprises', 'quarterly', 'certifications', 'spring_festival', 'projects', 'indicators', 'claims'];

/** The column order this file writes; checked against contract.ts so the two cannot drift apart. */
const WRITTEN_COLUMNS: Record<TableName, string[]> = {
  enterprises: ['firm_id', 'name', 'district', 'industry_code', 'registered_on', 'is_manufacturing', 'dishonest_debtor', 'major_accident_3y'],
  quarterly: ['firm_id', 'period', 'output_10k', 'sales_10k', 'electricity_kwh', 'gas_m3', 'employees', 'above_scale'],
  certifications: ['firm_id', 'kind', 'granted_on'],
  spring_festival: ['firm_id', 'year', 'continuous_days', 'overtime_staff', 'total_staff', 'out_of_province_staff'],
  projects: ['firm_id', 'project_id', 'kind', 'year', 'fixed_asset_10k', 'equipment_10k', 'approved_spend_10k', 'completed_on'],
  indicators: ['indicator', 'region', 'period', 'value'],
  claims: ['claim_id', 'firm_id', 'recipient_kind', 'item', 'level', 'counterparty', 'quantity', 'amount_10k', 'amount_usd', 'date', 'note']
};

for (const name of TABLE_ORDER) {
  const contract = TABLE_BY_NAME[name].columns.map((c) => c.name);
  if (contract.join() !== WRITTEN_COLUMNS[name].join()) throw new Error(`generate-sample writes ${name} as ${WRITTEN_COLUMNS[name]}, contract.ts says ${contract}`);
}

class CsvSink {
  rows = 0;
  private fd: number;
  private lines: string[] = [];
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  add(line: string): void {
    this.lines.push(line);
    this.rows++;
    if (this.lines.length >= 8192) this.flush();
  }
  private flush(): void {
    if (this.lines.length) writeSync(this.fd, this.lines.join(''));
    this.lines = [];
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const opt = (v: number | null) => (v === null ? '' : hundredths(v));

class ProjectIds {
  private next = new Map<string, number>();
  take(kind: string, year: number): string {
    const prefix = (kind === 'tech_reform' ? 'JG' : 'SZ') + year;
    const n = (this.next.get(prefix) ?? 0) + 1;
    this.next.set(prefix, n);
    return `${prefix}-${String(n).padStart(6, '0')}`;
  }
}

/** Tech-reform investment lands over the year, most of it late (equipment paid on delivery). */
const INVESTMENT_BY_QUARTER = [0.15, 0.22, 0.28, 0.35];

function writeFirm(f: FirmData, cal: Calendar, sinks: Record<TableName, CsvSink>, projectIds: ProjectIds, techReform: number[][]): void {
  sinks.enterprises.add(`${f.id},${f.name},${f.district.name},${f.industry.code},${f.registeredOn},${f.industry.manufacturing ? 1 : 0},${f.dishonest},${f.accident}\n`);
  for (let t = f.startT; t < f.endT; t++) {
    sinks.quarterly.add(`${f.id},${cal.periods[t]},${hundredths(f.output[t])},${hundredths(f.sales[t])},${hundredths(f.electricity[t])},${opt(f.gas[t])},${f.employees[t]},${f.aboveScale[t]}\n`);
  }
  for (const [kind, date] of f.certifications) sinks.certifications.add(`${f.id},${kind},${date}\n`);
  for (const s of f.springFestival) sinks.spring_festival.add(`${f.id},${s.year},${s.continuousDays},${s.overtimeStaff},${s.totalStaff},${s.outOfProvinceStaff}\n`);
  const district = DISTRICTS.indexOf(f.district);
  for (const p of f.projects) {
    sinks.projects.add(`${f.id},${projectIds.take(p.kind, p.year)},${p.kind},${p.year},${opt(p.fixedAsset)},${opt(p.equipment)},${opt(p.approvedSpend)},${p.completedOn ?? ''}\n`);
    const k = cal.years.indexOf(p.year);
    if (p.kind === 'tech_reform' && p.fixedAsset !== null && k >= 0) {
      let left = p.fixedAsset;
      for (let q = 0; q < 4; q++) {
        const part = q === 3 ? left : Math.round(p.fixedAsset * INVESTMENT_BY_QUARTER[q]);
        techReform[district][k * 4 + q] += part;
        left -= part;
      }
    }
  }
}

/** Region-level indicators no firm table gives; the city row ('全市') sums or averages the districts. */
function writeIndicators(seed: number, cal: Calendar, sink: CsvSink, techReform: number[][]): void {
  const rng = Rng.for(seed, textCode('indicators'));
  const buildOut: Record<number, number> = { 2019: 1.8, 2020: 1.6, 2021: 1.4, 2022: 1.2, 2023: 1.0, 2024: 0.9 };
  for (let t = 0; t < cal.nQ; t++) {
    const period = cal.periods[t];
    const year = cal.years[Math.floor(t / 4)];
    const city = { stations: 0, events: 0, financing: 0, rate: 0, invest: 0 };
    DISTRICTS.forEach((d, i) => {
      const stations = Math.round((4 + d.weight * 1.2) * (buildOut[year] ?? 1) * rng.uniform(0.6, 1.4));
      const events = rng.between(2, 9);
      const financing = Math.round(rng.uniform(8000, 25000) * 100);
      const rate = Math.round(rng.uniform(0.9, 0.995) * 10000);
      const invest = techReform[i][t];
      sink.add(`5g_stations_new,${d.name},${period},${stations}\n`);
      sink.add(`matchmaking_events,${d.name},${period},${events}\n`);
      sink.add(`financing_10k,${d.name},${period},${hundredths(financing)}\n`);
      sink.add(`problems_resolved_rate,${d.name},${period},0.${String(rate).padStart(4, '0')}\n`);
      sink.add(`tech_reform_investment_10k,${d.name},${period},${hundredths(invest)}\n`);
      city.stations += stations;
      city.events += events;
      city.financing += financing;
      city.rate += rate;
      city.invest += invest;
    });
    const meanRate = Math.round(city.rate / DISTRICTS.length);
    sink.add(`5g_stations_new,全市,${period},${city.stations}\n`);
    sink.add(`matchmaking_events,全市,${period},${city.events}\n`);
    sink.add(`financing_10k,全市,${period},${hundredths(city.financing)}\n`);
    sink.add(`problems_resolved_rate,全市,${period},0.${String(meanRate).padStart(4, '0')}\n`);
    sink.add(`tech_reform_investment_10k,全市,${period},${hundredths(city.invest)}\n`);
  }
}

function readCsvTyped(path: string, table: TableName): string {
  const columns = TABLE_BY_NAME[table].columns.map((c) => `${literal(c.name)}: ${literal(SQL_TYPE[c.kind])}`).join(', ');
  return `read_csv(${literal(path)}, header = false, delim = ',', quote = '"', escape = '"', nullstr = '', auto_detect = false, columns = {${columns}})`;
}

export async function generateSample(options: SampleOptions): Promise<SampleResult> {
  const { firms, years, seed, out } = options;
  const endYear = options.endYear ?? 2024;
  const belowFirms = Math.floor(firms * (options.belowRatio ?? 0.5));
  const cal = calendar(years, endYear);
  const started = performance.now();
  mkdirSync(out, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'generate-sample-'));
  try {
    const sinks = Object.fromEntries(TABLE_ORDER.map((t) => [t, new CsvSink(join(scratch, `${t}.csv`))])) as Record<TableName, CsvSink>;
    const registry: Registry = { ids: new Set(), names: new Set() };
    const projectIds = new ProjectIds();
    const techReform = DISTRICTS.map(() => new Array(cal.nQ).fill(0));

    // The planted firms' values are written for 2020-2024; other calendars get random firms only.
    const planted = endYear === 2024 ? PLANTED.slice(0, firms) : [];
    const plantedFirms = planted.map((spec) => plantedFirm(spec, cal));
    for (const f of plantedFirms) {
      registry.ids.add(f.id);
      registry.names.add(f.name);
    }
    // what the claims need of each firm, kept small (500,000 firms fit)
    const summaries: FirmSummary[] = [];
    plantedFirms.forEach((f, i) => {
      writeFirm(f, cal, sinks, projectIds, techReform);
      summaries.push(summarise(f, cal, planted[i].key));
    });
    for (let i = planted.length; i < firms + belowFirms; i++) {
      const f = randomFirm(seed, i, i < firms ? 'above' : 'below', cal, registry);
      writeFirm(f, cal, sinks, projectIds, techReform);
      summaries.push(summarise(f, cal, null));
    }
    writeIndicators(seed, cal, sinks.indicators, techReform);
    // claims last, from streams of their own: every other table is the same with or without them
    const claims = generateClaims(seed, cal, summaries);
    for (const line of claimLines(claims.rows)) sinks.claims.add(line);
    const byItem: Record<string, number> = {};
    for (const r of claims.rows) byItem[r.item] = (byItem[r.item] ?? 0) + 1;
    for (const s of Object.values(sinks)) s.close();
    const generated = performance.now();

    const db = await openNodeDb();
    try {
      for (const table of TABLE_ORDER) {
        const target = join(out, `${table}.parquet`);
        await db.exec(`COPY (SELECT * FROM ${readCsvTyped(sinks[table].path, table)}) TO ${literal(target)} (FORMAT parquet, COMPRESSION zstd)`);
        const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet(${literal(target)})`);
        if (n !== sinks[table].rows) throw new Error(`${ident(table)}: wrote ${sinks[table].rows} rows, Parquet holds ${n}`);
      }
    } finally {
      await db.close();
    }
    return {
      rows: Object.fromEntries(TABLE_ORDER.map((t) => [t, sinks[t].rows])) as Record<TableName, number>,
      planted: plantedFirms.map((f, i) => ({ key: planted[i].key, id: f.id, name: f.name, note: planted[i].note })),
      claims: { byItem, planted: claims.planted },
      generateMs: generated - started,
      writeMs: performance.now() - generated
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
