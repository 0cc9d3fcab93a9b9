/**
 * Checks across columns of one row. All are warnings: the figures are possible (a firm with output and
 * no staff of its own exists) but unusual enough that a statistician should look.
 */
import type { TableName } from './contract.ts';

export interface RowCheck {
  table: TableName;
  code: string;
  /** The column the issue points at (its header and value are shown). */
  anchor: string;
  /** Condition over parsed values; `p(name)` is a column's parsed value. */
  when(p: (column: string) => string): string;
  /** Another column's value the message quotes, under this key. */
  detail: { key: string; column: string };
}

export const ROW_CHECKS: RowCheck[] = [
  {
    table: 'quarterly',
    code: 'output_without_employees',
    anchor: 'employees',
    when: (p) => `${p('output_10k')} > 0 AND ${p('employees')} = 0`,
    detail: { key: 'output', column: 'output_10k' }
  },
  {
    table: 'spring_festival',
    code: 'staff_exceeds_total',
    anchor: 'overtime_staff',
    when: (p) => `${p('overtime_staff')} > ${p('total_staff')}`,
    detail: { key: 'total', column: 'total_staff' }
  },
  {
    table: 'spring_festival',
    code: 'staff_exceeds_total',
    anchor: 'out_of_province_staff',
    when: (p) => `${p('out_of_province_staff')} > ${p('total_staff')}`,
    detail: { key: 'total', column: 'total_staff' }
  },
  {
    table: 'projects',
    code: 'equipment_exceeds_investment',
    anchor: 'equipment_10k',
    when: (p) => `${p('equipment_10k')} > ${p('fixed_asset_10k')}`,
    detail: { key: 'total', column: 'fixed_asset_10k' }
  }
];
