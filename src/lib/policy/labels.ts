/**
 * Labels are templates filled from the package's current values: "增速{c2_tier1_growth}以上" reads
 * "增速8%以上" on the baseline and "增速7%以上" after a planner sets the tier to 7%. Screens show
 * labels only through here, so no screen ever quotes a number the package may change.
 */
import type { Package, Parameter } from './schema.ts';
import type { ParamValues } from './context.ts';
import { shiftDecimal } from './source/quantity.ts';

export type Lang = 'zh' | 'en';
type Text = { zh: string; en: string };

const grouped = (text: string) => {
  const [int, frac] = text.split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
};

const UNIT_TEXT: Record<string, [string, (v: string) => string]> = {
  yuan: ['元', (v) => `¥${grouped(v)}`],
  yuan_per_kwh: ['元/千瓦时', (v) => `¥${v}/kWh`],
  yuan_per_m3: ['元/立方米', (v) => `¥${v}/m³`],
  yuan_per_person: ['元/人', (v) => `¥${v}/person`],
  yuan_per_unit: ['元', (v) => `¥${v}`],
  yuan_per_usd: ['元/美元', (v) => `¥${v}/USD`],
  usd: ['美元', (v) => `US$${grouped(v)}`],
  days: ['天', (v) => (v === '1' ? '1 day' : `${v} days`)],
  persons: ['人', (v) => (v === '1' ? '1 person' : `${v} persons`)],
  count: ['个', (v) => v],
  kwh: ['千瓦时', (v) => `${grouped(v)} kWh`],
  m3: ['立方米', (v) => `${grouped(v)} m³`]
};

/** A parameter value in its unit, as the notice would write it: 8%, 5000万元, 1亿元, 0.05元/千瓦时. */
export function formatParamValue(spec: Parameter, value: number | string | null, lang: Lang): string {
  if (value === null) return spec.nullMeans?.[lang] ?? '—';
  if (spec.unit === 'choice') return spec.options?.find((o) => o.value === value)?.label[lang] ?? String(value);
  const text = String(value);
  switch (spec.unit) {
    case 'ratio':
      return `${shiftDecimal(text, 2)}%`;
    case 'wan': {
      if (lang === 'zh') return Math.abs(Number(value)) >= 10_000 ? `${shiftDecimal(text, -4)}亿元` : `${text}万元`;
      const yuan = shiftDecimal(text, 4);
      return Math.abs(Number(yuan)) >= 1_000_000 ? `¥${shiftDecimal(yuan, -6)} million` : `¥${grouped(yuan)}`;
    }
    default: {
      const [zh, en] = UNIT_TEXT[spec.unit];
      // large counts read with separators in both languages (1,000,000美元)
      return lang === 'zh' ? `${Math.abs(Number(value)) >= 10_000 ? grouped(text) : text}${zh}` : en(text);
    }
  }
}

/** The value a template name stands for: a parameter (with overrides) or a period. */
export function templateValue(pkg: Package, name: string, values: ParamValues, lang: Lang): string | null {
  const spec = pkg.parameters[name];
  if (spec) return formatParamValue(spec, name in values ? values[name] : spec.value, lang);
  const period = pkg.periods[name];
  return period ? String(period.value) : null;
}

/** Fills the {name} slots of one text; an unknown name is left as written (and caught by the package test). */
export function fillText(text: Text, pkg: Package, lang: Lang, values: ParamValues = {}): string {
  return text[lang].replace(/\{([A-Za-z0-9_]+)\}/g, (slot, name: string) => templateValue(pkg, name, values, lang) ?? slot);
}

/** The names a text's slots refer to (for checks and for showing which parameters a label follows). */
export const templateNames = (text: Text): string[] => [...`${text.zh} ${text.en}`.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);

/** The first {name} in the package's texts that names none of its parameters or periods, with its path. */
export function templateProblem(pkg: Pick<Package, 'parameters' | 'periods'>): { path: (string | number)[]; message: string } | null {
  const walk = (x: unknown, path: (string | number)[]): { path: (string | number)[]; message: string } | null => {
    if (Array.isArray(x)) {
      for (const [i, v] of x.entries()) {
        const found = walk(v, [...path, i]);
        if (found) return found;
      }
      return null;
    }
    if (!x || typeof x !== 'object') return null;
    const o = x as Record<string, unknown>;
    if (typeof o.zh === 'string' && typeof o.en === 'string') {
      const name = templateNames(o as Text).find((n) => !(n in pkg.parameters) && !(n in (pkg.periods ?? {})));
      return name ? { path, message: `{${name}} is neither a parameter nor a period` } : null;
    }
    for (const [k, v] of Object.entries(o)) {
      const found = walk(v, [...path, k]);
      if (found) return found;
    }
    return null;
  };
  return walk(pkg, []);
}

/** Every {name} in the package's texts names one of its parameters or periods (checked when a package loads). */
export function checkTemplates(pkg: Package): void {
  const problem = templateProblem(pkg);
  if (problem) throw new Error(`${problem.path.join('.')}: ${problem.message}`);
}
