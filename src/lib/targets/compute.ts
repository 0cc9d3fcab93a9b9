/**
 * Everything the targets page and the overview line show, from the loaded tables: the target sets as
 * edited (re-based years, values, deadlines), each target's data (metrics.ts) and progress
 * (progress.ts). The same code runs in Node for the tests.
 */
import type { Db } from '../db/types.ts';
import type { Package } from '../policy/schema.ts';
import { metricData, type AwardsContext, type MetricData } from './metrics.ts';
import { goalOf, progressOf, DEFAULT_OPTIONS, type Goal, type Progress, type ProgressOptions } from './progress.ts';
import type { Target, TargetSet } from './schema.ts';
import type { Edits } from './edits.svelte.ts';

export interface TargetResult {
  set: TargetSet;
  target: Target;
  key: string;
  data: MetricData;
}

/** The quarters of the loaded data, oldest first. */
export async function dataQuarters(db: Db): Promise<string[]> {
  const rows = await db.query<{ period: string }>(`SELECT DISTINCT period FROM quarterly UNION SELECT DISTINCT period FROM indicators ORDER BY period`);
  return rows.map((r) => r.period).filter((p) => /^\d{4}Q[1-4]$/.test(p));
}

/** `shipped`: every document the app knows, in force or not (their titles name them in the notes). */
export function awardsContext(db: Db, packages: Package[], ensure: () => Promise<void>, shipped: Package[] = packages): AwardsContext {
  const titles = new Map(shipped.map((p) => [p.id, { title: p.title, clauses: new Map(p.clauses.map((c) => [c.id, c.title])) }]));
  return { inForce: new Map(packages.map((p) => [p.id, p.periods?.year?.value ?? NaN])), ensure, titles };
}

/** Queries every target's data; awards-based targets last (they wait for the evaluation). */
export async function computeData(db: Db, sets: TargetSet[], asOf: string, awards: AwardsContext | null): Promise<TargetResult[]> {
  const out: TargetResult[] = [];
  const all = sets.flatMap((set) => set.targets.map((target) => ({ set, target })));
  const order = [...all.filter((x) => x.target.metric.kind !== 'awards'), ...all.filter((x) => x.target.metric.kind === 'awards')];
  const byKey = new Map<string, TargetResult>();
  for (const { set, target } of order) {
    const key = `${set.id}/${target.id}`;
    byKey.set(key, { set, target, key, data: await metricData(db, target, asOf, awards) });
  }
  for (const x of all) out.push(byKey.get(`${x.set.id}/${x.target.id}`)!);
  return out;
}

export function goalFor(r: TargetResult, edits: Edits): Goal {
  return goalOf(r.target, edits.targets[r.key]);
}

export function progressFor(r: TargetResult, edits: Edits, asOf: string, opt: ProgressOptions = DEFAULT_OPTIONS): Progress {
  return progressOf(goalFor(r, edits), r.data, asOf, opt);
}

export interface Summary {
  n: number;
  met: number;
  onTrack: number;
  atRisk: number;
  behind: number;
  noData: number;
}

export function summarize(progress: Progress[]): Summary {
  const s: Summary = { n: progress.length, met: 0, onTrack: 0, atRisk: 0, behind: 0, noData: 0 };
  for (const p of progress) {
    if (p.status === 'met') s.met++;
    else if (p.status === 'onTrack' || p.status === 'notStarted') s.onTrack++;
    else if (p.status === 'atRisk') s.atRisk++;
    else if (p.status === 'behind') s.behind++;
    else s.noData++;
  }
  return s;
}
