/**
 * Firms planted exactly on the boundaries the policy packages draw (以上 includes, 超过 excludes, caps,
 * "first time" with and without history). Their ids do not depend on the seed, so tests anywhere can
 * name them; their org codes start 'BD', which random firms never use.
 * Values are 万元 (money), kWh and m3, as written in the tables.
 */
import { DISTRICTS, INDUSTRY_BY_CODE } from './sample-catalog.ts';
import { applyAboveScaleRule, firmUscc, quarterIndex, type Calendar, type FirmData, type ProjectRow, type SpringFestivalRow, emptySeries } from './sample-firm.ts';

export interface PlantedSpec {
  key: string;
  /** What the firm is there to test, for the README. */
  note: string;
  district: string;
  industry: string;
  name: string;
  registeredOn?: string;
  /** Annual output by year; or `output2024` and earlier years 6% lower each. */
  annual?: Record<number, number>;
  output2024?: number;
  q1Output?: Record<number, number>;
  q1Sales?: Record<number, number>;
  q1Electricity?: Record<number, number>;
  /** Makes the firm a gas user; Q1 values by year, other quarters follow output. */
  q1Gas?: Record<number, number>;
  gasPer10k?: number;
  employees?: number;
  dishonest?: boolean;
  accident?: boolean;
  certifications?: [string, string][];
  projects?: (Omit<ProjectRow, 'fixedAsset' | 'equipment' | 'approvedSpend'> & { fixedAsset?: number; equipment?: number; approvedSpend?: number })[];
  springFestival?: Omit<SpringFestivalRow, 'totalStaff'>[];
}

const spring2024 = (continuousDays: number, overtimeStaff: number): Omit<SpringFestivalRow, 'totalStaff'>[] => [{ year: 2024, continuousDays, overtimeStaff, outOfProvinceStaff: 20 }];

export const PLANTED: PlantedSpec[] = [
  // changchun-2024q1 clause 1 (春节连续生产) and clause 2 (释放产能)
  { key: 'c1-q1-output-exactly-5000', note: 'Q1-2024 output exactly 5000.00万 (+6.38% on 4700.00): meets 不低于5000万 of clause 1 (8 days, 65% overtime), fails 超过5000万 of clause 2', district: '经开区', industry: '2614', name: '示例市恒达化工有限公司', output2024: 22000, q1Output: { 2023: 4700, 2024: 5000 }, employees: 200, springFestival: spring2024(8, 130) },
  { key: 'c2-growth-exactly-8pct', note: 'Q1 output 5003.00 -> 5403.24万, growth exactly 8.00%: reaches the 8% tier of clause 2', district: '高新区', industry: '3670', name: '示例市远航汽车零部件有限公司', output2024: 24000, q1Output: { 2023: 5003, 2024: 5403.24 } },
  { key: 'c2-growth-just-under-8pct', note: 'Q1 output 8000.00 -> 8639.99万, growth 7.9999%: misses the 8% tier', district: '经开区', industry: '3715', name: '示例市瑞丰轨道车辆部件有限公司', output2024: 38000, q1Output: { 2023: 8000, 2024: 8639.99 } },
  { key: 'c2-growth-exactly-10pct', note: 'Q1 output 6000.00 -> 6600.00万, growth exactly 10.00%: reaches the 10% tier', district: '东城区', industry: '3484', name: '示例市金鼎精密机械有限公司', output2024: 29000, q1Output: { 2023: 6000, 2024: 6600 } },
  { key: 'c2-q1-output-just-over-5000', note: 'Q1 output 4500.00 -> 5000.01万 (+11.11%): just 超过5000万', district: '南湖区', industry: '2720', name: '示例市康泰药业有限公司', output2024: 22000, q1Output: { 2023: 4500, 2024: 5000.01 } },
  { key: 'c1-4-days-half-overtime', note: 'Spring Festival 2024: exactly 4 days, overtime 100 of 200 staff (exactly 50%); Q1 5800 -> 6000万', district: '北山区', industry: '3130', name: '示例市宏远钢业有限公司', output2024: 26000, q1Output: { 2023: 5800, 2024: 6000 }, employees: 200, springFestival: spring2024(4, 100) },
  { key: 'c1-3-days', note: 'Spring Festival 2024: 3 days only (below 4), 75% overtime; Q1 5800 -> 6100万', district: '西城区', industry: '1353', name: '示例市丰源食品有限公司', output2024: 26000, q1Output: { 2023: 5800, 2024: 6100 }, employees: 200, springFestival: spring2024(3, 150) },
  { key: 'c1-overtime-49.5pct', note: 'Spring Festival 2024: 10 days but overtime 99 of 200 (49.5%)', district: '清河县', industry: '1313', name: '示例市嘉禾粮油有限公司', output2024: 26000, q1Output: { 2023: 5500, 2024: 6000 }, employees: 200, springFestival: spring2024(10, 99) },
  { key: 'c1-q1-output-fell', note: 'Spring Festival 2024: 10 days, 75% overtime, but Q1 output fell 6100 -> 6000万', district: '青山县', industry: '3021', name: '示例市永固建材有限公司', output2024: 26000, q1Output: { 2023: 6100, 2024: 6000 }, employees: 200, springFestival: spring2024(10, 150) },
  { key: 'excl-dishonest-debtor', note: 'Q1 6000 -> 6600万 (exactly +10%) but 失信被执行人: every award void', district: '经开区', industry: '3670', name: '示例市捷通汽车配件有限公司', output2024: 29000, q1Output: { 2023: 6000, 2024: 6600 }, dishonest: true },
  { key: 'excl-major-accident', note: 'Q1 7000 -> 7700万 (exactly +10%) but a major accident in the last 3 years: every award void', district: '高新区', industry: '3982', name: '示例市光明电路科技有限公司', output2024: 34000, q1Output: { 2023: 7000, 2024: 7700 }, accident: true },
  // clause 3 (入规, 上台阶): "first" needs the whole history
  { key: 'c3-first-reaches-1yi-exactly', note: 'Annual output 7600, 8300, 8900, 9500, then exactly 10000.00万 in 2024: first reaches 1亿', district: '东城区', industry: '2929', name: '示例市佳美塑胶有限公司', annual: { 2020: 7600, 2021: 8300, 2022: 8900, 2023: 9500, 2024: 10000 } },
  { key: 'c3-just-under-1yi', note: 'Annual output rises to 9999.99万 in 2024: does not reach 1亿', district: '西城区', industry: '3311', name: '示例市坚强钢结构有限公司', annual: { 2020: 8000, 2021: 8600, 2022: 9100, 2023: 9600, 2024: 9999.99 } },
  { key: 'c3-first-reaches-5yi', note: 'Annual output 3.8亿 .. 4.7亿, then 5.2亿 in 2024: first reaches 5亿', district: '经开区', industry: '3660', name: '示例市骏驰专用车有限公司', annual: { 2020: 38000, 2021: 41000, 2022: 44000, 2023: 47000, 2024: 52000 } },
  { key: 'c3-5yi-and-10yi-in-2024', note: 'Annual output 4.8亿 in 2023, 10.3亿 in 2024 (new line): crosses 5亿 and 10亿 in one year', district: '高新区', industry: '3976', name: '示例市星辰光电子有限公司', annual: { 2020: 40000, 2021: 42000, 2022: 45000, 2023: 48000, 2024: 103000 } },
  { key: 'c3-reached-1yi-before', note: 'Annual output 1.05亿 in 2021, below 1亿 in 2022-2023, 1.1亿 in 2024: not a first time', district: '南湖区', industry: '2231', name: '示例市盛达包装有限公司', annual: { 2020: 9000, 2021: 10500, 2022: 9700, 2023: 9400, 2024: 11000 } },
  { key: 'c3-enters-scale-2024q1', note: 'Sales 1164 .. 1746万 a year, 2182.50万 in 2023: above scale from 2024Q1 for the first time; in the 小升规 cultivation library since 2023', district: '清河县', industry: '1391', name: '示例市润泽淀粉有限公司', registeredOn: '2016-05-20', annual: { 2020: 1200, 2021: 1500, 2022: 1800, 2023: 2250, 2024: 2700 }, certifications: [['cultivation_library', '2023-04-12']] },
  { key: 'c3-re-enters-scale-not-first', note: 'Above scale 2020-2021, below 2022-2023, above again from 2024Q1: not a first time', district: '北山区', industry: '3399', name: '示例市利通五金有限公司', annual: { 2020: 2300, 2021: 1900, 2022: 1800, 2023: 2300, 2024: 2500 } },
  // jiangle-2024q1
  { key: 'j1-sales-up-exactly-500', note: 'Q1 sales 3000.00 -> 3500.00万 (+500万 exactly): 5万', district: '青山县', industry: '1512', name: '示例市福祥酒业有限公司', output2024: 15000, q1Output: { 2023: 3100, 2024: 3600 }, q1Sales: { 2023: 3000, 2024: 3500 } },
  { key: 'j1-sales-up-499.99', note: 'Q1 sales 3000.00 -> 3499.99万 (+499.99万): nothing', district: '清河县', industry: '1329', name: '示例市牧丰饲料有限公司', output2024: 15000, q1Output: { 2023: 3100, 2024: 3600 }, q1Sales: { 2023: 3000, 2024: 3499.99 } },
  { key: 'j1-sales-up-1100-capped', note: 'Q1 sales 4000.00 -> 5100.00万 (+1100万): 5 + 6 = 11万, capped at 10万', district: '青山县', industry: '2110', name: '示例市森林家具有限公司', output2024: 21000, q1Output: { 2023: 4100, 2024: 5200 }, q1Sales: { 2023: 4000, 2024: 5100 } },
  { key: 'j2-electricity-up-exactly-5pct', note: 'Q1 electricity 1,000,000 -> 1,050,000 kWh (exactly +5%): 0.05元 x 50,000 = 2,500元', district: '东城区', industry: '3484', name: '示例市精工机械加工有限公司', output2024: 14000, q1Output: { 2023: 3000, 2024: 3200 }, q1Electricity: { 2023: 1000000, 2024: 1050000 } },
  { key: 'j2-electricity-up-4.99pct', note: 'Q1 electricity 1,000,000 -> 1,049,900 kWh (+4.99%): nothing', district: '西城区', industry: '3441', name: '示例市通达泵业有限公司', output2024: 14000, q1Output: { 2023: 3000, 2024: 3200 }, q1Electricity: { 2023: 1000000, 2024: 1049900 } },
  { key: 'j2-strategic-emerging-rate', note: 'Q1 electricity 2,000,000 -> 2,300,000 kWh, in the strategic-emerging library since 2023: 0.10元 x 300,000 = 30,000元', district: '高新区', industry: '3825', name: '示例市晟昊光伏科技有限公司', output2024: 16000, q1Output: { 2023: 3400, 2024: 3700 }, q1Electricity: { 2023: 2000000, 2024: 2300000 }, certifications: [['strategic_emerging', '2023-06-30']] },
  { key: 'j3-gas-exactly-1000', note: 'Q1-2024 gas exactly 1000.00 m3: 500元 (the floor is 1000 m3, included)', district: '南湖区', industry: '2319', name: '示例市彩虹印务有限公司', output2024: 6000, q1Gas: { 2023: 900, 2024: 1000 }, gasPer10k: 0.7 },
  { key: 'j3-gas-999.99', note: 'Q1-2024 gas 999.99 m3: below the 1000 m3 floor, nothing', district: '北山区', industry: '2231', name: '示例市方圆纸制品有限公司', output2024: 6000, q1Gas: { 2023: 950, 2024: 999.99 }, gasPer10k: 0.7 },
  { key: 'j3-gas-provincial-specialized-capped', note: 'Q1-2024 gas 250,000 m3, provincial 专精特新 since 2023-11-20: 1元/m3 = 25万, capped at 20万', district: '经开区', industry: '3061', name: '示例市玻纤新材料有限公司', output2024: 6000, q1Gas: { 2023: 240000, 2024: 250000 }, gasPer10k: 150, certifications: [['specialized_municipal', '2021-05-18'], ['specialized_provincial', '2023-11-20']] },
  { key: 'j4-heat-supply', note: 'Heat supply firm (4430, not manufacturing), above scale, supplying all Q1', district: '西城区', industry: '4430', name: '示例市热力有限公司', output2024: 6900, gasPer10k: 600, q1Gas: {} },
  // changchun-2024q1 clause 16 (技改) and clause 5 (智改数转)
  { key: 'c16-tech-reform-exactly-3000', note: '2024 tech-reform project, fixed assets exactly 3000.00万, equipment 2000.00万: 5% = 100万', district: '经开区', industry: '3391', name: '示例市鼎盛铸业有限公司', output2024: 30000, projects: [{ kind: 'tech_reform', year: 2024, fixedAsset: 3000, equipment: 2000, completedOn: '2024-10-30' }] },
  { key: 'c16-tech-reform-2999.99', note: '2024 tech-reform project, fixed assets 2999.99万: below 3000万, nothing', district: '清河县', industry: '3572', name: '示例市丰收农机有限公司', output2024: 30000, projects: [{ kind: 'tech_reform', year: 2024, fixedAsset: 2999.99, equipment: 2000, completedOn: null }] },
  { key: 'c16-registered-in-2024', note: 'Registered 2024-01-15 (not before 2024) with a 5000万 tech-reform project: no clause-16 award; above scale from its first quarter', district: '高新区', industry: '3841', name: '示例市锂航新能源电池有限公司', registeredOn: '2024-01-15', annual: { 2024: 3200 }, projects: [{ kind: 'tech_reform', year: 2024, fixedAsset: 5000, equipment: 4000, completedOn: null }] },
  { key: 'c16-equipment-capped', note: '2024 tech-reform project, equipment 45000万: 5% = 2250万, capped at 200万', district: '经开区', industry: '3620', name: '示例市动力总成有限公司', output2024: 181000, projects: [{ kind: 'tech_reform', year: 2024, fixedAsset: 60000, equipment: 45000, completedOn: '2024-12-20' }] },
  { key: 'c5-digital-capped', note: 'Auto parts (3670), 2024 digital project approved 200.00万: 30% = 60万, capped at 50万', district: '经开区', industry: '3670', name: '示例市智汇汽车电子有限公司', output2024: 17100, projects: [{ kind: 'digital', year: 2024, approvedSpend: 200, completedOn: '2024-09-30' }] },
  { key: 'c5-digital-100', note: 'Electronic circuits (3982), 2024 digital project approved 100.00万: 30万', district: '高新区', industry: '3982', name: '示例市锐迅电子电路有限公司', output2024: 6500, projects: [{ kind: 'digital', year: 2024, approvedSpend: 100, completedOn: '2024-11-15' }] },
  { key: 'c5-digital-outside-sectors', note: 'Machining (3484, not one of the four sectors), 2024 digital project 150万: not eligible', district: '东城区', industry: '3484', name: '示例市宇航机械有限公司', output2024: 6500, projects: [{ kind: 'digital', year: 2024, approvedSpend: 150, completedOn: '2024-08-31' }] },
  // clause 4 (专精特新, 单项冠军): first certified in 2024
  { key: 'c4-municipal-then-provincial-2024', note: 'Municipal 专精特新 2022, provincial 2024-06-18: first provincial in 2024 (20万)', district: '南湖区', industry: '4011', name: '示例市卓越自动化有限公司', output2024: 7000, certifications: [['specialized_municipal', '2022-05-10'], ['specialized_provincial', '2024-06-18']] },
  { key: 'c4-national-first-2024', note: 'Municipal 2020, provincial 2022, national 小巨人 2024-07-25: first national in 2024 (50万)', district: '高新区', industry: '3983', name: '示例市慧通传感技术有限公司', output2024: 30000, certifications: [['specialized_municipal', '2020-06-01'], ['specialized_provincial', '2022-07-15'], ['specialized_national', '2024-07-25']] },
  { key: 'c4-provincial-renewed-2024', note: 'Provincial 专精特新 2021-04-01, renewed 2024-04-01: not a first certification', district: '北山区', industry: '3489', name: '示例市永盛零部件有限公司', output2024: 7000, certifications: [['specialized_provincial', '2021-04-01'], ['specialized_provincial', '2024-04-01']] },
  { key: 'c4-champion-product-2024', note: '单项冠军 product approved 2024-12-10 (100万)', district: '经开区', industry: '3412', name: '示例市天力动力有限公司', output2024: 30000, certifications: [['champion_product', '2024-12-10']] },
  // changchun-2021q1 (base 2019: needs --years 6 or more for Q1-2019)
  { key: 'r-2021-spring-festival', note: 'Q1-2021 output 5200万, Spring Festival 2021: 10 days, 200 of 300 staff, 40 from out of province', district: '经开区', industry: '3670', name: '示例市长顺汽车部件有限公司', output2024: 30000, q1Output: { 2021: 5200 }, employees: 300, springFestival: [{ year: 2021, continuousDays: 10, overtimeStaff: 200, outOfProvinceStaff: 40 }] }
];

/** Spread over 2005-2014 so the planted firms do not share one registration day. */
const defaultRegistered = (index: number) => `${2005 + (index % 10)}-${String(1 + ((index * 5) % 12)).padStart(2, '0')}-${String(1 + ((index * 7) % 28)).padStart(2, '0')}`;

/** Annual output for every calendar year from the spec, in hundredths (undefined: not yet producing). */
function annualOutputs(spec: PlantedSpec, cal: Calendar): (number | undefined)[] {
  return cal.years.map((y) => {
    if (spec.annual) {
      if (spec.annual[y] !== undefined) return Math.round(spec.annual[y] * 100);
      const first = Math.min(...Object.keys(spec.annual).map(Number));
      if (y < first && first === 2020) return Math.round((spec.annual[2020] / 1.06 ** (2020 - y)) * 100);
      return undefined;
    }
    return Math.round((spec.output2024! / 1.06 ** (2024 - y)) * 100);
  });
}

/** Splits an annual total over four quarters by the industry's season, with Q1 fixed when given. */
function splitYear(total: number, season: readonly number[], q1: number | undefined): number[] {
  const first = q1 ?? Math.round((total * season[0]) / 4);
  const rest = total - first;
  const weight = season[1] + season[2] + season[3];
  const q2 = Math.round((rest * season[1]) / weight);
  const q3 = Math.round((rest * season[2]) / weight);
  return [first, q2, q3, rest - q2 - q3];
}

const toHundredths = (v: number) => Math.round(v * 100);

export function plantedFirm(spec: PlantedSpec, cal: Calendar): FirmData {
  const district = DISTRICTS.find((d) => d.name === spec.district)!;
  const industry = INDUSTRY_BY_CODE.get(spec.industry)!;
  const index = PLANTED.indexOf(spec) + 1;
  const registeredOn = spec.registeredOn ?? defaultRegistered(index);
  const id = firmUscc(district.regionCode, `BD${String(index).padStart(6, '0')}`);
  const outputs = annualOutputs(spec, cal);
  const firstYear = outputs.findIndex((v) => v !== undefined);
  const startT = Math.max(firstYear * 4, quarterIndex(cal, registeredOn), 0);
  const f: FirmData = {
    id,
    name: spec.name,
    district,
    industry,
    registeredOn,
    dishonest: spec.dishonest ? 1 : 0,
    accident: spec.accident ? 1 : 0,
    startT,
    endT: cal.nQ,
    ...emptySeries(cal),
    certifications: spec.certifications ?? [],
    springFestival: [],
    projects: (spec.projects ?? []).map((p) => ({
      kind: p.kind,
      year: p.year,
      fixedAsset: p.fixedAsset === undefined ? null : toHundredths(p.fixedAsset),
      equipment: p.equipment === undefined ? null : toHundredths(p.equipment),
      approvedSpend: p.approvedSpend === undefined ? null : toHundredths(p.approvedSpend),
      completedOn: p.completedOn
    }))
  };
  const employees = spec.employees ?? Math.max(20, Math.round((spec.output2024 ?? spec.annual?.[2024] ?? 4000) / 4 / 25));
  cal.years.forEach((year, k) => {
    const total = outputs[k];
    if (total === undefined) return;
    const q1 = spec.q1Output?.[year];
    const quarters = splitYear(total, industry.season, q1 === undefined ? undefined : toHundredths(q1));
    quarters.forEach((value, q) => {
      const t = k * 4 + q;
      if (t < startT) return;
      f.output[t] = value;
      f.sales[t] = q === 0 && spec.q1Sales?.[year] !== undefined ? toHundredths(spec.q1Sales[year]) : Math.round(value * 0.97);
      f.electricity[t] = q === 0 && spec.q1Electricity?.[year] !== undefined ? toHundredths(spec.q1Electricity[year]) : Math.round((value / 100) * 300) * 100;
      if (spec.q1Gas) f.gas[t] = q === 0 && spec.q1Gas[year] !== undefined ? toHundredths(spec.q1Gas[year]) : Math.round((value / 100) * (spec.gasPer10k ?? 10)) * 100;
      f.employees[t] = employees;
    });
  });
  const salesBefore = firstYear === 0 && startT === 0 ? Math.round((outputs[0]! / 1.06) * 0.97) : null;
  applyAboveScaleRule(f, cal, salesBefore, Number(registeredOn.slice(0, 4)) + 1);
  for (const s of spec.springFestival ?? []) {
    const k = cal.years.indexOf(s.year);
    if (k >= 0 && k * 4 >= startT) f.springFestival.push({ ...s, totalStaff: f.employees[k * 4] });
  }
  return f;
}
