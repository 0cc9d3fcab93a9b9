/**
 * Loads and checks packages: a source file (YAML, see docs/policy-packages.md) is compiled into the
 * model, validated by the schema, then compiled once to SQL with default values (dangling names,
 * dimensions). Every error names the file.
 */
import { parsePackage, type Package } from './schema.ts';
import { compilePackage } from './compile.ts';
import { metricsTableSql } from './metrics-sql.ts';
import { packageFromYaml } from './source/read-yaml.ts';
import { checkTemplates } from './labels.ts';

export function loadPackage(raw: unknown, origin: string): Package {
  const pkg = parsePackage(raw, origin);
  try {
    checkTemplates(pkg);
    metricsTableSql(pkg);
    compilePackage(pkg);
  } catch (e) {
    throw new Error(`Policy package ${origin} is invalid: ${(e as Error).message}`);
  }
  return pkg;
}

/** A package from its source text; `periods` re-bases it (e.g. {year: 2023}). */
export function loadPackageSource(text: string, file: string, periods: Record<string, number> = {}): Package {
  return loadPackage(packageFromYaml(text, file, periods), file);
}
