import { firmId } from './dataset.ts';
import type { RefData, RefRow } from '../../../src/lib/policy/reference.ts';
import type { Package } from '../../../src/lib/policy/schema.ts';

/** A seeded PRNG (mulberry32) so a failing case can be replayed from its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p
  };
}

const money = (fen: number) => (fen / 100).toFixed(2);
const PERIODS = [2019, 2020, 2021, 2022, 2023, 2024].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}Q${q}`));
const CODES = ['3670', '3711', '3720', '3971', '3982', '2740', '2761', '1311', '3311', '4430', '4610'];
const KINDS = ['specialized_municipal', 'specialized_provincial', 'specialized_national', 'champion_enterprise', 'champion_product', 'strategic_emerging', 'cultivation_library', 'high_tech', 'title_provincial', 'title_national', 'listing_ipo', 'listing_neeq', 'listing_regional'];

/** Random small data sets that sit near the thresholds the packages use (5000万, +8%, 1亿, 3000万 ...). */
export function randomData(seed: number, firms = 40): RefData {
  const r = rng(seed);
  const data: RefData = { enterprises: [], quarterly: [], certifications: [], spring_festival: [], projects: [] };
  const levels = [100, 999, 1000, 2000, 4999.99, 5000, 5000.01, 5003, 8000, 12000, 25000, 120000];
  for (let n = 1; n <= firms; n++) {
    const id = firmId(seed * 1000 + n);
    const e: RefRow = {
      firm_id: id,
      name: `企业${n}`,
      district: r.pick(['东城区', '西城区', '清河县']),
      industry_code: r.pick(CODES),
      registered_on: r.chance(0.1) ? null : `${r.int(2010, 2024)}-0${r.int(1, 9)}-1${r.int(0, 9)}`,
      is_manufacturing: r.chance(0.85) ? 1 : 0,
      dishonest_debtor: r.chance(0.05) ? 1 : r.chance(0.03) ? null : 0,
      major_accident_3y: r.chance(0.05) ? 1 : 0
    };
    if (!r.chance(0.05)) data.enterprises.push(e);
    let fen = Math.round(r.pick(levels) * 100 * (0.8 + r.next() * 0.4));
    let above = r.chance(0.6) ? 1 : 0;
    const start = r.int(0, 8);
    for (const [i, period] of PERIODS.entries()) {
      if (i < start || r.chance(0.04)) continue;
      if (i % 4 === 0) fen = Math.round(fen * (0.9 + r.next() * 0.25));
      if (r.chance(0.08)) above = 1 - above;
      const growthExact = r.chance(0.1); // exactly +8% / +10% against the same quarter a year before
      const prev = data.quarterly.find((x) => x.firm_id === id && x.period === PERIODS[i - 4]);
      let out = fen;
      if (growthExact && prev) {
        const base = Math.round(Number(prev.output_10k) * 100);
        const pct = r.pick([8, 10, 5]);
        if ((base * pct) % 100 === 0) out = base + (base * pct) / 100;
      }
      data.quarterly.push({
        firm_id: id,
        period,
        output_10k: money(out),
        sales_10k: r.chance(0.05) ? null : money(Math.round(out * (0.9 + r.next() * 0.2))),
        electricity_kwh: r.chance(0.05) ? null : money(r.int(0, 3_000_000_00)),
        gas_m3: r.chance(0.3) ? null : money(r.int(0, 400_000_00)),
        employees: r.int(5, 1500),
        above_scale: above
      });
    }
    for (const kind of KINDS) if (r.chance(0.08)) data.certifications.push({ firm_id: id, kind, granted_on: `${r.int(2019, 2024)}-0${r.int(1, 9)}-1${r.int(0, 9)}` });
    for (const year of [2021, 2024]) {
      if (!r.chance(0.4)) continue;
      const total = r.int(10, 400);
      data.spring_festival.push({ firm_id: id, year, continuous_days: r.int(0, 12), overtime_staff: r.chance(0.2) ? Math.ceil(total / 2) : r.int(0, total), total_staff: total, out_of_province_staff: r.int(0, 1500) });
    }
    for (let k = 0; k < r.int(0, 2); k++) {
      data.projects.push({
        firm_id: id,
        project_id: `P${n}-${k}`,
        kind: r.pick(['tech_reform', 'digital']),
        year: r.pick([2023, 2024]),
        fixed_asset_10k: money(r.pick([299999, 300000, 500000, 9000000]) + r.int(0, 1)),
        equipment_10k: r.chance(0.1) ? null : money(r.int(0, 5_000_000)),
        approved_spend_10k: money(r.int(0, 30000)),
        completed_on: r.chance(0.5) ? null : `${r.int(2019, 2024)}-0${r.int(1, 9)}-1${r.int(0, 9)}`
      });
    }
  }
  return data;
}

/**
 * Random overrides of numeric parameters within a factor of their default, kept on their unit's grid;
 * pools are often set small so the envelope is oversubscribed, choices and open ratios picked at random.
 */
export function randomOverrides(pkg: Package, seed: number): Record<string, number | string | null> {
  const r = rng(seed);
  const values: Record<string, number | string | null> = {};
  for (const [name, p] of Object.entries(pkg.parameters)) {
    if (name.endsWith('_pool') && r.chance(0.5)) values[name] = r.pick([20, 35.5, 60]); // oversubscribe the envelope
    else if (!r.chance(0.3)) continue;
    else if (p.unit === 'choice') values[name] = r.pick(p.options!.map((o) => o.value));
    else if (typeof p.value === 'number') {
      const decimals = p.unit === 'ratio' || p.unit.startsWith('yuan_per') ? 4 : p.unit === 'wan' || p.unit === 'usd' ? 2 : 0;
      values[name] = Number((p.value * (0.5 + r.next())).toFixed(decimals));
    } else if (p.value === null && p.unit === 'ratio') values[name] = Number((r.next() * 0.2).toFixed(4));
  }
  return values;
}
