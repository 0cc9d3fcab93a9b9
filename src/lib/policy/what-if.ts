/**
 * What-if totals: a scenario re-evaluates only the packages it changes and their 就高 partners, without
 * evidence; the other packages' totals are read from the baseline evaluation.
 */
import { ident, literal, type Db, type Param } from '../db/types.ts';
import type { Package } from './schema.ts';
import { compileAll, type Scenario } from './awards.ts';

/**
 * The packages a what-if must evaluate again: those with overrides or a changed text (`also`: re-based,
 * clauses off, tiers edited) and, transitively, their 就高 partners.
 */
export function affectedPackages(packages: Package[], scenario: Scenario, also: Iterable<string> = []): Package[] {
  const ids = new Set([...Object.keys(scenario).filter((id) => Object.keys(scenario[id] ?? {}).length), ...also]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of packages)
      for (const g of p.acrossPackages) {
        const members = new Set([p.id, ...g.members.map((m) => m.split(':')[0])]);
        if ([...members].some((id) => ids.has(id)) && [...members].some((id) => !ids.has(id) && packages.some((q) => q.id === id))) {
          for (const id of members) if (packages.some((q) => q.id === id)) ids.add(id);
          grew = true;
        }
      }
  }
  return packages.filter((p) => ids.has(p.id));
}

export interface ScenarioTotal {
  package: string;
  clause: string;
  outlay_yuan: number;
  recipients: number;
}

/**
 * Outlay and recipients by clause under a scenario: the affected packages are evaluated again without
 * evidence (a prepared statement, so only the parameters change between what-ifs); the others are read
 * from the baseline table.
 */
export async function scenarioTotals(db: Db, packages: Package[], scenario: Scenario, baseline = 'awards'): Promise<ScenarioTotal[]> {
  const affected = affectedPackages(packages, scenario);
  const totals = (from: string) => `SELECT package, clause, SUM(award_yuan)::BIGINT AS outlay_yuan, count(*) FILTER (WHERE status = 'paid') AS recipients FROM ${from} GROUP BY ALL`;
  const parts: string[] = [];
  let params: Param[] = [];
  if (affected.length) {
    const all = compileAll(affected, scenario, false);
    params = all.params;
    parts.push(totals(`(${all.sql})`));
  }
  const others = packages.filter((p) => !affected.includes(p)).map((p) => literal(p.id));
  if (others.length) parts.push(totals(`${ident(baseline)} WHERE package IN (${others.join(', ')})`));
  return db.query<ScenarioTotal & Record<string, never>>(`SELECT * FROM (${parts.join(' UNION ALL ')}) ORDER BY package, clause`, params);
}
