import { describe, expect, it } from 'vitest';
import { baselineScenario } from '../../src/lib/simulate/scenario.ts';
import { scenarioChanges } from '../../src/lib/simulate/changes.ts';
import { packageById } from './helpers/packages.ts';

const PUBLISHED = [packageById('changchun-2024q1')];

const CC = 'changchun-2024q1';

describe('a scenario in words', () => {
  it('says nothing changed for the published text', () => {
    expect(scenarioChanges(baselineScenario([CC]), PUBLISHED, 'zh')).toEqual([]);
  });

  it('names each edit with the published and the scenario value in the notice units', () => {
    const doc = {
      ...baselineScenario([CC]),
      set: { [CC]: { c2_tier1_growth: 0.07, c1_pool: 800 } },
      periods: { [CC]: { year: 2023 } },
      off: { [CC]: ['c5-digital'] },
      tiers: { [CC]: { 'c2-capacity': [{ id: 'growth8' }, { id: 'added-1', like: 'growth10', threshold: 0.15, amount: 30 }] } }
    };
    const rows = scenarioChanges(doc, PUBLISHED, 'zh');
    const by = (name: string) => rows.find((r) => r.name === name)!;
    expect(by('c2_tier1_growth')).toMatchObject({ baseline: '8%', value: '7%' });
    expect(by('c1_pool')).toMatchObject({ baseline: '1000万元', value: '800万元' });
    expect(by('year')).toMatchObject({ baseline: '2024', value: '2023' });
    expect(by('c5-digital')).toMatchObject({ baseline: '执行', value: '停用' });
    expect(by('c2-capacity:growth10')).toMatchObject({ baseline: '20万元', value: '删除' });
    expect(by('c2-capacity:added-1')).toMatchObject({ baseline: '—', value: '15% → 30万元' });
    expect(rows).toHaveLength(6);
    // labels are filled templates, never a raw slot
    for (const r of rows) expect(r.label).not.toMatch(/\{/);
  });
});
