/** npm run lint:policies — lists clause pairs with no stacking rule and dangling names; exit 1 when any. */
import { lintReferences, lintStacking } from '../src/lib/policy/lint.ts';
import { loadAllPackages } from './lib/policies.ts';

const packages = loadAllPackages();
let findings = 0;
for (const pkg of packages) {
  for (const f of lintStacking(pkg)) {
    findings++;
    console.log(`${pkg.id}: ${f.clauses[0]} and ${f.clauses[1]} can pay the same firm with no stacking rule`);
  }
  for (const p of lintReferences(pkg, packages)) {
    findings++;
    console.log(p);
  }
}
console.log(findings ? `${findings} finding(s) in ${packages.length} packages` : `${packages.length} packages: no findings`);
process.exit(findings ? 1 : 0);
