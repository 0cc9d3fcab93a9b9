/**
 * Award shapes compile to an integer amount in whole yuan, rounded down (never more than the rule
 * gives), plus the tier reached and the evidence leaves of tier and rate conditions.
 */
import { literal } from '../db/types.ts';
import type { Award } from './schema.ts';
import { metricColumn, metricDim } from './metrics-sql.ts';
import { CLAIM_FIELD_DIM, checkRecordField, claimField, compileCondition, projectField, type LeafSql } from './condition-sql.ts';
import { Ctx, scaleOf } from './context.ts';

export interface AwardSql {
  amount: string;
  tier: string;
  leaves: LeafSql[];
}

function source(ctx: Ctx, q: { metric: string } | { project: string } | { claim: keyof typeof CLAIM_FIELD_DIM }): { sql: string; scale: number; dim: string } {
  if ('metric' in q) {
    const dim = metricDim(ctx.pkg, q.metric);
    return { sql: metricColumn(q.metric), scale: scaleOf(dim), dim };
  }
  if ('claim' in q) {
    checkRecordField(ctx, 'claim', q.claim);
    return { sql: claimField(q.claim), scale: scaleOf(CLAIM_FIELD_DIM[q.claim]), dim: CLAIM_FIELD_DIM[q.claim] };
  }
  checkRecordField(ctx, 'project', q.project);
  return { sql: projectField(q.project), scale: 100, dim: 'money' };
}

export function compileAward(ctx: Ctx, award: Award): AwardSql {
  // NULL quantities stay NULL (the amount is unknown): DuckDB's GREATEST/LEAST would skip NULLs.
  const nonNegative = (x: string) => `(CASE WHEN ${x} < 0 THEN 0 ELSE ${x} END)`;
  switch (award.shape) {
    case 'fixed':
      return { amount: ctx.yuan(award.amount.param), tier: 'NULL', leaves: [] };
    case 'tiers': {
      const tiers = award.tiers.map((t) => ({ t, c: compileCondition(ctx, t.when) }));
      const highestFirst = [...tiers].reverse();
      return {
        // an unknown higher tier makes the amount unknown rather than silently paying a lower tier
        amount: `CASE ${highestFirst.map(({ t, c }) => `WHEN ${c.sql} THEN ${ctx.yuan(t.amount.param)} WHEN (${c.sql}) IS NULL THEN NULL`).join(' ')} ELSE 0 END`,
        tier: `CASE ${highestFirst.map(({ t, c }) => `WHEN ${c.sql} THEN ${literal(t.id)}`).join(' ')} END`,
        leaves: tiers.flatMap(({ c }) => c.leaves)
      };
    }
    case 'rate': {
      const q = source(ctx, award.quantity);
      const cases = (award.cases ?? []).map((k) => ({ k, c: compileCondition(ctx, k.when) }));
      const rateOf = (name: string) => {
        const s = ctx.scaled(name);
        if (s.dim !== 'rate') throw new Error(`${ctx.pkg.id}: parameter "${name}" is not a rate per unit`);
        return s.sql;
      };
      const rate = cases.length
        ? `CASE ${cases.map(({ k, c }) => `WHEN ${c.sql} THEN ${rateOf(k.rate.param)} WHEN (${c.sql}) IS NULL THEN NULL`).join(' ')} ELSE ${rateOf(award.rate.param)} END`
        : rateOf(award.rate.param);
      const tier = cases.length ? `CASE ${cases.map(({ k, c }) => `WHEN ${c.sql} THEN ${literal(k.id)}`).join(' ')} END` : 'NULL';
      // yuan = rate (micro-yuan per unit) x quantity (units x scale) / (1e6 x scale), rounded down
      return {
        amount: `(CAST(${rate} AS HUGEINT) * ${nonNegative(q.sql)}) // ${1_000_000 * q.scale}`,
        tier,
        leaves: cases.flatMap(({ c }) => c.leaves)
      };
    }
    case 'percent': {
      const base = source(ctx, award.base);
      const pct = ctx.scaled(award.percent.param);
      if (pct.dim !== 'ratio' || base.scale !== 100 || base.dim === 'usd') throw new Error(`${ctx.pkg.id}: percent award needs a ratio of a 万元 base`);
      let over = base.sql;
      if (award.above) {
        // only the part of the base above the amount (超过2000万元的部分)
        const above = ctx.scaled(award.above.param);
        if (above.dim !== 'money') throw new Error(`${ctx.pkg.id}: percent award's "above" must be in 万元`);
        over = `(${base.sql} - ${above.sql})`;
      }
      // yuan = ratio x base_万元 x 10000 = (ratio x 1e6) x (base x 100) / 10000
      return { amount: `(CAST(${pct.sql} AS HUGEINT) * ${nonNegative(over)}) // 10000`, tier: 'NULL', leaves: [] };
    }
    case 'step': {
      const over = metricColumn(award.over);
      const threshold = ctx.scaled(award.threshold.param);
      const increment = ctx.scaled(award.increment.param);
      if (metricDim(ctx.pkg, award.over) !== threshold.dim || threshold.dim !== increment.dim) {
        throw new Error(`${ctx.pkg.id}: step award mixes dimensions`);
      }
      const steps = `((${over} - ${threshold.sql}) // ${increment.sql})`;
      return {
        amount: `CASE WHEN ${over} IS NULL THEN NULL WHEN ${over} >= ${threshold.sql} THEN ${ctx.yuan(award.base.param)} + ${steps} * ${ctx.yuan(award.step.param)} ELSE 0 END`,
        tier: `CASE WHEN ${over} >= ${threshold.sql} THEN 'steps_' || ${steps} END`,
        leaves: []
      };
    }
  }
}
