/**
 * Writes README.md next to the generated tables: what is in them, how they were made, and figures
 * measured on the files themselves (so the text cannot drift from the data).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { literal } from '../../src/lib/db/types.ts';
import { CITY, DISTRICTS } from './sample-catalog.ts';
import { CLAIM_ITEMS } from '../../src/lib/ingest/contract.ts';
import type { SampleOptions, SampleResult } from './sample-generator.ts';

interface Facts {
  aboveByYear: { year: number; firms: number; outputYi: number }[];
  cityGrowth: number;
  growthMean: number;
  growthMedian: number;
  growthSd: number;
  share8: number;
  share10: number;
  firstAbove2024: number;
  firstAbove2024Q1: number;
  firstSteps2024: { step: number; firms: number }[];
}

async function measure(out: string, endYear: number): Promise<Facts> {
  const db = await openNodeDb();
  try {
    await db.exec(`CREATE VIEW q AS SELECT *, left(period, 4)::INTEGER AS y FROM read_parquet(${literal(join(out, 'quarterly.parquet'))})`);
    const q1 = `${endYear}Q1`;
    const q1Before = `${endYear - 1}Q1`;
    const aboveByYear = await db.query<{ year: number; firms: number; outputYi: number }>(
      `SELECT y AS year, count(DISTINCT firm_id)::INTEGER AS firms, round(sum(output_10k) / 10000, 1)::DOUBLE AS outputYi FROM q WHERE above_scale = 1 GROUP BY y ORDER BY y`
    );
    const [growth] = await db.query<{ cityGrowth: number; growthMean: number; growthMedian: number; growthSd: number; share8: number; share10: number }>(
      `WITH pair AS (SELECT a.output_10k AS now, b.output_10k AS before FROM q a JOIN q b ON a.firm_id = b.firm_id AND b.period = $2 WHERE a.period = $1 AND a.above_scale = 1),
            g AS (SELECT now / before - 1 AS g FROM pair)
       SELECT (SELECT round((sum(now) / sum(before) - 1) * 100, 2) FROM pair)::DOUBLE AS cityGrowth,
              round(avg(g) * 100, 2)::DOUBLE AS growthMean, round(median(g) * 100, 2)::DOUBLE AS growthMedian, round(stddev(g) * 100, 2)::DOUBLE AS growthSd,
              round(avg((g >= 0.08)::INTEGER) * 100, 1)::DOUBLE AS share8, round(avg((g >= 0.10)::INTEGER) * 100, 1)::DOUBLE AS share10 FROM g`,
      [q1, q1Before]
    );
    const [first] = await db.query<{ firstAbove2024: number; firstAbove2024Q1: number }>(
      `WITH f AS (SELECT firm_id, min(period) FILTER (above_scale = 1) AS first FROM q GROUP BY firm_id)
       SELECT count(*) FILTER (left(first, 4) = $1)::INTEGER AS firstAbove2024, count(*) FILTER (first = $2)::INTEGER AS firstAbove2024Q1 FROM f`,
      [String(endYear), q1]
    );
    const firstSteps2024 = await db.query<{ step: number; firms: number }>(
      `WITH annual AS (SELECT firm_id, y, sum(output_10k) AS output FROM q GROUP BY ALL),
            steps AS (SELECT firm_id, step, min(y) FILTER (output >= step) AS first FROM annual, (VALUES (10000), (50000), (100000), (500000)) s(step) GROUP BY ALL)
       SELECT step::INTEGER AS step, (count(*) FILTER (first = $1))::INTEGER AS firms FROM steps GROUP BY step ORDER BY step`,
      [endYear]
    );
    return { aboveByYear, ...growth, ...first, firstSteps2024 };
  } finally {
    await db.close();
  }
}

const yi = (step: number) => `${step / 10000}亿`;

export async function writeSampleReadme(options: SampleOptions, result: SampleResult): Promise<void> {
  const endYear = options.endYear ?? 2024;
  const startYear = endYear - options.years + 1;
  const f = await measure(options.out, endYear);
  const command = `npx tsx scripts/generate-sample.ts --firms ${options.firms} --years ${options.years} --seed ${options.seed} --out ${options.out}` +
    (endYear !== 2024 ? ` --end-year ${endYear}` : '') + (options.belowRatio !== undefined && options.belowRatio !== 0.5 ? ` --below-ratio ${options.belowRatio}` : '');
  const lines = [
    `# Sample data: ${CITY} (a fictional prefecture city)`,
    '',
    'Generated, deterministic, fictional. Every firm, name and number is made up; the 统一社会信用代码 are',
    'well-formed (GB 32100-2015 check character, GB 11714 organisation-code check) but belong to no one.',
    '',
    '```',
    command,
    '```',
    '',
    `Same command, same bytes. Periods ${startYear}Q1-${endYear}Q4. ${options.firms.toLocaleString('en-US')} firms drawn at above-scale size`,
    `plus ${Math.floor(options.firms * (options.belowRatio ?? 0.5)).toLocaleString('en-US')} smaller ones (some grow into the statistics), in ${DISTRICTS.length} districts:`,
    `${DISTRICTS.map((d) => d.name).join(', ')}.`,
    '',
    '## Tables (one ZSTD Parquet file each, columns and types exactly as `src/lib/ingest/contract.ts`)',
    '',
    '| file | rows | notes |',
    '|---|---:|---|',
    `| enterprises.parquet | ${result.rows.enterprises} | GB/T 4754-2017 four-digit classes 13xx-43xx (about 17-20% in changchun-2024q1 clause 5's four sectors: 3670, 371x/3720, 397x/398x, 2740/276x) plus mining (1019), power / heat (44xx, incl. 4430 heat supply), gas (4511) and water (46xx) with is_manufacturing = 0; about 1% 失信被执行人 and 1% with a major accident |`,
    `| quarterly.parquet | ${result.rows.quarterly} | one row per firm and quarter while it operates (firms registered later start later, a few close); output / sales in 万元 of that quarter; gas_m3 0 = the firm uses no natural gas (NULL would mean not reported) |`,
    `| certifications.parquet | ${result.rows.certifications} | the contract's kinds plus \`cultivation_library\` (小升规培育库, small firms being coached into the statistics) |`,
    `| spring_festival.parquet | ${result.rows.spring_festival} | every year, for the above-scale firms that reported (more in continuous-process industries) |`,
    `| projects.parquet | ${result.rows.projects} | \`tech_reform\` (ids JG<year>-n: fixed_asset_10k, equipment_10k) and \`digital\` (ids SZ<year>-n: approved_spend_10k 20-300万, mostly the four sectors, mostly ${endYear}) |`,
    `| indicators.parquet | ${result.rows.indicators} | per district and 全市, every quarter: 5g_stations_new, matchmaking_events, financing_10k, problems_resolved_rate (0-1), tech_reform_investment_10k (= the projects table spread over the year), smart_workshops_new, green_factories_new, major_projects_1bn, land_idle_disposed_mu, land_unsupplied_disposed_mu; 全市 only: finance_ and employment_matchmaking_events, research_institutes_municipal_new / _provincial_new, smart_benchmark_firms (the targets' sources, docs/targets.md) |`,
    `| claims.parquet | ${result.rows.claims} | 申报 / 台账 records of ${endYear} (technology contracts ${endYear - 3}-${endYear}) for the clauses no operating table covers, per item below; ids like PT${endYear}-00012 (item, year, number); townships and departments of the two counties for utilised FDI; schools and the city's institutes (recipient_kind institution) for job fairs and technology transfer |`,
    '',
    '`load-record.json`: what the ingest reports of these files (every file loaded whole, no finding) and each table\'s rows and',
    'column types. The app opens the files as their tables by it, without checking every row on each visit',
    '(`src/lib/app/sample.ts`); `test/unit/sample-record.test.ts` holds it to the ingest.',
    '',
    '## How the numbers behave (measured on these files)',
    '',
    '| year | above-scale firms | their output (亿元) |',
    '|---|---:|---:|',
    ...f.aboveByYear.map((r) => `| ${r.year} | ${r.firms} | ${r.outputYi} |`),
    '',
    `- ${endYear}Q1 vs ${endYear - 1}Q1, firms above scale in ${endYear}Q1: city-wide output growth ${f.cityGrowth}%; per firm mean ${f.growthMean}%,`,
    `  median ${f.growthMedian}%, sd ${f.growthSd} points; ${f.share8}% of them grew >= 8% and ${f.share10}% >= 10%.`,
    `- First time above scale in ${endYear}: ${f.firstAbove2024} firms (${f.firstAbove2024Q1} of them from ${endYear}Q1, the rest entering mid-year as new plants).`,
    `- First year of annual output at or above a step, in ${endYear}: ${f.firstSteps2024.map((s) => `${yi(s.step)}: ${s.firms}`).join(', ')}.`,
    '',
    'The model: each firm has a log-normal size (quarterly output of above-scale firms mostly 500万-5亿, a few',
    'giants at tens of 亿), a persistent trend plus yearly and quarterly shocks around an economy-wide growth',
    '(-1% in 2020 with a COVID first quarter, a rebound in 2021, a lockdown quarter 2022Q2, about 5% since),',
    'a Q1 dip for the Spring Festival (heat supply peaks in Q1/Q4, building materials stop in winter). Sales are',
    'output x a firm ratio near 0.97; electricity is output x an industry intensity falling 1% a year; gas for',
    'about 40% of firms. above_scale follows the statistics rule roughly: at each year\'s review, last year\'s',
    'sales >= 2000万; new plants may enter mid-year; firms leave only at a review.',
    '',
    '## Claims by item',
    '',
    'Drawn after every other table from random streams of their own (the other files are the same bytes',
    'without them). Firms are the city\'s own (all in enterprises.parquet); utilised FDI goes to townships',
    'and departments (recipient_kind township / department, firm_id their name); job fairs hosted by schools and technology',
    'transfer by the city\'s institutes go to those institutions (recipient_kind institution).',
    '',
    '| item | records | what a record holds |',
    '|---|---:|---|',
    ...Object.entries(CLAIM_ITEMS).map(([item, what]) => `| ${item} | ${result.claims.byItem[item] ?? 0} | ${what} |`),
    '',
    '## Planted claims',
    '',
    'On the planted firms below (and three named recipients of FDI), on the boundaries the seeds draw.',
    '',
    '| item | planted firm (key) or recipient | firm_id | what it tests |',
    '|---|---|---|---|',
    ...result.claims.planted.map((p) => `| ${p.item} | ${p.who} | ${p.id} | ${p.note} |`),
    '',
    '## Planted boundary firms',
    '',
    'Ids do not depend on the seed (organisation codes start `BD`); every run that ends in 2024 contains them.',
    '',
    '| key | firm_id | name | what it tests |',
    '|---|---|---|---|',
    ...result.planted.map((p) => `| ${p.key} | ${p.id} | ${p.name} | ${p.note} |`),
    '',
    `Limits: the data start in ${startYear}; changchun-2021q1 compares 2021 with 2019, so evaluate it on a run with`,
    '`--years 6` or more. No value here is an official statistic.',
    ''
  ];
  writeFileSync(join(options.out, 'README.md'), lines.join('\n'));
}
