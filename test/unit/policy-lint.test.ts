import { describe, it, expect } from 'vitest';
import { lintReferences, lintStacking } from '../../src/lib/policy/lint.ts';
import { allPackageIds, packageById } from './helpers/packages.ts';

describe('stacking lint', () => {
  it('lists a pair of clauses that has no stacking rule, and nothing once the pair is declared stackable', () => {
    const pkg = packageById('changchun-2024q1');
    const bare = { ...pkg, stackable: [], stacking: [] };
    expect(lintStacking(bare)).toContainEqual({ package: pkg.id, clauses: ['c1-spring-festival', 'c2-capacity'] });
    expect(lintStacking(bare)).toHaveLength((pkg.clauses.length * (pkg.clauses.length - 1)) / 2);
    expect(lintStacking(pkg)).toEqual([]);
  });

  it('every shipped package runs clean: each pair of clauses has a rule, every name in a rule exists', () => {
    const all = allPackageIds().map(packageById);
    for (const pkg of all) {
      expect(lintStacking(pkg), pkg.id).toEqual([]);
      expect(lintReferences(pkg, all), pkg.id).toEqual([]);
    }
  });
});
