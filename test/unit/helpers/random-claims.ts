/** Random claims near the boundaries the claims packages use, for the property tests. */
import type { RefData, RefRow } from '../../../src/lib/policy/reference.ts';
import { rng } from './random-data.ts';

const DATES = ['2023-12-31', '2024-01-01', '2024-03-31', '2024-04-01', '2024-06-30', '2024-12-31', '2025-01-01'];
const AMOUNTS = ['0.80', '1.00', '1.50', '0.00', '1999.99', '2000.00', '2000.01', '2700.00', '2500.00', '3500.00', '4999.99', '5000.00', '10000.00', '1000.00', '1200.00'];
const DOLLARS = ['999999.99', '1000000.00', '1500000.00', '2500000.00', '0.01'];
const ITEMS = ['madrid_trademark', 'oem_supply', 'oem_supply', 'oem_supply', 'trade_fair', 'skill_certificate', 'anchor_supplier', 'training_hours', 'fund_investment', 'idle_asset_revival', 'idle_asset_revival', 'fdi_usd'];
const PLACES: [string, string][] = [['清河县城关镇', 'township'], ['青山县石门镇', 'township'], ['县商务局', 'department'], ['经开区招商局', 'department']];

/** Random claims for the firms of `data` and a few townships and departments. */
export function withClaims(data: RefData, seed: number): RefData {
  const r = rng(seed * 7919);
  const claims: RefRow[] = [];
  const ids = [...new Set([...data.enterprises, ...data.quarterly].map((x) => String(x.firm_id)))];
  const add = (firm_id: string, recipient_kind: string | null, item: string) => {
    const amount = r.chance(0.05) ? null : r.pick(AMOUNTS);
    claims.push({
      claim_id: `C${claims.length + 1}`,
      firm_id,
      recipient_kind,
      item,
      level: r.pick([null, null, 'middle', 'senior']),
      counterparty: r.pick([null, null, 'OEM-A', 'OEM-B']),
      quantity: r.chance(0.05) ? null : r.int(0, 20),
      amount_10k: item === 'fdi_usd' ? null : amount,
      amount_usd: item === 'fdi_usd' ? (r.chance(0.05) ? null : r.pick(DOLLARS)) : null,
      date: r.pick(DATES),
      note: null
    });
  };
  for (const id of ids) {
    if (!r.chance(0.6)) continue;
    for (let k = r.int(1, 5); k > 0; k--) add(id, r.pick(['firm', null]), r.pick(ITEMS));
  }
  for (const [name, kind] of PLACES) for (let k = r.int(0, 3); k > 0; k--) add(name, kind, r.chance(0.8) ? 'fdi_usd' : r.pick(ITEMS));
  // a recipient no enterprise or quarterly row knows, and a township named as a firm: neither is assessed
  add('9122010999999999X9', 'firm', 'trade_fair');
  add('北山区新城街道', null, 'fdi_usd');
  return { ...data, claims };
}

