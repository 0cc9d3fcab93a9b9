/**
 * A document's standing on the library page: whether it is in force today (against its effective
 * dates), and which data it is assessed on (the quarters and tables its metrics read), so the page can
 * say whether the data loaded covers it. Pure: the package and today's date in, words-free facts out.
 */
import type { Clause, Package } from '../policy/schema.ts';
import type { TableName } from '../ingest/contract.ts';

export type Validity = 'pending' | 'in_force' | 'expired';

/** In force from `effective.from` to `effective.to` inclusive; `today` is an ISO date (local calendar day). */
export function validity(pkg: Package, today: string): Validity {
  if (today < pkg.effective.from) return 'pending';
  return today > pkg.effective.to ? 'expired' : 'in_force';
}

/** Today's calendar date where the page runs, as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const quartersOf = (year: number) => [1, 2, 3, 4].map((q) => `${year}Q${q}`);

export interface DataNeeds {
  /** Quarters of the quarterly table the package reads, sorted. */
  quarters: string[];
  /** Tables the package reads besides the quarterly one. */
  tables: TableName[];
}

/** The quarters and tables a package's metrics, clauses and region growth read. */
export function dataNeeds(pkg: Package): DataNeeds {
  const quarters = new Set<string>();
  const tables = new Set<TableName>(['enterprises']);
  for (const m of Object.values(pkg.metrics)) {
    const kind = m.kind as string;
    if (m.kind === 'quarter' || m.kind === 'above_scale') quarters.add(m.period);
    else if (m.kind === 'year' || m.kind === 'above_scale_in_year') quartersOf(m.year).forEach((q) => quarters.add(q));
    else if (m.kind === 'cert_first_year' || m.kind === 'cert_between') tables.add('certifications');
    else if (m.kind === 'spring_festival') tables.add('spring_festival');
    else if (m.kind === 'project_completed') tables.add('projects');
    else if (kind === 'claims') tables.add('claims');
  }
  if (pkg.regionGrowth) [pkg.regionGrowth.current, pkg.regionGrowth.base].forEach((q) => quarters.add(q));
  for (const c of pkg.clauses as (Clause & { unit: string })[]) {
    if (c.unit === 'project') tables.add('projects');
    if (c.unit === 'claim') tables.add('claims');
  }
  return { quarters: [...quarters].sort(), tables: [...tables] };
}

/** Runs of consecutive quarters, for short lists: 2023Q1, 2024Q1–2024Q4. */
export function quarterRuns(quarters: string[]): { first: string; last: string }[] {
  const index = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(5)) - 1;
  const runs: { first: string; last: string }[] = [];
  for (const q of [...quarters].sort()) {
    const last = runs.at(-1);
    if (last && index(q) === index(last.last) + 1) last.last = q;
    else runs.push({ first: q, last: q });
  }
  return runs;
}
