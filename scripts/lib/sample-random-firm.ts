/**
 * A firm drawn at random: size, growth path, energy use, staff, certifications, projects and Spring
 * Festival report. Each firm has its own random stream, so firm i is the same whatever the batch size.
 */
import { Rng, cumulate } from './prng.ts';
import { DISTRICTS, INDUSTRIES, LEGAL_FORMS, NAME_PREFIXES, NAME_SYLLABLES, districtAffinity, type District, type Industry } from './sample-catalog.ts';
import { ABOVE_SCALE_SALES, annual, applyAboveScaleRule, firmUscc, isoDate, quarterIndex, type Calendar, type FirmData, emptySeries } from './sample-firm.ts';

export type FirmKind = 'above' | 'below';

/** Names and ids already taken (both must be unique across the city). */
export interface Registry {
  ids: Set<string>;
  names: Set<string>;
}

/** Year-on-year growth of the whole economy on top of each firm's own trend. */
const MACRO_GROWTH: Record<number, number> = { 2019: 0.055, 2020: -0.01, 2021: 0.075, 2022: 0.01, 2023: 0.045, 2024: 0.05 };
/** One-quarter shocks: the first COVID quarter and the spring 2022 lockdowns in the north-east. */
const QUARTER_SHOCK: Record<string, number> = { '2020Q1': 0.85, '2020Q2': 0.97, '2022Q2': 0.92 };
/** Gas burns more in the cold quarters (space heating, drying). */
const GAS_SEASON = [1.35, 0.8, 0.65, 1.2];
/** Output of a new plant in its first quarters, as a share of full production. */
const RAMP_UP = [0.45, 0.75];

const DISTRICT_CUMULATIVE = cumulate(DISTRICTS.map((d) => d.weight));
const INDUSTRY_CUMULATIVE_BY_DISTRICT = new Map(DISTRICTS.map((d) => [d.name, cumulate(INDUSTRIES.map((i) => i.weight * districtAffinity(d.kind, i.group)))]));
const ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function randomOrgBody(rng: Rng, registeredYear: number): string {
  // Firms registered since the 2015 reform got codes starting 'MA'; older ones kept their 8 digits.
  if (registeredYear >= 2016) {
    let s = 'MA';
    for (let i = 0; i < 6; i++) s += ORG_CHARS[rng.int(i < 2 ? 10 : 31)];
    return s;
  }
  let s = String(rng.between(1, 7));
  for (let i = 0; i < 7; i++) s += String(rng.int(10));
  return s;
}

function randomName(rng: Rng, industry: Industry, district: District, names: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const prefix = rng.chance(0.2) ? district.name.slice(0, 2) : rng.pick(NAME_PREFIXES);
    const length = attempt > 8 || rng.chance(0.15) ? 3 : 2;
    let brand = '';
    while (brand.length < length) {
      const c = rng.pick(NAME_SYLLABLES);
      if (!brand.includes(c)) brand += c;
    }
    const name = `${prefix}${brand}${rng.pick(industry.words)}${rng.pick(LEGAL_FORMS)}`;
    if (!names.has(name)) {
      names.add(name);
      return name;
    }
  }
}

function lognormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal());
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function randomDate(rng: Rng, year: number, fromMonth = 1, toMonth = 12): string {
  return isoDate(year, rng.between(fromMonth, toMonth), rng.between(1, 28));
}

/** Annual output (万元) in the year before the data start: log-normal, above-scale firms >= ~2100万. */
function initialAnnualOutput(rng: Rng, kind: FirmKind): { level: number; giant: boolean } {
  if (kind === 'below') return { level: 10 ** clamp(2.85 + 0.3 * rng.normal(), 2.0, 3.28), giant: false };
  if (rng.chance(0.0015)) return { level: 10 ** rng.uniform(5.5, 6.2), giant: true };
  for (;;) {
    const log = 4.05 + 0.48 * rng.normal();
    if (log >= 3.33 && log <= 5.6) return { level: 10 ** log, giant: false };
  }
}

export function randomFirm(seed: number, index: number, kind: FirmKind, cal: Calendar, registry: Registry): FirmData {
  const rng = Rng.for(seed, 0x5eed, index);
  const district = DISTRICTS[rng.weighted(DISTRICT_CUMULATIVE)];
  const industry = INDUSTRIES[rng.weighted(INDUSTRY_CUMULATIVE_BY_DISTRICT.get(district.name)!)];

  // Most firms predate the data; some are registered during it (small ones more often).
  const isNew = rng.chance(kind === 'below' ? 0.12 : 0.06);
  let registeredOn: string;
  if (isNew) {
    const y = rng.between(cal.startYear, cal.endYear);
    registeredOn = randomDate(rng, y, 1, y === cal.endYear ? 9 : 12);
  } else {
    registeredOn = randomDate(rng, cal.startYear - 1 - Math.floor(34 * rng.next() ** 1.6));
  }
  const registeredYear = Number(registeredOn.slice(0, 4));

  let id: string;
  do id = firmUscc(district.regionCode, randomOrgBody(rng, registeredYear));
  while (registry.ids.has(id));
  registry.ids.add(id);
  const name = randomName(rng, industry, district, registry.names);

  const startT = isNew ? Math.min(cal.nQ - 1, quarterIndex(cal, registeredOn) + (rng.chance(0.6) ? 1 : 0)) : 0;
  let endT = cal.nQ;
  if (rng.chance(kind === 'below' ? 0.04 : 0.01) && cal.nQ - startT > 6) endT = rng.between(startT + 4, cal.nQ - 1);

  const { level: level0, giant } = initialAnnualOutput(rng, kind);
  const trend = giant ? 0.01 * rng.normal() : kind === 'below' ? 0.015 + 0.05 * rng.normal() : 0.03 * rng.normal();
  const log0 = Math.log10(level0);
  const yearSd = kind === 'below' ? 0.09 : giant ? 0.03 : clamp(0.07 - 0.025 * (log0 - 4.7), 0.03, 0.07);
  const quarterSd = kind === 'below' ? 0.05 : giant ? 0.02 : 0.035;
  const salesRatio = clamp(0.97 + 0.03 * rng.normal(), 0.88, 1.05);
  const kwhPer10k = lognormal(rng, industry.kwhPer10k, 0.35);
  const gasPer10k = rng.chance(industry.gasShare) ? lognormal(rng, industry.gasPer10k, 0.9) : 0;
  const outputPerHead = lognormal(rng, kind === 'below' ? 15 : 25, 0.45); // 万元 per employee per quarter
  const dishonest = rng.chance(0.01) ? 1 : 0;
  const accident = rng.chance(0.01) ? 1 : 0;

  const f: FirmData = {
    id,
    name,
    district,
    industry,
    registeredOn,
    dishonest,
    accident,
    startT,
    endT,
    ...emptySeries(cal),
    certifications: [],
    springFestival: [],
    projects: []
  };

  let level = level0;
  for (let k = 0; k < cal.years.length; k++) {
    const year = cal.years[k];
    if (k * 4 + 3 < startT) continue;
    if (!isNew || k * 4 > startT) level *= Math.max(0.4, 1 + (MACRO_GROWTH[year] ?? 0.05) + trend + yearSd * rng.normal());
    const headcount = Math.max(3, level / 4 / outputPerHead);
    for (let q = 0; q < 4; q++) {
      const t = k * 4 + q;
      if (t < startT || t >= endT) continue;
      const ramp = isNew ? (RAMP_UP[t - startT] ?? 1) : 1;
      const noise = Math.max(0.6, 1 + quarterSd * rng.normal());
      const output = Math.round(((level / 4) * industry.season[q] * (QUARTER_SHOCK[cal.periods[t]] ?? 1) * ramp * noise) * 100);
      f.output[t] = Math.max(1_00, output);
      f.sales[t] = Math.round(f.output[t] * clamp(salesRatio + 0.025 * rng.normal(), 0.8, 1.12));
      // Electricity per unit of output falls about 1% a year (efficiency), so it grows about 5%.
      const kwh = (f.output[t] / 100) * kwhPer10k * 0.99 ** k * Math.exp(0.04 * rng.normal());
      f.electricity[t] = Math.round(kwh) * 100;
      if (gasPer10k > 0) {
        const seasonal = industry.season[0] > 1.3 ? 1 : GAS_SEASON[q];
        f.gas[t] = Math.round((f.output[t] / 100) * gasPer10k * seasonal * Math.exp(0.1 * rng.normal())) * 100;
      }
      f.employees[t] = Math.max(1, Math.round(headcount * Math.exp(0.02 * rng.normal())));
    }
  }
  const salesBeforeStart = isNew ? null : Math.round(level0 * salesRatio * 100);
  applyAboveScaleRule(f, cal, salesBeforeStart, isNew ? registeredYear + 1 : cal.startYear - 1);

  addCertifications(rng, f, cal, kind);
  addSpringFestival(rng, f, cal);
  addProjects(rng, f, cal, kind, giant);
  return f;
}

function firstAboveScaleYear(f: FirmData, cal: Calendar): number | null {
  const t = f.aboveScale.indexOf(1);
  return t < 0 ? null : cal.years[Math.floor(t / 4)];
}

function addCertifications(rng: Rng, f: FirmData, cal: Calendar, kind: FirmKind): void {
  const { startYear: y0, endYear: y1 } = cal;
  const add = (kindName: string, year: number) => {
    const date = randomDate(rng, year);
    if (!f.certifications.some(([k, d]) => k === kindName && d === date)) f.certifications.push([kindName, date]);
  };
  const innovative = ['electronics', 'pharma', 'auto', 'rail', 'machinery'].includes(f.industry.group);
  const big = kind === 'above';

  if (f.industry.manufacturing && rng.chance(innovative ? 0.22 : 0.08)) {
    // 高新技术企业: three-year certificates, renewed.
    for (let y = rng.between(y0 - 3, y1); y <= y1; y += 3) add('high_tech', y);
  }
  if (f.industry.manufacturing && rng.chance(big ? 0.09 : 0.04)) {
    // 专精特新: municipal first, some climb to provincial and the national 小巨人 list.
    let y = rng.between(y0 - 1, y1);
    add('specialized_municipal', y);
    if (rng.chance(0.35) && y < y1) {
      y = rng.between(y + 1, y1);
      add('specialized_provincial', y);
      if (rng.chance(0.2) && y < y1) add('specialized_national', rng.between(y + 1, y1));
    }
  } else if (f.industry.manufacturing && big && rng.chance(0.008)) {
    add('specialized_provincial', rng.between(y0, y1));
  }
  if (big && f.industry.manufacturing && rng.chance(0.0015)) add('champion_enterprise', rng.between(y0 - 1, y1));
  if (big && f.industry.manufacturing && rng.chance(0.003)) add('champion_product', rng.between(y0 - 1, y1));
  if (big && f.industry.manufacturing && rng.chance(innovative ? 0.1 : 0.03)) add('strategic_emerging', rng.between(y0 + 1, y1));
  if (big && rng.chance(0.02)) add('title_provincial', rng.between(y0, y1));
  if (big && rng.chance(0.005)) add('title_national', rng.between(y0, y1));
  // Listings (上市 / 新三板挂牌 / 区域股权市场挂牌): a few of the larger firms each year.
  if (big && rng.chance(0.004)) add('listing_ipo', rng.between(y0, y1));
  if (big && rng.chance(0.01)) add('listing_neeq', rng.between(y0, y1));
  if (rng.chance(0.012)) add('listing_regional', rng.between(y0, y1));

  // 小升规培育库: small firms the bureau is coaching towards above-scale statistics.
  const entered = firstAboveScaleYear(f, cal);
  if (entered !== null && entered <= y1 - 2) return;
  const lastFullYear = y1 - 1 - cal.startYear;
  const nearThreshold = lastFullYear >= 0 && annual(f.sales, f, lastFullYear) >= ABOVE_SCALE_SALES / 2;
  if (rng.chance(nearThreshold ? 0.25 : 0.01)) {
    const latest = entered !== null ? entered - 1 : y1;
    const earliest = Math.max(y0, y1 - 2, Number(f.registeredOn.slice(0, 4)));
    if (latest >= earliest) add('cultivation_library', rng.between(earliest, latest));
  }
}

/** Industries that keep furnaces and lines running through the holiday report more often. */
const CONTINUOUS_PROCESS = new Set(['chemical', 'metal', 'pharma', 'food', 'energy', 'building']);

function addSpringFestival(rng: Rng, f: FirmData, cal: Calendar): void {
  const share = CONTINUOUS_PROCESS.has(f.industry.group) ? 0.22 : 0.09;
  for (let k = 0; k < cal.years.length; k++) {
    const t = k * 4;
    if (t < f.startT || t >= f.endT || !f.aboveScale[t] || !rng.chance(share)) continue;
    const total = f.employees[t];
    const days = rng.chance(0.15) ? rng.between(0, 3) : 4 + Math.floor(12 * rng.next() ** 1.3);
    f.springFestival.push({
      year: cal.years[k],
      continuousDays: days,
      overtimeStaff: days === 0 ? 0 : Math.round(total * rng.uniform(0.15, 0.95)),
      totalStaff: total,
      outOfProvinceStaff: Math.round(total * rng.uniform(0, 0.25))
    });
  }
}

function addProjects(rng: Rng, f: FirmData, cal: Calendar, kind: FirmKind, giant: boolean): void {
  for (let k = 0; k < cal.years.length; k++) {
    const year = cal.years[k];
    if (k * 4 + 3 < f.startT || k * 4 >= f.endT) continue;
    const above = f.aboveScale[Math.max(k * 4, f.startT)] === 1;
    // 技术改造: more each year (the targets ask for >= 21% growth in investment).
    if (f.industry.manufacturing && rng.chance(above ? 0.045 + 0.006 * k : 0.012)) {
      const fixed = Math.round(clamp(lognormal(rng, giant ? 6000 : above ? 800 : 150, 1.1), 30, 300000) * 100);
      const equipment = Math.round(fixed * rng.uniform(0.35, 0.8));
      f.projects.push({ kind: 'tech_reform', year, fixedAsset: fixed, equipment, approvedSpend: null, completedOn: completion(rng, year, cal, 0.75) });
    }
    // 智改数转 (changchun-2024q1 clause 5) concentrates on its four sectors and on 2024.
    const digitalShare = f.industry.digitalSector ? (year === cal.endYear ? 0.25 : year >= cal.endYear - 2 ? 0.06 : 0.01) : f.industry.manufacturing ? (year === cal.endYear ? 0.03 : 0.01) : 0;
    if (rng.chance(digitalShare * (kind === 'below' ? 0.5 : 1))) {
      const spend = Math.round(clamp(lognormal(rng, 80, 0.7), 20, 300) * 100);
      f.projects.push({ kind: 'digital', year, fixedAsset: null, equipment: null, approvedSpend: spend, completedOn: completion(rng, year, cal, 0.6) });
    }
  }
}

function completion(rng: Rng, year: number, cal: Calendar, share: number): string | null {
  if (!rng.chance(share)) return null;
  const y = rng.chance(0.6) ? year : year + 1;
  return y > cal.endYear ? null : randomDate(rng, y, y === year ? 6 : 1, y === year ? 12 : 9);
}
