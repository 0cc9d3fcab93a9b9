/**
 * Generates the deterministic sample city (示例市) as Parquet files, one per contract table.
 *   npx tsx scripts/generate-sample.ts --firms 3000 --years 5 --seed 42 --out data/sample
 * --firms: above-scale firms (below-scale firms = firms x --below-ratio, default 0.5);
 * --years: quarters of that many years ending with --end-year (default 2024).
 */
import { parseArgs } from 'node:util';
import { generateSample, type SampleOptions } from './lib/sample-generator.ts';
import { writeSampleReadme } from './lib/sample-readme.ts';

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
await writeSampleReadme(options, result);
for (const [table, rows] of Object.entries(result.rows)) console.log(`${table.padEnd(16)} ${rows.toLocaleString('en-US').padStart(12)} rows`);
console.log(`generated in ${(result.generateMs / 1000).toFixed(1)} s, written as Parquet in ${(result.writeMs / 1000).toFixed(1)} s -> ${values.out}`);
