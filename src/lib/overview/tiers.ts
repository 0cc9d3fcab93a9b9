/**
 * The growth tiers drawn on the distribution (changchun-2024q1 clause 2: 8% and 10%), read from the
 * package parameters so the lines move with the package; the values the engine decides with.
 */
import type { Package } from '../policy/schema.ts';

const TIER_PARAMS = { package: 'changchun-2024q1', params: ['c2_tier1_growth', 'c2_tier2_growth'] };

export function growthTiers(packages: Map<string, Package>): number[] {
  const pkg = packages.get(TIER_PARAMS.package);
  const values = TIER_PARAMS.params.map((p) => pkg?.parameters[p]?.value).filter((v): v is number => typeof v === 'number');
  return values.length ? values : [0.08, 0.1];
}
