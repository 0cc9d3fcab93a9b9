/**
 * A package's texts as screens show them: titles and labels go through fillText, so a slot such as
 * "增速{c2_tier1_growth}以上" shows the parameter's current value (with `values`, a what-if's).
 */
import type { Clause, Package } from './schema.ts';
import type { ParamValues } from './context.ts';
import { fillText, type Lang } from './labels.ts';

export const packageTitle = (pkg: Package, lang: Lang, values: ParamValues = {}): string => fillText(pkg.title, pkg, lang, values);

export const clauseTitle = (pkg: Package, clause: Clause, lang: Lang, values: ParamValues = {}): string => fillText(clause.title, pkg, lang, values);

/** The label of a tier (or rate case) id of a clause; null when the clause has no such tier. */
export function tierLabel(pkg: Package, clause: Clause, tier: string, lang: Lang, values: ParamValues = {}): string | null {
  const a = clause.award;
  const found = a.shape === 'tiers' ? a.tiers.find((t) => t.id === tier) : a.shape === 'rate' ? a.cases?.find((k) => k.id === tier) : undefined;
  return found ? fillText(found.label, pkg, lang, values) : null;
}

/** What reaching a step means: the tier's label, or the clause title for a clause without tiers. */
export function stepLabel(pkg: Package, clause: Clause, tier: string | null, lang: Lang, values: ParamValues = {}): string {
  return (tier && tierLabel(pkg, clause, tier, lang, values)) || clauseTitle(pkg, clause, lang, values);
}
