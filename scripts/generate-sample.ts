/**
 * Generates the deterministic sample city (示例市) as Parquet files, one per contract table.
 *   npx tsx scripts/generate-sample.ts --firms 3000 --years 5 --seed 42 --out data/sample
 * --firms: above-scale firms (below-scale firms = firms x --below-ratio, default 0.5);
 * --years: quarters of that many years ending with --end-year (default 2024).
 */
import { parseArgs } from 'node:util';
import { generateSample, type SampleOptions } from './lib/sample-generator.ts';
import { writeSampleReadme } from './lib/sample-readme.ts';
import { writeSampleRecord } from './lib/sample-record.ts';
import { join } from 'node:path';
import { openNodeDb } from '../src/lib/db/node.ts';
import { literal } from '../src/lib/db/types.ts';
import { SQL_TYPE, TABLE_BY_NAME } from '../src/lib/ingest/contract.ts';
import { Rng, textCode } from './lib/prng.ts';
import { DISTRICTS } from './lib/sample-catalog.ts';
import { calendar } from './lib/sample-firm.ts';

const { values } = parseArgs({
  options: {
    firms: { type: 'string', default: '3000' },
    years: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'data/sample' },
    'end-year': { type: 'string', default: '2024' },
    'below-ratio': { type: 'string', default: '0.5' }
  }
});

function positiveInteger(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${JSON.stringify(text)}`);
  return n;
}

const belowRatio = Number(values['below-ratio']);
if (!(belowRatio >= 0)) throw new Error(`--below-ratio must be a number >= 0, got ${JSON.stringify(values['below-ratio'])}`);

const options: SampleOptions = {
  firms: positiveInteger('firms', values.firms),
  years: Math.max(1, positiveInteger('years', values.years)),
  seed: positiveInteger('seed', values.seed),
  out: values.out,
  endYear: positiveInteger('end-year', values['end-year']),
  belowRatio
};
const result = await generateSample(options);
result.rows.indicators += await appendTargetIndicators(options);
await writeSampleReadme(options, result);
await writeSampleRecord(options.out);
for (const [table, rows] of Object.entries(result.rows)) console.log(`${table.padEnd(16)} ${rows.toLocaleString('en-US').padStart(12)} rows`);
console.log(`generated in ${(result.generateMs / 1000).toFixed(1)} s, written as Parquet in ${(result.writeMs / 1000).toFixed(1)} s -> ${values.out}`);

/**
 * Region indicators for the targets no firm table counts (docs/targets.md): smart workshops, green
 * factories, land disposed of, research institutes, major projects, finance and employment matchmaking.
 * They come from a stream of their own (`indicators-targets`) and are appended to indicators.parquet
 * after the generator wrote it, so every other file is byte-identical with or without them. Per
 * district and 全市 (the sum) where districts do the work; 全市 only for what the city does itself.
 * Trade and service firms (jiangle-2024q1 item 6) are deliberately absent: the sample city has no
 * such ledger, and the targets page shows those targets as having no data.
 */
async function appendTargetIndicators(o: typeof options): Promise<number> {
  const rng = Rng.for(o.seed, textCode('indicators-targets'));
  const cal = calendar(o.years, o.endYear);
  const rows: [string, string, string, number][] = [];
  // chance per district and quarter, or [lo, hi] per quarter; fractions of the year's disposal for land (亩)
  const districtFlows: [string, (q: number) => number][] = [
    ['smart_workshops_new', () => (rng.chance(0.12) ? 1 : 0)],
    ['green_factories_new', () => (rng.chance(0.16) ? 1 : 0)],
    ['major_projects_1bn', () => (rng.chance(0.05) ? 1 : 0)],
    ['land_unsupplied_disposed_mu', (q) => Math.round(rng.uniform(150, 380) * [0.7, 1, 1.1, 1.3][q] * 100) / 100],
    ['land_idle_disposed_mu', (q) => Math.round(rng.uniform(40, 80) * [0.7, 1, 1.1, 1.3][q] * 100) / 100]
  ];
  const cityFlows: [string, (q: number) => number][] = [
    ['finance_matchmaking_events', () => rng.between(1, 4)],
    ['employment_matchmaking_events', () => rng.between(0, 2)],
    ['smart_benchmark_firms', (q) => (q === 3 && rng.chance(0.6) ? 1 : 0)],
    ['research_institutes_municipal_new', () => rng.between(0, 2)],
    ['research_institutes_provincial_new', () => (rng.chance(0.2) ? 1 : 0)]
  ];
  for (let t = 0; t < cal.nQ; t++) {
    const period = cal.periods[t];
    const q = t % 4;
    for (const [code, draw] of districtFlows) {
      let city = 0;
      for (const d of DISTRICTS) {
        const v = draw(q);
        city += v;
        rows.push([code, d.name, period, v]);
      }
      rows.push([code, '全市', period, Math.round(city * 100) / 100]);
    }
    for (const [code, draw] of cityFlows) rows.push([code, '全市', period, draw(q)]);
  }
  const file = join(o.out, 'indicators.parquet');
  const types = TABLE_BY_NAME.indicators.columns.map((c) => `${c.name} ${SQL_TYPE[c.kind]}`).join(', ');
  const db = await openNodeDb();
  try {
    await db.exec(`CREATE TABLE extra (${types})`);
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map(([c, r, p, v]) => `(${literal(c)}, ${literal(r)}, ${literal(p)}, ${v})`);
      await db.exec(`INSERT INTO extra VALUES ${chunk.join(', ')}`);
    }
    await db.exec(`CREATE TABLE base AS SELECT * FROM read_parquet(${literal(file)})`);
    await db.exec(`COPY (SELECT * FROM base UNION ALL SELECT * FROM extra) TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    await db.close();
  }
  return rows.length;
}
