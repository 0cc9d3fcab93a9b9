import { describe, it, expect, afterAll } from 'vitest';
import { openNodeDb } from '../../src/lib/db/node.ts';
import { evaluateRows } from './helpers/policy-run.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { packageById } from './helpers/packages.ts';

const db = await openNodeDb();
afterAll(() => db.close());
const firm = (n: number, extra = {}) => ({ firm_id: firmId(n), name: `企业${n}`, district: '东城区', industry_code: '3311', registered_on: '2015-01-01', is_manufacturing: 1, dishonest_debtor: 0, major_accident_3y: 0, ...extra });

async function run(id: string, rows: Parameters<typeof loadRows>[1]) {
  const pkg = packageById(id);
  await loadRows(db, rows);
  return evaluateRows(db, pkg);
}

describe('missing data makes an award unknown, never a silent lower amount', () => {
  it('jiangle item 3 with no certification data loaded at all: the 1元 rate cannot be ruled out, so the gas award is unknown', async () => {
    const rows = await run('jiangle-2024q1', {
      enterprises: [firm(1)],
      quarterly: [{ firm_id: firmId(1), period: '2024Q1', output_10k: '6000.00', gas_m3: '5000.00', above_scale: 1 }]
    });
    expect(rows.find((r) => r.clause === 'j3-gas')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });

  it('jiangle item 3 when certifications were loaded and the firm has none: 0.5 x 5000 m3 = 2500 yuan', async () => {
    const rows = await run('jiangle-2024q1', {
      enterprises: [firm(1), firm(2)],
      quarterly: [{ firm_id: firmId(1), period: '2024Q1', output_10k: '6000.00', gas_m3: '5000.00', above_scale: 1 }],
      certifications: [{ firm_id: firmId(2), kind: 'high_tech', granted_on: '2022-01-01' }]
    });
    expect(rows.find((r) => r.clause === 'j3-gas' && r.firm_id === firmId(1))).toMatchObject({ status: 'paid', award_yuan: 2500 });
  });

  it('liaoyuan item 38: a 2024 quarter reported without sales makes the annual revenue unknown, not smaller', async () => {
    const logistics = firm(1, { industry_code: '5821', registered_on: '2020-01-01' });
    const q = (p: string, sales: string | null) => ({ firm_id: firmId(1), period: p, output_10k: '600.00', sales_10k: sales, above_scale: p.startsWith('2024') ? 1 : 0 });
    const rows = await run('liaoyuan-industry', {
      enterprises: [logistics],
      quarterly: [q('2023Q4', '100.00'), q('2024Q1', '600.00'), q('2024Q2', null), q('2024Q3', '600.00'), q('2024Q4', '600.00')]
    });
    expect(rows.find((r) => r.clause === 'l38-logistics-entry')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });

  it('changchun-2021q1 item 3: a Spring Festival record without the out-of-province count is unknown, not 0 staff', async () => {
    const q = (p: string, out: string) => ({ firm_id: firmId(1), period: p, output_10k: out, above_scale: 1 });
    const rows = await run('changchun-2021q1', {
      enterprises: [firm(1)],
      quarterly: [q('2019Q1', '5000.00'), q('2021Q1', '5300.00')],
      spring_festival: [{ firm_id: firmId(1), year: 2021, continuous_days: 5, overtime_staff: 50, total_staff: 100, out_of_province_staff: null }]
    });
    expect(rows.find((r) => r.clause === 'r3-retain-staff')).toMatchObject({ status: 'unknown', award_yuan: 0 });
  });
});
