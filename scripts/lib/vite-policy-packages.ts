/**
 * Vite plugin: the module `virtual:policy-packages`, the packages shipped under data/policies as the app bundles
 * them. Each source is loaded and checked at build time, so a broken package fails the build, and the page
 * starts on the loaded packages (JSON) instead of parsing and checking YAML on its main thread while DuckDB
 * starts (0.2-0.3 s of a 2-core machine). The sources go along for re-basing a package onto other periods.
 */
import type { Plugin } from 'vite';
import { join } from 'node:path';
import { POLICY_DIR, readSources } from './policies.ts';
import { loadPackageSource } from '../../src/lib/policy/load.ts';

const ID = 'virtual:policy-packages';
const RESOLVED = '\0' + ID;

export function policyPackages(dir = POLICY_DIR): Plugin {
  return {
    name: 'policy-packages',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      const sources = readSources(dir);
      for (const s of sources) this.addWatchFile(join(dir, s.file));
      const packages = sources.map((s) => loadPackageSource(s.text, s.file));
      // a JSON string literal: parsed faster than the same object as a JavaScript literal
      return `export const sources = ${JSON.stringify(sources)};\nexport const packages = JSON.parse(${JSON.stringify(JSON.stringify(packages))});\n`;
    }
  };
}
