import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAllPackages } from '../../scripts/lib/policies.ts';
import { formatParamValue } from '../../src/lib/policy/labels.ts';
import { clauseView, documentView, exampleName, firmLines } from '../../src/lib/policies/library.ts';
import { exampleRows } from '../../src/lib/policy/examples.ts';
import { dataNeeds, localToday, quarterRuns, validity } from '../../src/lib/policies/status.ts';
import type { Package } from '../../src/lib/policy/schema.ts';

const packages = loadAllPackages();
const byId = new Map(packages.map((p) => [p.id, p]));
const withDates = (p: Package, from: string, to: string): Package => ({ ...p, effective: { from, to } });

describe('a document is in force between its effective dates, inclusive', () => {
  const p = withDates(packages[0], '2024-01-01', '2024-12-31');
  it('before, on each end, and after', () => {
    expect(validity(p, '2023-12-31')).toBe('pending');
    expect(validity(p, '2024-01-01')).toBe('in_force');
    expect(validity(p, '2024-12-31')).toBe('in_force');
    expect(validity(p, '2025-01-01')).toBe('expired');
  });
  it("today is the local calendar day", () => {
    expect(localToday(new Date(2024, 0, 5, 23, 59))).toBe('2024-01-05');
  });
});

describe('the data a document is assessed on', () => {
  it('every shipped package reads the enterprise table, and its quarters are well-formed and sorted', () => {
    for (const p of packages) {
      const needs = dataNeeds(p);
      expect(needs.tables).toContain('enterprises');
      expect(needs.quarters).toEqual([...needs.quarters].sort());
      for (const q of needs.quarters) expect(q).toMatch(/^\d{4}Q[1-4]$/);
    }
  });
  it('quarters group into runs: 2023Q1 alone, 2024Q1-2024Q4 together', () => {
    expect(quarterRuns(['2024Q2', '2023Q1', '2024Q1', '2024Q4', '2024Q3'])).toEqual([
      { first: '2023Q1', last: '2023Q1' },
      { first: '2024Q1', last: '2024Q4' }
    ]);
  });
});

describe('the library view of every shipped package', () => {
  it('every clause lists its parameters with the value formatted from the package, and its source', () => {
    for (const p of packages)
      for (const lang of ['zh', 'en'] as const) {
        const doc = documentView(byId, p, lang);
        expect(doc.clauses.map((c) => c.id)).toEqual(p.clauses.map((c) => c.id));
        for (const c of doc.clauses) {
          expect(c.source.quote.length).toBeGreaterThan(0);
          expect(c.href).toBe(`/policies/${p.id}#${c.id}`);
          for (const v of c.params) expect(v.value).toBe(formatParamValue(p.parameters[v.name], p.parameters[v.name].value, lang));
          // no template slot is left unfilled in anything the reader sees
          expect(JSON.stringify(c)).not.toMatch(/\{[a-z0-9_]+\}/);
        }
      }
  });

  it('assumptions are marked on the parameters that carry one', () => {
    for (const p of packages)
      for (const c of documentView(byId, p, 'zh').clauses)
        for (const v of c.params) expect(v.assumption).toBe(p.parameters[v.name].assumption?.zh ?? null);
  });

  it('take-the-highest rules appear on both sides, whichever document declares them, with links that resolve', () => {
    for (const owner of packages)
      for (const g of owner.acrossPackages)
        for (const member of g.members) {
          const [pkgId, clauseId] = member.split(':');
          const pkg = byId.get(pkgId);
          if (!pkg) continue;
          const view = clauseView(byId, pkg, pkg.clauses.find((c) => c.id === clauseId)!, 'zh');
          const rule = view.relations.find((r) => r.kind === 'highest' && r.source.quote === g.source.quote);
          expect(rule, `${member} shows ${g.id}`).toBeTruthy();
          const others = g.members.filter((m) => m !== member && byId.has(m.split(':')[0]));
          expect(rule!.others.map((o) => o.href)).toEqual(others.map((m) => `/policies/${m.split(':')[0]}#${m.split(':')[1]}`));
        }
  });

  it('every worked example shows its name in the language asked and an expected outcome', () => {
    for (const p of packages)
      for (const c of documentView(byId, p, 'en').clauses)
        for (const ex of c.examples) {
          expect(ex.name).not.toContain(' | ');
          expect(ex.expect.length).toBeGreaterThan(0);
        }
  });
});

describe('clause numbers as the notice cites them', () => {
  it('a bare item number reads 第一项 / 第1项 (a lone 一 looks like a dash); a list of items reads 第1-2、10项', () => {
    const ref = (clause: string, lang: 'zh' | 'en') => documentView(byId, { ...packages[0], notComputable: [{ id: 'x', title: { zh: 'x', en: 'x' }, source: { clause, quote: 'q' }, reason: { zh: 'r', en: 'r' } }] }, lang).notComputable[0].source.ref;
    expect(ref('一', 'zh')).toBe('第一项');
    expect(ref('2', 'zh')).toBe('第2项');
    expect(ref('1-2,10', 'zh')).toBe('第1-2、10项');
    expect(ref('条款1（二）', 'zh')).toBe('条款1（二）');
    expect(ref('文末', 'en')).toBe('End of the document');
  });
});

describe('worked examples in short', () => {
  it('names are written "中文 | English"', () => {
    expect(exampleName('恰好8% | Exactly 8%', 'zh')).toBe('恰好8%');
    expect(exampleName('恰好8% | Exactly 8%', 'en')).toBe('Exactly 8%');
    expect(exampleName('only one language', 'en')).toBe('only one language');
  });

  it('a firm reads as quarters, records and certifications in the contract’s names and units', () => {
    const lines = firmLines(
      {
        quarterly: { '2023Q1': 5000, '2024Q1': { output_10k: 5403.24, above_scale: 0 } },
        spring_festival: { '2024': { continuous_days: 4, overtime_staff: 50, total_staff: 100 } },
        certifications: { specialized_provincial: '2024-03-01' },
        projects: [{ kind: 'digital', year: 2024, approved_spend_10k: 120 }]
      },
      'zh'
    );
    expect(lines).toEqual([
      '2023年一季度：工业总产值、销售收入 5,000\u00a0万元',
      '2024年一季度：工业总产值、销售收入 5,403.24\u00a0万元，规上 否',
      '省级专精特新中小企业：2024-03-01',
      '2024年春节：连续生产天数 4，加班人数 50，总员工人数 100',
      '项目：项目类别 数字化转型，年份 2024，核定改造投入 120\u00a0万元'
    ]);
  });

  it('"工业总产值、销售收入" says what the example runner loads: sales follow output unless given', () => {
    const rows = exampleRows({ name: 'x', firm: { quarterly: { '2024Q1': 5000, '2024Q2': { output_10k: 10, sales_10k: 7 } } }, expect: { status: 'paid' } });
    expect(rows.quarterly?.map((r) => [r.output_10k, r.sales_10k])).toEqual([
      [5000, 5000],
      [10, 7]
    ]);
  });

  it('money is shown exactly as the data holds it: 11,999.99 万元 never reads 1.20 亿元', () => {
    expect(firmLines({ quarterly: { '2021Q1': { output_10k: 11999.99, sales_10k: 9000 } } }, 'zh')).toEqual(['2021年一季度：工业总产值 11,999.99\u00a0万元，销售收入 9,000\u00a0万元']);
    expect(firmLines({ quarterly: { '2021Q1': 11999.99 } }, 'en')).toEqual(['2021 Q1: output and sales ¥119,999,900']);
  });
});

describe('the library knows no policy', () => {
  it('no module of the library screens or its describers names a package, a clause or a parameter', () => {
    const root = join(import.meta.dirname, '../..');
    const modules = [
      ...readdirSync(join(root, 'src/lib/policies')).map((f) => `src/lib/policies/${f}`),
      'src/routes/policies/+page.svelte',
      'src/routes/policies/[package]/+page.svelte',
      ...['describe.ts', 'describe-award.ts', 'describe-metric.ts'].map((f) => `src/lib/policy/${f}`)
    ];
    const names = packages.flatMap((p) => [p.id, ...p.clauses.map((c) => c.id), ...Object.keys(p.parameters)]);
    const found = modules.flatMap((m) => {
      const text = readFileSync(join(root, m), 'utf8');
      return names.filter((n) => new RegExp(`(?<![A-Za-z0-9_-])${n}(?![A-Za-z0-9_-])`).test(text)).map((n) => `${m} names ${n}`);
    });
    expect(found).toEqual([]);
  });
});
