/** Loads and checks packages: schema first, then a trial compilation with default values (dangling names, dimensions). */
import { parsePackage, type Package } from './schema.ts';
import { compilePackage } from './compile.ts';
import { metricsTableSql } from './metrics-sql.ts';

export function loadPackage(raw: unknown, origin: string): Package {
  const pkg = parsePackage(raw, origin);
  try {
    metricsTableSql(pkg);
    compilePackage(pkg);
  } catch (e) {
    throw new Error(`Policy package ${origin} is invalid: ${(e as Error).message}`);
  }
  return pkg;
}
