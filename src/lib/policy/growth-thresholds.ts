/**
 * The growth rates the packages compare a quarter's output growth with: every `growth` condition
 * against a ratio parameter whose current and base metrics are that quarter's and the base quarter's
 * output. A chart of firms' growth in that quarter draws them as its lines; no screen names a clause or
 * a parameter. (The region growth some packages compare with is read from the data: kpi-sql.ts.)
 */
import type { Condition, Leaf, Metric, Package } from './schema.ts';
import type { ParamValues } from './context.ts';
import { formatParamValue, type Lang } from './labels.ts';
import { clauseTitle, tierLabel } from './texts.ts';

export interface GrowthThreshold {
  package: string;
  clause: string;
  /** The tier the condition sets (null: a condition of the clause's eligibility). */
  tier: string | null;
  param: string;
  /** The ratio the engine compares with (0.08 for 8%). */
  value: number;
  /** The value in its unit, as the notice writes it ("8%"). */
  valueText: string;
  /** The tier's label, or the clause title with the threshold, filled from the current values. */
  label: string;
}

type GrowthLeaf = Extract<Leaf, { growth: unknown }>;

function growthLeaves(c: Condition, out: GrowthLeaf[] = []): GrowthLeaf[] {
  if ('all' in c) c.all.forEach((x) => growthLeaves(x, out));
  else if ('any' in c) c.any.forEach((x) => growthLeaves(x, out));
  else if ('not' in c) growthLeaves(c.not, out);
  else if ('growth' in c) out.push(c);
  return out;
}

const isOutputIn = (m: Metric | undefined, period: string) => m?.kind === 'quarter' && m.measure === 'output_10k' && m.period === period;

/** Thresholds on output growth of `current` over `base` (quarters like 2024Q1), lowest first, one per value. */
export function outputGrowthThresholds(packages: Package[], periods: { current: string; base: string }, lang: Lang, values: Record<string, ParamValues> = {}): GrowthThreshold[] {
  const out: GrowthThreshold[] = [];
  for (const pkg of packages) {
    const own = values[pkg.id] ?? {};
    for (const clause of pkg.clauses) {
      const a = clause.award;
      const tiers = a.shape === 'tiers' ? a.tiers : a.shape === 'rate' ? (a.cases ?? []) : [];
      const where = [...tiers.map((t) => ({ tier: t.id as string | null, when: t.when })), { tier: null, when: clause.eligibility }];
      const seen = new Set<string>();
      for (const { tier, when } of where) {
        for (const leaf of growthLeaves(when)) {
          const { current, base, than, op } = leaf.growth;
          if (than === 'region' || seen.has(leaf.id)) continue;
          if (!isOutputIn(pkg.metrics[current], periods.current) || !isOutputIn(pkg.metrics[base], periods.base)) continue;
          const spec = pkg.parameters[than.param];
          const value = than.param in own ? own[than.param] : spec?.value;
          if (!spec || typeof value !== 'number') continue;
          seen.add(leaf.id);
          const valueText = formatParamValue(spec, value, lang);
          const label = (tier && tierLabel(pkg, clause, tier, lang, own)) || `${clauseTitle(pkg, clause, lang, own)} ${op.replace('>=', '≥').replace('<=', '≤')} ${valueText}`;
          out.push({ package: pkg.id, clause: clause.id, tier, param: than.param, value, valueText, label });
        }
      }
    }
  }
  const byValue = new Map<number, GrowthThreshold>();
  for (const t of out) if (!byValue.has(t.value)) byValue.set(t.value, t);
  return [...byValue.values()].sort((a, b) => a.value - b.value);
}
