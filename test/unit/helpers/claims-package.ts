/**
 * A package over the claims table, in the JSON model the engine runs: one metric per question the seeds
 * ask of the claims (sums in a date range, the largest OEM, levels, dollars) and the clauses that need
 * them (per registration, OEM tiers, per fair with a cap per fair, a share above a threshold, townships).
 */
import { loadPackage } from '../../../src/lib/policy/load.ts';
import type { Package } from '../../../src/lib/policy/schema.ts';

const T = { zh: '测试', en: 'test' };
const S = { clause: '1', quote: '测试' };
const param = (unit: string, value: number) => ({ label: T, unit, value, source: S });
export const leaf = (id: string, left: object, op: string, right: object) => ({ id, label: T, compare: { left, op, right } });

/** A package with one metric per question asked of the claims, and the clauses the seeds need. */
export function claimsPackage(): Package {
  return loadPackage(
    {
      id: 'claims-test',
      title: T,
      issuer: T,
      docNumber: '测试',
      effective: { from: '2024-01-01', to: '2024-12-31' },
      sourceFile: 'test',
      parameters: {
        oem_low: param('wan', 5000),
        oem_high: param('wan', 10000),
        oem_low_amount: param('wan', 10),
        oem_high_amount: param('wan', 20),
        fair_share: param('ratio', 0.3),
        fair_cap: param('yuan', 3000),
        madrid_rate: param('yuan_per_unit', 2000),
        fdi_step: param('usd', 1000000),
        fdi_amount: param('wan', 3),
        anchor_amount: param('wan', 50),
        extra_threshold: param('wan', 2000),
        extra_rate: param('ratio', 0.01),
        extra_cap: param('wan', 100),
        training_rate: param('yuan_per_unit', 20),
        fund_share: param('ratio', 0.02),
        fund_cap: param('wan', 20),
        fdi_rate: param('yuan_per_usd', 0.03),
        revival_amount: param('wan', 10)
      },
      metrics: {
        madrid_2024: { kind: 'claims', item: 'madrid_trademark', field: 'quantity', agg: 'sum', from: '2024-01-01', to: '2024-12-31' },
        madrid_records: { kind: 'claims', item: 'madrid_trademark', field: 'count', agg: 'sum' },
        oem_one: { kind: 'claims', item: 'oem_supply', field: 'amount_10k', agg: 'max_per_counterparty', from: '2024-01-01', to: '2024-12-31' },
        oem_all: { kind: 'claims', item: 'oem_supply', field: 'amount_10k', agg: 'sum', from: '2024-01-01', to: '2024-12-31' },
        middle_certificates: { kind: 'claims', item: 'skill_certificate', level: 'middle', field: 'quantity', agg: 'sum' },
        fdi_q1: { kind: 'claims', item: 'fdi_usd', field: 'amount_usd', agg: 'sum', from: '2024-01-01', to: '2024-03-31' },
        fund_2024: { kind: 'claims', item: 'fund_investment', field: 'amount_10k', agg: 'sum', from: '2024-01-01', to: '2024-12-31' },
        revivals: { kind: 'claims', item: 'idle_asset_revival', field: 'count', agg: 'sum', to: '2024-12-31' },
        first_above: { kind: 'first_above_scale_year' },
        manufacturing: { kind: 'firm', field: 'is_manufacturing' },
        dishonest: { kind: 'firm', field: 'dishonest_debtor' }
      },
      exclusions: [{ when: leaf('dishonest', { metric: 'dishonest' }, '=', { value: 1 }), source: S }],
      clauses: [
        {
          id: 'l7-madrid',
          title: T,
          source: S,
          eligibility: leaf('has_madrid', { metric: 'madrid_2024' }, '>', { value: 0 }),
          award: { shape: 'rate', quantity: { metric: 'madrid_2024' }, rate: { param: 'madrid_rate' } }
        },
        {
          id: 'l11-oem',
          title: T,
          source: S,
          eligibility: leaf('oem_low', { metric: 'oem_one' }, '>=', { param: 'oem_low' }),
          award: {
            shape: 'tiers',
            tiers: [
              { id: 'low', label: T, when: leaf('oem_low', { metric: 'oem_one' }, '>=', { param: 'oem_low' }), amount: { param: 'oem_low_amount' } },
              { id: 'high', label: T, when: leaf('oem_high', { metric: 'oem_one' }, '>=', { param: 'oem_high' }), amount: { param: 'oem_high_amount' } }
            ]
          }
        },
        {
          id: 'l9-fair',
          title: T,
          source: S,
          unit: 'claim',
          claims: { item: 'trade_fair', from: '2024-01-01', to: '2024-12-31' },
          capPerRecord: { param: 'fair_cap' },
          eligibility: leaf('fair_cost', { claim: 'amount_10k' }, '>', { value: 0 }),
          award: { shape: 'percent', percent: { param: 'fair_share' }, base: { claim: 'amount_10k' } }
        },
        {
          id: 'l12-anchor',
          title: T,
          source: S,
          unit: 'claim',
          claims: { item: 'anchor_supplier', from: '2024-01-01', to: '2024-12-31' },
          eligibility: leaf('supplier_output', { claim: 'amount_10k' }, '>=', { value: 0 }),
          award: { shape: 'fixed', amount: { param: 'anchor_amount' } }
        },
        {
          id: 'l12-extra',
          title: T,
          source: S,
          unit: 'claim',
          claims: { item: 'anchor_supplier', from: '2024-01-01', to: '2024-12-31' },
          capPerRecord: { param: 'extra_cap' },
          eligibility: leaf('supplier_over', { claim: 'amount_10k' }, '>', { param: 'extra_threshold' }),
          award: { shape: 'percent', percent: { param: 'extra_rate' }, base: { claim: 'amount_10k' }, above: { param: 'extra_threshold' } }
        },
        {
          id: 'l17-training',
          title: T,
          source: S,
          unit: 'claim',
          claims: { item: 'training_hours', from: '2024-01-01', to: '2024-12-31' },
          eligibility: { all: [leaf('hours', { claim: 'quantity' }, '>', { value: 0 }), leaf('manufacturing', { metric: 'manufacturing' }, '=', { value: 1 })] },
          award: { shape: 'rate', quantity: { claim: 'quantity' }, rate: { param: 'training_rate' } }
        },
        {
          id: 'l26-fund',
          title: T,
          source: S,
          cap: { param: 'fund_cap' },
          eligibility: leaf('invested', { metric: 'fund_2024' }, '>', { value: 0 }),
          award: { shape: 'percent', percent: { param: 'fund_share' }, base: { metric: 'fund_2024' } }
        },
        {
          id: 'l37-revival',
          title: T,
          source: S,
          eligibility: { all: [leaf('revived', { metric: 'revivals' }, '>=', { value: 1 }), leaf('entered', { metric: 'first_above' }, '=', { value: 2024 })] },
          award: { shape: 'fixed', amount: { param: 'revival_amount' } }
        },
        {
          id: 'j9-fdi-rate',
          title: T,
          source: S,
          recipients: ['township'],
          eligibility: leaf('fdi_any', { metric: 'fdi_q1' }, '>', { value: 0 }),
          award: { shape: 'rate', quantity: { metric: 'fdi_q1' }, rate: { param: 'fdi_rate' } }
        },
        {
          id: 'j9-fdi',
          title: T,
          source: S,
          recipients: ['township', 'department'],
          eligibility: leaf('fdi_step', { metric: 'fdi_q1' }, '>=', { param: 'fdi_step' }),
          award: { shape: 'step', over: 'fdi_q1', threshold: { param: 'fdi_step' }, base: { param: 'fdi_amount' }, increment: { param: 'fdi_step' }, step: { param: 'fdi_amount' } }
        }
      ]
    },
    'claims-test'
  );
}

