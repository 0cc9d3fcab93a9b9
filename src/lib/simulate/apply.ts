/**
 * A scenario turned into what the engine evaluates: the packages in force (re-based where the scenario
 * moves their years, without the clauses switched off, with edited tier tables) and the parameter
 * overrides. The engine itself is unchanged: an added tier is a copy of a published tier's condition
 * with two parameters of its own, so its label, evidence and near-miss work as for any other tier.
 */
import type { Package } from '../policy/schema.ts';
import type { Scenario } from '../policy/awards.ts';
import { overridesOf, tierThreshold, tiersEditable, type ScenarioDoc, type TierRow } from './scenario.ts';

export type Rebase = (id: string, periods: Record<string, number>) => Package;

export interface Applied {
  packages: Package[];
  overrides: Scenario;
  /** Packages whose text differs from the published one (periods, clauses off, tiers): evaluated again even without overrides. */
  changed: Set<string>;
}

/** The parameter an added tier row gets for a published parameter it copies. */
export const addedParam = (param: string, rowId: string) => `${param}__${rowId.replace(/-/g, "_")}`;

export function applyScenario(doc: ScenarioDoc, published: Package[], rebase: Rebase): Applied {
  const overrides = overridesOf(doc);
  const changed = new Set<string>();
  const off = new Set(Object.entries(doc.off).flatMap(([id, cs]) => cs.map((c) => `${id}:${c}`)));
  const packages = doc.packages.map((id) => {
    const years = doc.periods[id];
    const original = published.find((p) => p.id === id);
    if (!original) throw new Error(`no policy package "${id}"`);
    let pkg = years && Object.keys(years).length ? rebase(id, years) : original;
    if (pkg !== original) changed.add(id);
    const tables = doc.tiers[id] ?? {};
    const offHere = pkg.clauses.filter((c) => off.has(`${id}:${c.id}`));
    if (offHere.length || Object.keys(tables).length) {
      pkg = structuredClone(pkg);
      changed.add(id);
      pkg.clauses = pkg.clauses.filter((c) => !off.has(`${id}:${c.id}`));
      for (const [clauseId, rows] of Object.entries(tables)) {
        const clause = pkg.clauses.find((c) => c.id === clauseId);
        if (clause) editTiers(pkg, clause, rows, overrides[id] ?? {});
      }
    }
    return pkg;
  });
  if (off.size) for (const pkg of packages) dropOff(pkg, off);
  return { packages, overrides, changed };
}

/**
 * The applied packages with the scenario's values as their parameters' values: what a screen shows
 * (labels are filled from parameter values) and what evaluates the same with no overrides.
 */
export function valuedPackages(applied: Applied): Package[] {
  return applied.packages.map((p) => {
    const set = applied.overrides[p.id];
    if (!set || !Object.keys(set).length) return p;
    const parameters = { ...p.parameters };
    for (const [name, value] of Object.entries(set)) if (parameters[name]) parameters[name] = { ...parameters[name], value };
    return { ...p, parameters };
  });
}

/** Stacking and 就高 groups lose the clauses switched off; a group left with one member no longer applies. */
function dropOff(pkg: Package, off: Set<string>): void {
  const on = (c: string) => !off.has(`${pkg.id}:${c}`);
  pkg.stacking = pkg.stacking.map((g) => ({ ...g, clauses: g.clauses.filter(on) })).filter((g) => g.clauses.length >= 2);
  pkg.stackable = pkg.stackable.map((g) => ({ ...g, clauses: g.clauses.filter(on) })).filter((g) => g.clauses.length >= 2);
  pkg.acrossPackages = pkg.acrossPackages.map((g) => ({ ...g, members: g.members.filter((m) => !off.has(m)) })).filter((g) => g.members.length >= 2);
}

type Clause = Package['clauses'][number];
type Tier = Extract<Clause['award'], { shape: 'tiers' }>['tiers'][number];

function editTiers(pkg: Package, clause: Clause, rows: TierRow[], set: Record<string, unknown>): void {
  if (clause.award.shape !== 'tiers') return;
  const published = new Map(clause.award.tiers.map((t) => [t.id, t]));
  const tiers: Tier[] = rows.map((row) => {
    const base = published.get('like' in row ? row.like : row.id)!;
    return 'like' in row ? addedTier(pkg, base, row) : base;
  });
  // the engine pays the last tier whose condition holds: keep the rows in ascending order of threshold
  if (tiersEditable({ ...clause, award: { shape: 'tiers', tiers } })) {
    const value = (t: Tier) => {
      const name = tierThreshold(t.when)!.param;
      return Number(name in set ? set[name] : pkg.parameters[name].value);
    };
    tiers.sort((a, b) => value(a) - value(b));
  }
  clause.award = { shape: 'tiers', tiers };
}

function addedTier(pkg: Package, base: Tier, row: Extract<TierRow, { like: string }>): Tier {
  const threshold = tierThreshold(base.when)!.param;
  const amount = base.amount.param;
  const names = { [threshold]: addedParam(threshold, row.id), [amount]: addedParam(amount, row.id) };
  pkg.parameters[names[threshold]] = { ...pkg.parameters[threshold], value: row.threshold };
  pkg.parameters[names[amount]] = { ...pkg.parameters[amount], value: row.amount };
  // the published label names its own rank (第二档): an added row says what it is and its threshold
  const strict = tierThreshold(base.when)!.op === '>';
  const slot = `{${names[threshold]}}`;
  const label = { zh: `新增档（${strict ? '高于' : '不低于'}${slot}）`, en: `Added tier (${strict ? 'above' : 'at least'} ${slot})` };
  const when = JSON.parse(JSON.stringify(base.when), (key, v) => (key === 'param' && typeof v === 'string' && v in names ? names[v] : key === "id" && typeof v === "string" ? `${v}__${row.id}` : v));
  return { id: row.id, label, when, amount: { param: names[amount] } };
}
