import { describe, it, expect } from 'vitest';
import { loadPackageSource } from '../../src/lib/policy/load.ts';
import { clauseParams, conditionSentence, describeCondition } from '../../src/lib/policy/describe.ts';
import { describeAward, describeLimits } from '../../src/lib/policy/describe-award.ts';
import { describeMetric } from '../../src/lib/policy/describe-metric.ts';
import type { Package } from '../../src/lib/policy/schema.ts';

/** A small package written for these tests: every shape the words must cover, none of the shipped ones. */
const SOURCE = `
id: test-describe
title: 测试文件 | Test notice
issuer: 测试局 | Test bureau
docNumber: 测〔2024〕1号
effective: {from: 2024-01-01, to: 2024-12-31}
sourceFile: test.txt
periods:
  year: {value: 2024, label: 考核年度 | Assessment year}
  base_year: {value: year - 1, label: 基期 | Base year}
parameters:
  min_output: {value: 5000万元, label: 产值门槛 | Output threshold, source: 一：“产值高于5000万元”}
  tier1: {value: 8%, label: 第一档增速 | Tier 1 growth, source: 一：“增速8%以上”}
  tier2: {value: 10%, label: 第二档增速 | Tier 2 growth, source: 一：“增速10%以上”}
  amount1: {value: 10万元, label: 第一档奖励 | Tier 1 award, source: 一：“10万元”}
  amount2: {value: 20万元, label: 第二档奖励 | Tier 2 award, source: 一：“20万元”}
  share_min: {value: 50%, label: 加班占比 | Overtime share, source: 二：“50%以上”}
  city: {value: null, unit: ratio, label: 全市增速 | City growth, source: 一：“不低于全市增速”, nullMeans: 由数据计算 | computed from the data}
  rate: {value: 0.05元/千瓦时, label: 单价 | Rate, source: 三：“每千瓦时0.05元”}
  rate_new: {value: 0.01元/千瓦时, label: 新企业单价 | New-firm rate, source: 三：“0.01元”, assumption: 原文为最高，按上限。 | The notice says at most; the maximum is paid.}
  floor: {value: 1000元, label: 起付 | Minimum, source: 三：“不足1000元不予安排”}
  cap: {value: 35万元, label: 上限 | Cap, source: 三：“最高35万元”}
  pool: {value: 1000万元, label: 资金总额 | Pool, source: 一：“总额1000万元以内”}
  pool_rule:
    value: rank
    unit: choice
    label: 分配方式 | Allocation
    source: 一：“总额1000万元以内”
    options: [{value: pro_rata, label: 同比例核减 | Pro rata}, {value: rank, label: 按产值排序 | By output}]
  threshold: {value: 500万元, label: 增量门槛 | Increase threshold, source: 四：“增长500万元以上”}
  base: {value: 5万元, label: 基础奖励 | Base award, source: 四：“奖励5万元”}
  increment: {value: 100万元, label: 每档增量 | Increment, source: 四：“每增加100万元”}
  step: {value: 1万元, label: 每档奖励 | Step award, source: 四：“再奖励1万元”}
  ratio: {value: 5%, label: 补助比例 | Ratio, source: 五：“设备投资的5%”}
metrics:
  output_q1: quarterly(output_10k, quarter(year, 1))
  output_q1_base: quarterly(output_10k, quarter(base_year, 1))
  above_scale_q1: above_scale(quarter(year, 1))
  dishonest: firm(dishonest_debtor)
  first_year: first_above_scale_year()
  sf_overtime: spring_festival(overtime_staff, year)
  sf_total: spring_festival(total_staff, year)
  power_q1: quarterly(electricity_kwh, quarter(year, 1))
  power_q1_base: quarterly(electricity_kwh, quarter(base_year, 1), absent_as_zero)
  power_increase: power_q1 - power_q1_base
  sales_year: annual(sales_10k, year)
  sales_base: annual(sales_10k, base_year)
  sales_increase: sales_year - sales_base
regionGrowth:
  current: quarter(year, 1)
  base: quarter(base_year, 1)
  override: city
conditions:
  above_scale: {when: above_scale_q1 = 1, label: '{year}年一季度为规上企业 | Above-scale in {year} Q1'}
  not_above_scale: {when: above_scale_q1 = 0, label: '{year}年一季度为规上企业 | Above-scale in {year} Q1'}
  output_above: {when: output_q1 > min_output, label: '{year}年一季度产值（万元，高于） | {year} Q1 output (10k yuan, above)'}
  vs_city: {when: 'growth(output_q1, output_q1_base) >= region_growth', label: 增速不低于全市 | Growth not below the city's}
  growth1: {when: 'growth(output_q1, output_q1_base) >= tier1', label: '同比增速（{tier1}档） | Growth ({tier1} tier)'}
  growth2: {when: 'growth(output_q1, output_q1_base) >= tier2', label: '增速达到{tier2} | Growth reaches {tier2}'}
  overtime: {when: 'share(sf_overtime, sf_total) >= share_min', label: 加班人数占比 | Overtime share}
  new_firm: {when: first_year = year, label: 首次规上的年份 | First year above-scale}
  clean: {when: dishonest = 1, label: 失信被执行人 | Dishonest judgement debtor}
  increase: {when: sales_increase >= threshold, label: 销售增量（万元） | Sales increase (10k yuan)}
exclusions:
  - {when: clean, source: 附则：“失信的不予奖励”}
clauses:
  - id: growth
    title: 增长奖励 | Growth award
    source: 一：“产值高于5000万元、增速不低于全市的，增速8%以上和10%以上分别奖励10万元、20万元”
    eligibility: above_scale and output_above and vs_city and (growth1 or (overtime and not not_above_scale))
    award:
      shape: tiers
      tiers:
        - {id: t1, when: growth1, amount: amount1, label: '增速{tier1}以上 | Growth {tier1} or more'}
        - {id: t2, when: growth2, amount: amount2, label: '增速{tier2}以上 | Growth {tier2} or more'}
    pool: {amount: pool, allocation: pool_rule, rankBy: output_q1}
  - id: power
    title: 用电奖励 | Electricity award
    source: 三：“按用电增量每千瓦时0.05元”
    eligibility: above_scale
    award:
      shape: rate
      quantity: power_increase
      rate: rate
      cases: [{id: new, when: new_firm, rate: rate_new, label: 新投产企业 | New firm}]
    floor: {amount: floor, mode: nothing}
    cap: cap
  - id: step
    title: 增量奖励 | Increase award
    source: 四：“增长500万元以上奖励5万元，每增加100万元再奖励1万元”
    eligibility: increase
    award: {shape: step, over: sales_increase, threshold: threshold, base: base, increment: increment, step: step}
  - id: equipment
    title: 设备补助 | Equipment subsidy
    source: 五：“按设备投资的5%补助”
    unit: project
    projects: {kind: tech_reform, year: year}
    eligibility: above_scale
    award: {shape: percent, percent: ratio, base: project.equipment_10k}
    cap: cap
stackable:
  - clauses: [growth, power, step, equipment]
    source: 全文：“未规定不可兼得”
`;

const pkg: Package = loadPackageSource(SOURCE, 'test-describe.yaml');
const clause = (id: string) => pkg.clauses.find((c) => c.id === id)!;
const sentence = (id: string, lang: 'zh' | 'en', values = {}) => conditionSentence(describeCondition(pkg, clause(id).eligibility, lang, values), lang);

describe('conditions in words: each leaf is its label, the comparison and the current parameter value', () => {
  it('"高于 5000万元" comes from the parameter, and the unit bracket of the label is not said twice', () => {
    expect(sentence('growth', 'zh')).toContain('2024年一季度产值 高于 5000万元');
    expect(sentence('growth', 'en')).toContain('2024 Q1 output above ¥50 million');
  });

  it('a bracket naming the value gives way to the comparison: "同比增速 不低于 8%", not "同比增速（8%档）"', () => {
    expect(sentence('growth', 'zh')).toContain('同比增速 不低于 8%');
    expect(sentence('growth', 'en')).toContain('Growth at least 8%');
  });

  it('a label that states the value already is kept as written: "增速达到10%"', () => {
    const row = describeAward(pkg, clause('growth'), 'zh').rows[1];
    expect(conditionSentence(row.condition, 'zh')).toBe('增速达到10%');
  });

  it('groups nest in brackets with 且 / 或 and a negated flag reads 不满足（…）', () => {
    expect(sentence('growth', 'zh')).toBe(
      '2024年一季度为规上企业 且 2024年一季度产值 高于 5000万元 且 增速不低于全市 且 （同比增速 不低于 8% 或 （加班人数占比 不低于 50% 且 不满足（非“2024年一季度为规上企业”）））'
    );
    expect(sentence('growth', 'en')).toMatch(/^Above-scale in 2024 Q1 and .* and \(Growth at least 8% or \(Overtime share at least 50% and not not: Above-scale in 2024 Q1\)\)$/);
  });

  it('the region growth reads as its label; a value set by the bureau is shown beside it', () => {
    expect(sentence('growth', 'zh')).toContain('增速不低于全市 且');
    expect(sentence('growth', 'zh', { city: 0.095 })).toContain('增速不低于全市（全市增速 9.5%）');
  });

  it('an override changes the words: the 8% tier set to 7% reads 7% everywhere', () => {
    expect(sentence('growth', 'zh', { tier1: 0.07 })).toContain('同比增速 不低于 7%');
    expect(describeAward(pkg, clause('growth'), 'zh', { tier1: 0.07 }).rows[0].label).toBe('增速7%以上');
  });

  it('a year compared with the assessment period reads "为 2024"; exclusions read the same way', () => {
    const rate = describeAward(pkg, clause('power'), 'zh');
    expect(conditionSentence(rate.rows[0].condition, 'zh')).toBe('首次规上的年份 为 2024');
    expect(conditionSentence(describeCondition(pkg, pkg.exclusions[0].when, 'en'), 'en')).toBe('Dishonest judgement debtor');
  });
});

describe('awards and limits in words', () => {
  it('tiers: a table from lowest to highest with each amount, "只奖达到的最高一档"', () => {
    const a = describeAward(pkg, clause('growth'), 'zh');
    expect(a.rule).toContain('最高一档');
    expect(a.rows.map((r) => [r.label, r.value])).toEqual([
      ['增速8%以上', '10万元'],
      ['增速10%以上', '20万元']
    ]);
  });

  it('rate: quantity x rate with its cases, then floor and cap', () => {
    const a = describeAward(pkg, clause('power'), 'zh');
    expect(a.rule).toBe('按 （2024年一季度工业用电 − 2023年一季度工业用电（无记录计为 0）） × 0.05元/千瓦时；下列情形依次判断，第一个满足的情形适用其单价，都不满足时按 0.05元/千瓦时');
    expect(a.rows.map((r) => [r.label, r.value])).toEqual([['新投产企业', '0.01元/千瓦时']]);
    expect(describeLimits(pkg, clause('power'), 'zh').map((l) => l.text)).toEqual(['金额不足 1000元 的不予安排', '每户最高 35万元']);
    expect(describeLimits(pkg, clause('power'), 'en').map((l) => l.text)).toEqual(['Amounts below ¥1,000 are not paid', 'At most ¥350,000 per firm']);
  });

  it('step: base at the threshold plus a step per full increment', () => {
    expect(describeAward(pkg, clause('step'), 'zh').rule).toBe('2024年全年销售收入 − 2023年全年销售收入 达到 500万元 时给予 5万元，超出部分每满 100万元 再给予 1万元');
    expect(describeAward(pkg, clause('step'), 'en').rule).toBe('¥50,000 when sales in 2024 (year total) − sales in 2023 (year total) reaches ¥5 million, plus ¥10,000 for each full ¥1 million above it');
  });

  it('percent of a project field, assessed per project and capped per firm', () => {
    expect(describeAward(pkg, clause('equipment'), 'zh').rule).toBe('按 项目设备投资 的 5%');
    const limits = describeLimits(pkg, clause('equipment'), 'zh', {}, { kindName: (k) => (k === 'tech_reform' ? '技术改造' : k) });
    expect(limits.map((l) => l.kind)).toEqual(['unit', 'cap']);
    expect(limits[0].text).toBe('按项目逐个测算：2024年“技术改造”项目，同一企业的项目金额合计');
  });

  it('pool: the envelope and the allocation rule, with the ranking metric when ranked', () => {
    const [pool] = describeLimits(pkg, clause('growth'), 'zh');
    expect(pool.text).toBe('本条资金总额 1000万元；申报合计超出时：按产值排序（按2024年一季度工业总产值从高到低依次足额兑现）');
    expect(describeLimits(pkg, clause('growth'), 'zh', { pool_rule: 'pro_rata' })[0].text).toBe('本条资金总额 1000万元；申报合计超出时：同比例核减');
  });
});

describe('the parameters a clause uses', () => {
  it('conditions, amounts and pool in order of appearance, and the region growth override when compared with', () => {
    expect(clauseParams(pkg, clause('growth'))).toEqual(['min_output', 'tier1', 'share_min', 'amount1', 'tier2', 'amount2', 'pool', 'pool_rule', 'city']);
    expect(clauseParams(pkg, clause('power'))).toEqual(['rate', 'rate_new', 'floor', 'cap']);
  });

  it('metrics read as data: a quarter, a year total, a difference', () => {
    expect(describeMetric(pkg, 'output_q1', 'zh')).toBe('2024年一季度工业总产值');
    expect(describeMetric(pkg, 'power_increase', 'en')).toBe('electricity use in 2024 Q1 − electricity use in 2023 Q1 (0 without a record)');
  });
});
