import { describe, it, expect } from 'vitest';
import { INDUSTRY_DIVISIONS, industryDivision, industryDivisionName } from '../../src/lib/format/industries.ts';

describe('GB/T 4754-2017 division names', () => {
  it('lists the 97 divisions 01 to 97 once each, in order', () => {
    const codes = INDUSTRY_DIVISIONS.map((d) => d.code);
    expect(codes).toEqual(Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')));
  });

  it('names division 36 汽车制造业 / Automobile manufacturing, from a two- or a four-digit code', () => {
    expect(industryDivisionName('36', 'zh')).toBe('36 汽车制造业');
    expect(industryDivisionName('3670', 'en')).toBe('36 Automobile manufacturing');
    expect(industryDivisionName('3670', 'zh', { short: true, withCode: false })).toBe('汽车制造');
    expect(industryDivision('4430')?.section).toBe('D');
  });

  it('every industrial division (sections B, C, D) has a short label in both languages', () => {
    const industrial = INDUSTRY_DIVISIONS.filter((d) => ['B', 'C', 'D'].includes(d.section));
    expect(industrial).toHaveLength(41);
    for (const d of industrial) expect(d.short?.zh && d.short?.en, d.code).toBeTruthy();
  });

  it('an unknown or missing code reads as such instead of a blank', () => {
    expect(industryDivisionName('99', 'zh')).toBe('99（未知行业大类）');
    expect(industryDivisionName(null, 'en')).toBe('No industry');
  });
});
