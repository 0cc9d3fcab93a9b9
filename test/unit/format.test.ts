import { describe, it, expect } from 'vitest';
import { formatNumber, formatWan, formatYuan, formatYuanExact, formatPercent, formatPoints, formatPeriod, formatPeriodRange } from '../../src/lib/format/numbers.ts';
import { messages } from '../../src/lib/format/messages.ts';
import { i18n, t, pick, setLang } from '../../src/lib/format/i18n.svelte.ts';

const plain = (s: string) => s.replaceAll('\u00a0', ' ');

describe('money formatting', () => {
  it('shows 万元 below one 亿 and 亿元 from one 亿 in Chinese', () => {
    expect(plain(formatWan(5403.24, 'zh'))).toBe('5,403.24 万元');
    expect(plain(formatWan(12345.6, 'zh'))).toBe('1.23 亿元');
    expect(plain(formatWan(-250, 'zh'))).toBe('-250.00 万元');
  });

  it('converts 万元 to yuan with million and billion in English', () => {
    expect(plain(formatWan(5403.24, 'en'))).toBe('¥54.03 m');
    expect(plain(formatWan(250_000, 'en'))).toBe('¥2.50 bn');
    expect(plain(formatWan(12.3, 'en'))).toBe('¥123,000');
  });

  it('shows integer-yuan awards as 元, 万元 or 亿元 by size', () => {
    expect(plain(formatYuan(8_000, 'zh'))).toBe('8,000 元');
    expect(plain(formatYuan(125_000, 'zh'))).toBe('12.50 万元');
    expect(plain(formatYuan(312_000_000, 'zh'))).toBe('3.12 亿元');
    expect(plain(formatYuanExact(1_234_567, 'zh'))).toBe('1,234,567 元');
    expect(formatYuanExact(1_234_567, 'en')).toBe('¥1,234,567');
  });

  it('shows a dash for missing values instead of 0', () => {
    expect(formatWan(null, 'zh')).toBe('—');
    expect(formatYuan(undefined, 'en')).toBe('—');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatPercent(Infinity)).toBe('—');
  });
});

describe('ratios and periods', () => {
  it('writes ratios as percentages, with a plus sign on request', () => {
    expect(formatPercent(0.083)).toBe('8.3%');
    expect(formatPercent(0.1, 0)).toBe('10%');
    expect(formatPercent(0.052, 1, true)).toBe('+5.2%');
    expect(formatPercent(-0.052, 1, true)).toBe('-5.2%');
  });

  it('writes differences of ratios as 个百分点 / pp', () => {
    expect(plain(formatPoints(0.021, 'zh'))).toBe('2.1 个百分点');
    expect(plain(formatPoints(0.021, 'en', 1, true))).toBe('+2.1 pp');
  });

  it('writes YYYYQn periods as Chinese quarters and leaves other text alone', () => {
    expect(formatPeriod('2024Q1', 'zh')).toBe('2024年一季度');
    expect(formatPeriod('2023Q4', 'en')).toBe('2023 Q4');
    expect(formatPeriod('2024', 'zh')).toBe('2024年');
    expect(formatPeriod('2024', 'en')).toBe('2024');
    expect(formatPeriod('H1 2024', 'zh')).toBe('H1 2024');
    expect(formatPeriodRange({ first: '2020Q1', last: '2024Q4' }, 'zh')).toBe('2020年一季度 至 2024年四季度');
    expect(formatPeriodRange({ first: '2024Q2', last: '2024Q2' }, 'en')).toBe('2024 Q2');
  });
});

describe('interface messages', () => {
  it('has an English text for every Chinese message and the same parameters in both', () => {
    const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(messages.zh) as (keyof typeof messages.zh)[]) {
      expect(messages.en[key], key).toBeTruthy();
      expect(params(messages.en[key]), key).toEqual(params(messages.zh[key]));
    }
  });

  it('fills parameters and follows the language switch', () => {
    setLang('zh');
    expect(t('source.user', { count: 3 })).toBe('用户数据 · 3 个文件');
    expect(pick({ zh: '企业名录', en: 'Enterprises' })).toBe('企业名录');
    setLang('en');
    expect(i18n.lang).toBe('en');
    expect(t('source.user', { count: 3 })).toBe('Your data · 3 files');
    expect(pick({ zh: '企业名录', en: 'Enterprises' })).toBe('Enterprises');
    setLang('zh');
  });
});

describe('issue kinds', () => {
  it('has a Chinese and an English short name for every validation issue code', async () => {
    const { ISSUE_SEVERITY } = await import('../../src/lib/ingest/codes.ts');
    const { issueCodeLabel } = await import('../../src/lib/format/issue-codes.ts');
    for (const code of Object.keys(ISSUE_SEVERITY)) {
      expect(issueCodeLabel(code, 'zh'), code).not.toBe(code);
      expect(issueCodeLabel(code, 'en'), code).not.toBe(code);
    }
    expect(issueCodeLabel('something_new', 'zh')).toBe('something_new');
  });

  it('names every code the ingest can emit (literals in src/lib/ingest, SQL CASE codes included) and every kind of row left out, in both languages', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ISSUE_SEVERITY } = await import('../../src/lib/ingest/codes.ts');
    const { issueCodeLabel } = await import('../../src/lib/format/issue-codes.ts');
    const { LEFT_OUT_LABELS } = await import('../../src/lib/ingest/messages.ts');
    const dir = join(import.meta.dirname, '../../src/lib/ingest');
    const emitted = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/\bcode: '([a-z_]+)'|THEN '([a-z_]+)'/g)) emitted.add(m[1] ?? m[2]);
    }
    const kinds = ['title', 'total', 'note'];
    emitted.delete('count'); // column-sql.ts's countCell(…, code: 'count' | 'year') is a column kind, not an issue
    // the scan finds what it should: the codes added with the left-out rows, and the left-out kinds
    for (const c of ['unit_row_mismatch', 'date_serial', 'duplicate_key', 'total', 'note']) expect(emitted, c).toContain(c);
    const cjk = /[\u4e00-\u9fff]/;
    for (const code of emitted) {
      if (kinds.includes(code)) continue;
      expect(Object.keys(ISSUE_SEVERITY), `${code} is emitted but has no severity`).toContain(code);
    }
    for (const code of Object.keys(ISSUE_SEVERITY)) {
      for (const lang of ['zh', 'en'] as const) expect(issueCodeLabel(code, lang), `${code} ${lang}`).not.toBe(code);
      expect(issueCodeLabel(code, 'zh'), code).toMatch(cjk);
      expect(issueCodeLabel(code, 'en'), code).toMatch(/^[A-Z]/);
    }
    // the left-out kinds are named where the data page lists them
    expect(Object.keys(LEFT_OUT_LABELS).sort()).toEqual([...kinds].sort());
    for (const k of kinds as ('title' | 'total' | 'note')[]) {
      expect(LEFT_OUT_LABELS[k].zh).toMatch(cjk);
      expect(LEFT_OUT_LABELS[k].en).toMatch(/^[A-Z]/);
    }
    expect(issueCodeLabel('unit_row_mismatch', 'zh')).toBe('单位行与万元不符');
    expect(issueCodeLabel('date_serial', 'en')).toMatch(/Excel date serial/);
  });
});

describe('message slots', () => {
  it('fills each {slot} once, with the value as plain text: a name holding $\' $& {slot} or markup comes out as typed', async () => {
    const { fillParams } = await import('../../src/lib/format/i18n.svelte.ts');
    const name = `$' $& $$ {name} {n} <b>x</b> \\ %_`;
    expect(fillParams('方案「{name}」共 {n} 项', { name, n: 3 })).toBe(`方案「${name}」共 3 项`);
    expect(fillParams('{n}/{missing}', { n: '{missing}' })).toBe('{missing}/{missing}');
    expect(fillParams('no slots', undefined)).toBe('no slots');
  });
});
