import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadAllPackages } from '../../scripts/lib/policies.ts';
import { buildPackageViews } from '../../src/lib/enterprises/profile.ts';
import { DEFAULT_TOLERANCE } from '../../src/lib/policy/near.ts';

const ROOT = join(import.meta.dirname, '../..');
/** Screens: they ask the packages what a tier line, a near step or a label is, and never know a policy. */
const SCREENS = ['src/lib/overview', 'src/lib/enterprises', 'src/routes'];

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|svelte|js)$/.test(f) ? [p] : [];
  });

/** Every name a package gives: package ids, clause ids, parameter names. */
function policyNames(): { name: string; what: string }[] {
  return loadAllPackages().flatMap((p) => [
    { name: p.id, what: 'package' },
    ...p.clauses.map((c) => ({ name: c.id, what: `clause of ${p.id}` })),
    ...Object.keys(p.parameters).map((n) => ({ name: n, what: `parameter of ${p.id}` }))
  ]);
}

describe('no screen knows a policy', () => {
  it('no module of the overview, the enterprise screens or the routes names a package, a clause or a parameter of a shipped package', () => {
    const names = policyNames();
    expect(names.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const dir of SCREENS) {
      for (const file of files(join(ROOT, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const { name, what } of names) {
          // a whole name: "c2-capacity" or "c2_tier1_growth", not a longer identifier containing it
          const re = new RegExp(`(?<![A-Za-z0-9_-])${name.replace(/[-]/g, '\\-')}(?![A-Za-z0-9_-])`);
          if (re.test(text)) found.push(`${relative(ROOT, file)} names ${name} (${what})`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('a firm profile shows every package text with its slots filled (titles, tier labels, assumptions), in both languages', () => {
    const packages = loadAllPackages();
    for (const lang of ['zh', 'en'] as const) {
      const text = JSON.stringify(buildPackageViews(packages, [], lang, DEFAULT_TOLERANCE));
      expect(text.match(/\{[A-Za-z0-9_]+\}/g), lang).toBeNull();
    }
  });
});
