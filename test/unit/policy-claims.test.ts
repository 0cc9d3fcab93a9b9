/**
 * Metrics and clauses over the claims table (申报 / 台账 records), against values worked out by hand.
 * The package is written in the JSON model (helpers/claims-package.ts), so these tests hold whatever
 * the shipped packages say.
 */
import { describe, it, expect, afterAll } from 'vitest';
import type { Db } from '../../src/lib/db/types.ts';
import { ENGINES } from '../fixtures/ingest/helpers.ts';
import { loadPackage } from '../../src/lib/policy/load.ts';
import { compilePackage } from '../../src/lib/policy/compile.ts';
import { metricsTable } from '../../src/lib/policy/metrics-sql.ts';
import { prepareAll } from '../../src/lib/policy/awards.ts';
import { loadRows, firmId } from './helpers/dataset.ts';
import { claimsPackage, leaf } from './helpers/claims-package.ts';
import { lintStacking } from '../../src/lib/policy/lint.ts';

const pkg = claimsPackage();
const firm = (n: number, dishonest = 0) => ({ firm_id: firmId(n), name: `企业${n}`, district: '龙山区', industry_code: '3670', is_manufacturing: 1, dishonest_debtor: dishonest, major_accident_3y: 0 });
let seq = 0;
const claim = (who: number | string, item: string, fields: Record<string, unknown> = {}) => ({
  claim_id: `C${++seq}`,
  firm_id: typeof who === 'number' ? firmId(who) : who,
  recipient_kind: typeof who === 'number' ? 'firm' : String(who).endsWith('局') ? 'department' : 'township',
  item,
  date: '2024-06-30',
  ...fields
});

const CLAIMS = [
  // firm 1: exactly 5000.00万 to one OEM over two records; Madrid registrations on both edges of 2024
  claim(1, 'oem_supply', { counterparty: '北方汽车集团', amount_10k: '2000.00', date: '2024-03-31' }),
  claim(1, 'oem_supply', { counterparty: '北方汽车集团', amount_10k: '3000.00', date: '2024-12-31' }),
  claim(1, 'madrid_trademark', { quantity: 2, date: '2023-12-31' }),
  claim(1, 'madrid_trademark', { quantity: 3, date: '2024-01-01' }),
  claim(1, 'madrid_trademark', { quantity: 1, date: '2024-12-31' }),
  claim(1, 'madrid_trademark', { quantity: 4, date: '2025-01-01' }),
  // firm 2: 6000万 split over two OEMs (3500 + 2500), and 1000万 more to the first one in 2023
  claim(2, 'oem_supply', { counterparty: '北方汽车集团', amount_10k: '3500.00' }),
  claim(2, 'oem_supply', { counterparty: '东岭重型汽车', amount_10k: '2500.00' }),
  claim(2, 'oem_supply', { counterparty: '北方汽车集团', amount_10k: '1000.00', date: '2023-12-31' }),
  // firm 3: exactly 1亿 to one OEM; 4999.99万 for firm 4; firm 5 two records with no OEM named
  claim(3, 'oem_supply', { counterparty: '北方汽车集团', amount_10k: '10000.00' }),
  claim(4, 'oem_supply', { counterparty: '北方汽车集团', amount_10k: '4999.99' }),
  claim(5, 'oem_supply', { amount_10k: '3000.00' }),
  claim(5, 'oem_supply', { amount_10k: '3000.00' }),
  // firm 6: a record whose amount is missing makes its totals unknown
  claim(6, 'oem_supply', { counterparty: '北方汽车集团', amount_10k: '6000.00' }),
  claim(6, 'oem_supply', { counterparty: '东岭重型汽车', amount_10k: null }),
  // firm 7: two fairs, 30% of 0.80万 = 2400元 and of 1.50万 = 4500元 capped at 3000元; firm 8: 1.00万 gives exactly 3000元
  claim(7, 'trade_fair', { counterparty: '2024 工业品展销会（上海）', amount_10k: '0.80' }),
  claim(7, 'trade_fair', { counterparty: '2024 东北亚博览会', amount_10k: '1.50' }),
  claim(8, 'trade_fair', { counterparty: '2024 东北亚博览会', amount_10k: '1.00' }),
  // firm 9: certificates by level; dishonest firm 10 has a fair too
  claim(9, 'skill_certificate', { level: 'middle', quantity: 12 }),
  claim(9, 'skill_certificate', { level: 'middle', quantity: 3 }),
  claim(9, 'skill_certificate', { level: 'senior', quantity: 5 }),
  claim(10, 'trade_fair', { counterparty: '2024 东北亚博览会', amount_10k: '1.00' }),
  // anchor firm 1 attracted two suppliers: 2700万 (extra 1% of 700万 = 7万) and 2000万 (no extra)
  claim(1, 'anchor_supplier', { counterparty: firmId(11), amount_10k: '2700.00', date: '2024-01-01' }),
  claim(1, 'anchor_supplier', { counterparty: firmId(12), amount_10k: '2000.00', date: '2024-04-01' }),
  // townships and a department: Q1 FDI of exactly 100万, 99.999999万, 250万 (two records) US dollars
  claim('清河县城关镇', 'fdi_usd', { amount_usd: '1000000.00', date: '2024-03-31' }),
  claim('青山县石门镇', 'fdi_usd', { amount_usd: '999999.99', date: '2024-02-01' }),
  claim('县商务局', 'fdi_usd', { amount_usd: '1500000.00', date: '2024-01-15' }),
  claim('县商务局', 'fdi_usd', { amount_usd: '1000000.00', date: '2024-03-01' }),
  claim('县商务局', 'fdi_usd', { amount_usd: '9000000.00', date: '2024-04-01' })
];

const enterprises = [...Array.from({ length: 9 }, (_, i) => firm(i + 1)), firm(10, 1), firm(11), firm(12)];

async function metrics(db: Db, claims: Record<string, unknown>[]) {
  await loadRows(db, { enterprises, claims });
  await prepareAll(db, [pkg]);
  const rows = await db.query<Record<string, number | string | null>>(`SELECT * FROM ${metricsTable(pkg)} ORDER BY firm_id`);
  return new Map(rows.map((r) => [String(r.firm_id), r]));
}

async function awards(db: Db, claims: Record<string, unknown>[]) {
  await loadRows(db, { enterprises, claims });
  await prepareAll(db, [pkg]);
  const { sql, params } = compilePackage(pkg);
  return db.query<{ firm_id: string; clause: string; status: string; tier: string | null; award_yuan: number }>(
    `SELECT firm_id, clause, status, tier, award_yuan FROM (${sql}) ORDER BY clause_order, firm_id`,
    params
  );
}

/** Both engines: the browser's DuckDB-WASM reads the same compiled SQL as the CLI's node-api. */
describe.each(ENGINES)('claims (%s)', async (_engine, open) => {
  const db = await open();
  afterAll(() => db.close());

  describe('claims metrics', () => {
    it('sums a field over the records of an item dated within the range, both ends included', async () => {
      const m = await metrics(db, CLAIMS);
      expect(m.get(firmId(1))).toMatchObject({ m_madrid_2024: 4, m_madrid_records: 4 });
      expect(m.get(firmId(9))).toMatchObject({ m_middle_certificates: 15, m_madrid_2024: 0 });
    });

    it('takes the largest total for one OEM: exactly 5000万 to one, not 6000万 split over two', async () => {
      const m = await metrics(db, CLAIMS);
      // 万元 in hundredths
      expect([1, 2, 3, 4, 5].map((n) => [m.get(firmId(n))!.m_oem_one, m.get(firmId(n))!.m_oem_all])).toEqual([
        [500000, 500000],
        [350000, 600000],
        [1000000, 1000000],
        [499999, 499999],
        [300000, 600000]
      ]);
    });

    it('is 0 for a firm with no such claim, unknown when a counted record lacks the field, unknown for everyone when no claims are loaded', async () => {
      const m = await metrics(db, CLAIMS);
      expect(m.get(firmId(8))).toMatchObject({ m_oem_one: 0, m_oem_all: 0, m_madrid_2024: 0, m_fdi_q1: 0 });
      expect(m.get(firmId(6))).toMatchObject({ m_oem_one: null, m_oem_all: null });
      const none = await metrics(db, []);
      expect(none.get(firmId(1))).toMatchObject({ m_oem_one: null, m_madrid_2024: null, m_madrid_records: null, m_middle_certificates: null });
    });

    it('sums dollars exactly, in cents, for the recipients a clause pays', async () => {
      const m = await metrics(db, CLAIMS);
      expect(m.get('清河县城关镇')).toMatchObject({ recipient_kind: 'township', m_fdi_q1: 100000000, district: null });
      expect(m.get('青山县石门镇')).toMatchObject({ m_fdi_q1: 99999999 });
      expect(m.get('县商务局')).toMatchObject({ recipient_kind: 'department', m_fdi_q1: 250000000 });
      expect(m.get(firmId(1))).toMatchObject({ recipient_kind: 'firm' });
    });
  });

  describe('clauses over claims', () => {
    const award = (rows: { firm_id: string; clause: string; status: string; tier: string | null; award_yuan: number }[], who: number | string, clause: string) => {
      const row = rows.find((r) => r.firm_id === (typeof who === 'number' ? firmId(who) : who) && r.clause === clause);
      if (!row) throw new Error(`no row for ${who} ${clause}`);
      return row;
    };

    it('liaoyuan 7: 2000元 for each Madrid registration of 2024', async () => {
      const rows = await awards(db, CLAIMS);
      expect(award(rows, 1, 'l7-madrid')).toMatchObject({ status: 'paid', award_yuan: 8000 });
      expect(award(rows, 2, 'l7-madrid')).toMatchObject({ status: 'refused', award_yuan: 0 });
    });

    it('liaoyuan 11: 10万 at exactly 5000万 to one OEM, 20万 at exactly 1亿, nothing for 6000万 over two OEMs or 4999.99万', async () => {
      const rows = await awards(db, CLAIMS);
      expect(award(rows, 1, 'l11-oem')).toMatchObject({ status: 'paid', tier: 'low', award_yuan: 100000 });
      expect(award(rows, 3, 'l11-oem')).toMatchObject({ status: 'paid', tier: 'high', award_yuan: 200000 });
      expect([2, 4, 5].map((n) => award(rows, n, 'l11-oem').status)).toEqual(['refused', 'refused', 'refused']);
      expect(award(rows, 6, 'l11-oem')).toMatchObject({ status: 'unknown', award_yuan: 0 });
    });

    it('liaoyuan 9: 30% of each fair\'s cost, at most 3000元 per fair: 2400 + 3000 for two fairs, exactly 3000 for a 1万 fair', async () => {
      const rows = await awards(db, CLAIMS);
      expect(award(rows, 7, 'l9-fair')).toMatchObject({ status: 'paid', award_yuan: 5400 });
      expect(award(rows, 8, 'l9-fair')).toMatchObject({ status: 'paid', award_yuan: 3000 });
      expect(award(rows, 9, 'l9-fair')).toMatchObject({ status: 'refused', award_yuan: 0 });
      expect(award(rows, 10, 'l9-fair')).toMatchObject({ status: 'excluded', award_yuan: 0 });
    });

    it('liaoyuan 12: 50万 per attracted supplier, plus 1% of its output above 2000万 (a 2000万 supplier adds nothing)', async () => {
      const rows = await awards(db, CLAIMS);
      expect(award(rows, 1, 'l12-anchor')).toMatchObject({ status: 'paid', award_yuan: 1000000 });
      expect(award(rows, 1, 'l12-extra')).toMatchObject({ status: 'paid', award_yuan: 70000 });
    });

    it('jiangle 9: 3万 per full 100万 USD of Q1 FDI to townships and departments, never to firms', async () => {
      const rows = await awards(db, CLAIMS);
      expect(award(rows, '清河县城关镇', 'j9-fdi')).toMatchObject({ status: 'paid', award_yuan: 30000 });
      expect(award(rows, '青山县石门镇', 'j9-fdi')).toMatchObject({ status: 'refused', award_yuan: 0 });
      expect(award(rows, '县商务局', 'j9-fdi')).toMatchObject({ status: 'paid', award_yuan: 60000 });
      expect(award(rows, 1, 'j9-fdi').status).toBe('refused');
      // and a township gets no firm award, nor is it judged by the firms' exclusions
      expect(award(rows, '县商务局', 'l9-fair').status).toBe('refused');
    });

    it('with no claims loaded, claim clauses are unknown and no township is a recipient', async () => {
      const rows = await awards(db, []);
      expect(award(rows, 7, 'l9-fair').status).toBe('unknown');
      expect(award(rows, 1, 'l11-oem').status).toBe('unknown');
      expect(rows.some((r) => r.firm_id === '县商务局')).toBe(false);
    });

    it('refuses a package that reads a claim field outside a claim clause, or caps records of a firm clause', () => {
      const raw = JSON.parse(JSON.stringify({ ...pkg, clauses: pkg.clauses.slice(0, 1) }));
      raw.clauses[0].eligibility = leaf('x', { claim: 'amount_10k' }, '>', { value: 0 });
      expect(() => loadPackage(raw, 'bad')).toThrow(/claim field "amount_10k" is read outside a clause with unit "claim"/);
      const capped = JSON.parse(JSON.stringify({ ...pkg, clauses: pkg.clauses.slice(0, 1) }));
      capped.clauses[0].capPerRecord = { param: 'fair_cap' };
      expect(() => loadPackage(capped, 'bad')).toThrow(/"capPerRecord" needs unit project or claim/);
    });
  });
});

describe('stacking lint over recipients', () => {
  it('asks for no rule between a clause paying townships and departments and the clauses paying firms', () => {
    const pairs = lintStacking(pkg).map((f) => f.clauses.join(' + '));
    expect(pairs).toContain('j9-fdi-rate + j9-fdi');
    expect(pairs.filter((p) => p.includes('j9-') && !p.startsWith('j9-fdi-rate + j9-fdi'))).toEqual([]);
    expect(pairs).toContain('l7-madrid + l11-oem');
  });
});
