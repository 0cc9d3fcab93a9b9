/**
 * Stacking lint: pairs of clauses of a package that can pay the same firm (or township, department)
 * with no rule between them
 * (neither in one exclusive group nor declared stackable). A package with a finding has not said
 * whether a firm may receive both awards; the document's reading must be written into the package.
 */
import type { Package } from './schema.ts';

export interface StackingFinding {
  package: string;
  clauses: [string, string];
}

export function lintStacking(pkg: Package): StackingFinding[] {
  const ruled = (a: string, b: string) =>
    pkg.stacking.some((g) => g.clauses.includes(a) && g.clauses.includes(b)) || pkg.stackable.some((s) => s.clauses.includes(a) && s.clauses.includes(b));
  // a clause for townships and one for firms never pay the same recipient
  const recipients = pkg.clauses.map((c) => c.recipients ?? ['firm']);
  const overlap = (i: number, j: number) => recipients[i].some((r) => recipients[j].includes(r));
  const ids = pkg.clauses.map((c) => c.id);
  const findings: StackingFinding[] = [];
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) if (overlap(i, j) && !ruled(ids[i], ids[j])) findings.push({ package: pkg.id, clauses: [ids[i], ids[j]] });
  return findings;
}

/** Names in stacking rules that are not clauses of the package (or of a known package). */
export function lintReferences(pkg: Package, known: Package[] = [pkg]): string[] {
  const ids = new Set(pkg.clauses.map((c) => c.id));
  const problems: string[] = [];
  for (const g of pkg.stacking) for (const c of g.clauses) if (!ids.has(c)) problems.push(`${pkg.id}: stacking group ${g.id} names unknown clause ${c}`);
  for (const s of pkg.stackable) for (const c of s.clauses) if (!ids.has(c)) problems.push(`${pkg.id}: stackable set names unknown clause ${c}`);
  for (const g of pkg.acrossPackages)
    for (const m of g.members) {
      const [p, c] = m.split(':');
      const other = known.find((k) => k.id === p);
      if (other && !other.clauses.some((x) => x.id === c)) problems.push(`${pkg.id}: 就高 group ${g.id} names unknown clause ${m}`);
    }
  return problems;
}
