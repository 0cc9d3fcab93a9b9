/**
 * The baseline evaluation tells how far it is: every statement counted once, up to the total, then null; and
 * the step that ran out of memory when one does.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { ensureBaseline, onEvaluationProgress, stopEvaluation, type EvaluationProgress } from '../../src/lib/policy/baseline.ts';
import { prepareStatements } from '../../src/lib/policy/awards.ts';
import { loadSample } from './helpers/sample.ts';
import { isOutOfMemory } from '../../src/lib/db/out-of-memory.ts';
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
    expect(steps.map((p) => p.step)).toEqual([...Array(prepareStatements(packages).length).fill('metrics'), ...packages.map((p) => p.id), packages.at(-1)!.id]); // the last: done, nothing runs
    const [{ n }] = await db.query(`SELECT count(DISTINCT package)::INTEGER AS n FROM awards`);
    expect(n).toBe(packages.length);
  });

  it('names the step that ran out of memory, and tells nothing of the kind for another failure', { timeout: 120_000 }, async () => {
    const packages = allPackageIds().map(packageById);
    const failures: (string | undefined)[] = [];
    onEvaluationProgress((p, outOfMemoryAt) => p === null && failures.push(outOfMemoryAt));
    const [{ limit }] = await db.query(`SELECT current_setting('memory_limit') AS limit`);
    // below what the per-firm metrics need (over 32 MB here), above what DuckDB cannot let go of after the sample's evaluation (an 8 MB limit cannot be set)
    await db.exec(`SET memory_limit = '16MB'`);
    const error = await ensureBaseline(db, 2, packages).then(() => null, (e) => e);
    await db.exec(`SET memory_limit = '${limit}'`); // RESET does not bring it back
    expect(isOutOfMemory(error), String(error)).toBe(true);
    expect(failures).toEqual(['metrics']);
    await db.exec('ALTER TABLE quarterly RENAME TO quarterly_hidden');
    const other = await ensureBaseline(db, 3, packages).then(() => null, (e) => e);
    await db.exec('ALTER TABLE quarterly_hidden RENAME TO quarterly');
    onEvaluationProgress(() => {});
    expect(isOutOfMemory(other)).toBe(false);
    expect(failures).toEqual(['metrics', undefined]);
  });

  it('stops after the statement running when told, rejecting with an AbortError; asked again, it evaluates in full', { timeout: 120_000 }, async () => {
    const packages = allPackageIds().map(packageById);
    const seen: (EvaluationProgress | null)[] = [];
    onEvaluationProgress((p) => {
      seen.push(p);
      if (p?.done === 3) stopEvaluation();
    });
    const error = await ensureBaseline(db, 4, packages).then(() => null, (e) => e);
    expect(error?.name, String(error)).toBe('AbortError');
    expect(seen.map((p) => p?.done ?? null)).toEqual([0, 1, 2, 3, null]);
    onEvaluationProgress(() => {});
    await ensureBaseline(db, 4, packages);
    const [{ n }] = await db.query(`SELECT count(DISTINCT package)::INTEGER AS n FROM awards`);
    expect(n).toBe(packages.length);
  });

  it('knows out-of-memory errors by their messages (DuckDB, the WebAssembly heap, an ArrayBuffer)', () => {
    for (const m of ['Out of Memory Error: failed to allocate data of size 2.0 MiB', 'RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded', 'RangeError: Array buffer allocation failed'])
      expect(isOutOfMemory(new Error(m)), m).toBe(true);
    for (const m of ['Catalog Error: Table with name quarterly does not exist!', 'Binder Error: memory column']) expect(isOutOfMemory(m), m).toBe(false);
  });
});
