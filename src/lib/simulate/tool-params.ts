/** The numeric parameters of the packages in force with their values in a scenario: what sweeps, goal-seek and sensitivity vary. */
import type { Lang } from '../format/numbers.ts';
import { PACKAGE_BY_ID } from '../policy/bundled.ts';
import type { Parameter } from '../policy/schema.ts';
import { fillText } from '../policy/labels.ts';
import { packageShortTitle } from '../export/names.ts';
import type { ScenarioDoc } from './scenario.ts';

export interface ToolParam {
  /** `package|name` */
  key: string;
  pkg: string;
  name: string;
  spec: Parameter;
  value: number;
}

export function numericParams(doc: ScenarioDoc): ToolParam[] {
  return doc.packages.flatMap((id) => {
    const pkg = PACKAGE_BY_ID.get(id);
    if (!pkg) return [];
    const set = doc.set[id] ?? {};
    return Object.entries(pkg.parameters).flatMap(([name, spec]) => {
      const value = name in set ? set[name] : spec.value;
      return spec.unit !== 'choice' && typeof value === 'number' ? [{ key: `${id}|${name}`, pkg: id, name, spec, value }] : [];
    });
  });
}

/** The parameter's own label first (filled from the scenario's values), then the document it belongs to. */
export function paramLabel(p: ToolParam, lang: Lang, doc: ScenarioDoc): string {
  const pkg = PACKAGE_BY_ID.get(p.pkg)!;
  return `${fillText(p.spec.label, pkg, lang, doc.set[p.pkg] ?? {})}（${lang === 'zh' ? packageShortTitle(pkg) : pkg.id}）`;
}
