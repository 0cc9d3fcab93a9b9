/**
 * Every issue code and its severity. Error: the row (or, for file-level codes, the file) was not loaded.
 * Warning: loaded, but worth a look.
 */
export const ISSUE_SEVERITY = {
  // file level
  unsupported_format: 'error',
  csv_read_failed: 'error',
  malformed_csv: 'error',
  unrecognised_file: 'error',
  missing_column: 'error',
  unit_row_mismatch: 'error',
  unrecognised_sheet: 'warning',
  unit_mismatch: 'warning',
  duplicate_column: 'warning',
  unnamed_column: 'warning',
  title_rows_skipped: 'warning',
  encoding_replaced: 'warning',
  empty_file: 'warning',
  // row level, rejected
  malformed_row: 'error',
  empty_required: 'error',
  bad_number: 'error',
  negative_money: 'error',
  negative_value: 'error',
  not_integer: 'error',
  bad_period: 'error',
  bad_flag: 'error',
  bad_date: 'error',
  bad_year: 'error',
  bad_uscc: 'error',
  bad_industry_code: 'error',
  bad_choice: 'error',
  duplicate_key: 'error',
  // row level, loaded
  excess_decimals: 'warning',
  date_serial: 'warning',
  uscc_checksum: 'warning',
  unknown_kind: 'warning',
  unknown_firm: 'warning',
  output_without_employees: 'warning',
  staff_exceeds_total: 'warning',
  equipment_exceeds_investment: 'warning'
} as const satisfies Record<string, 'error' | 'warning'>;

export type IssueCode = keyof typeof ISSUE_SEVERITY;
