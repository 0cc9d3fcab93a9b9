/**
 * What a scenario changes in the published text, in words: each edited parameter with its published and
 * scenario values, assessment years, clauses switched off, tier rows added or removed. Shown on the page
 * (and its print for a budget meeting) and written into the exports' 说明 sheet.
 */
import type { Lang } from '../format/numbers.ts';
import type { Package } from '../policy/schema.ts';
import { fillText, formatParamValue } from '../policy/labels.ts';
import { clauseTitle } from '../policy/texts.ts';
import { tierThreshold, type ScenarioDoc } from './scenario.ts';
import type { ChangedParameter } from '../export/xlsx.ts';

const WORDS = {
  zh: { off: '停用', on: '执行', added: '新增一档', removed: '删除', year: '考核年度' },
  en: { off: 'switched off', on: 'in force', added: 'added tier', removed: 'removed', year: 'assessment year' }
};

/** `published`: the packages as shipped (the scenario's baseline). */
export function scenarioChanges(doc: ScenarioDoc, published: Package[], lang: Lang): ChangedParameter[] {
  const w = WORDS[lang];
  const out: ChangedParameter[] = [];
  for (const id of doc.packages) {
    const pkg = published.find((p) => p.id === id);
    if (!pkg) continue;
    for (const [name, year] of Object.entries(doc.periods[id] ?? {})) {
      const p = pkg.periods[name];
      if (p && p.value !== year) out.push({ package: id, name, label: `${w.year}（${p.label[lang]}）`, baseline: String(p.value), value: String(year) });
    }
    for (const [name, value] of Object.entries(doc.set[id] ?? {})) {
      const spec = pkg.parameters[name];
      if (spec && spec.value !== value) out.push({ package: id, name, label: fillText(spec.label, pkg, lang), baseline: formatParamValue(spec, spec.value, lang), value: formatParamValue(spec, value, lang) });
    }
    for (const clauseId of doc.off[id] ?? []) {
      const clause = pkg.clauses.find((c) => c.id === clauseId);
      if (clause) out.push({ package: id, name: clauseId, label: clauseTitle(pkg, clause, lang), baseline: w.on, value: w.off });
    }
    for (const [clauseId, rows] of Object.entries(doc.tiers[id] ?? {})) {
      const clause = pkg.clauses.find((c) => c.id === clauseId);
      if (!clause || clause.award.shape !== 'tiers') continue;
      const title = clauseTitle(pkg, clause, lang);
      for (const t of clause.award.tiers.filter((t) => !rows.some((r) => r.id === t.id)))
        out.push({ package: id, name: `${clauseId}:${t.id}`, label: `${title} · ${fillText(t.label, pkg, lang)}`, baseline: formatParamValue(pkg.parameters[t.amount.param], pkg.parameters[t.amount.param].value, lang), value: w.removed });
      for (const r of rows) {
        if (!('like' in r)) continue;
        const like = clause.award.tiers.find((t) => t.id === r.like);
        const th = like && tierThreshold(like.when);
        if (!like || !th) continue;
        const value = `${formatParamValue(pkg.parameters[th.param], r.threshold, lang)} → ${formatParamValue(pkg.parameters[like.amount.param], r.amount, lang)}`;
        out.push({ package: id, name: `${clauseId}:${r.id}`, label: `${title} · ${w.added}`, baseline: '—', value });
      }
    }
  }
  return out;
}
