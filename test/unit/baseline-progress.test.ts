/** The baseline evaluation tells how far it is: every statement counted once, up to the total, then null. */
import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { ensureBaseline, onEvaluationProgress, type EvaluationProgress } from '../../src/lib/policy/baseline.ts';
import { prepareStatements } from '../../src/lib/policy/awards.ts';
import { loadSample } from './helpers/sample.ts';
import { allPackageIds, packageById } from './helpers/packages.ts';

describe('baseline evaluation progress', async () => {
  const db = await openNodeDb();
  afterAll(() => db.close());

  it('counts the per-firm metrics statements and one step per package, then ends with null', { timeout: 120_000 }, async () => {
    await loadSample(db);
    const packages = allPackageIds().map(packageById);
    const seen: (EvaluationProgress | null)[] = [];
    onEvaluationProgress((p) => seen.push(p));
    await ensureBaseline(db, 1, packages);
    onEvaluationProgress(() => {});
    const total = prepareStatements(packages).length + packages.length;
    expect(seen.at(-1)).toBeNull();
    const steps = seen.slice(0, -1) as EvaluationProgress[];
    expect(steps.map((p) => p.done)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    expect(steps.every((p) => p.total === total)).toBe(true);
    const [{ n }] = await db.query(`SELECT count(DISTINCT package)::INTEGER AS n FROM awards`);
    expect(n).toBe(packages.length);
  });
});
