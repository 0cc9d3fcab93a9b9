/** Short names of the validation issue codes (src/lib/ingest/codes.ts) for filters and summaries. */
const LABELS: Record<string, { zh: string; en: string }> = {
  unsupported_format: { zh: '不支持的文件格式', en: 'Unsupported file format' },
  csv_read_failed: { zh: '文件无法读取', en: 'File could not be read' },
  malformed_csv: { zh: 'CSV 结构错误', en: 'Malformed CSV' },
  unrecognised_file: { zh: '无法识别的文件', en: 'File not recognised' },
  missing_column: { zh: '缺少必填列', en: 'Required column missing' },
  unrecognised_sheet: { zh: '无法识别的工作表', en: 'Sheet not recognised' },
  unit_mismatch: { zh: '单位可能不符', en: 'Unit may not match' },
  unit_row_mismatch: { zh: '单位行与万元不符', en: 'Unit row is not 万元' },
  duplicate_column: { zh: '重复的列', en: 'Duplicate column' },
  unnamed_column: { zh: '无表头的列', en: 'Column without header' },
  title_rows_skipped: { zh: '跳过标题行', en: 'Title rows skipped' },
  encoding_replaced: { zh: '编码无法识别的字符', en: 'Undecodable characters' },
  empty_file: { zh: '空文件', en: 'Empty file' },
  malformed_row: { zh: '行结构错误', en: 'Malformed row' },
  empty_required: { zh: '必填项为空', en: 'Required value empty' },
  bad_number: { zh: '不是数字', en: 'Not a number' },
  negative_money: { zh: '金额为负', en: 'Negative money' },
  negative_value: { zh: '数值为负', en: 'Negative value' },
  not_integer: { zh: '不是整数', en: 'Not a whole number' },
  bad_period: { zh: '期别格式错误（含月份、累计期间）', en: 'Malformed period (incl. months, year-to-date runs)' },
  bad_flag: { zh: '是否项不是 0/1', en: 'Flag not 0/1' },
  bad_date: { zh: '日期格式错误', en: 'Malformed date' },
  bad_year: { zh: '年份错误', en: 'Malformed year' },
  bad_uscc: { zh: '统一社会信用代码格式错误', en: 'Malformed credit code' },
  bad_industry_code: { zh: '行业代码格式错误', en: 'Malformed industry code' },
  bad_choice: { zh: '取值不在允许范围内', en: 'Value not allowed' },
  duplicate_key: { zh: '重复记录', en: 'Duplicate key' },
  excess_decimals: { zh: '小数位过多（已四舍五入）', en: 'Too many decimals (rounded)' },
  date_serial: { zh: 'Excel 日期序号（已换算）', en: 'Excel date serial (converted)' },
  uscc_checksum: { zh: '信用代码校验位不符', en: 'Credit code check character' },
  unknown_kind: { zh: '未知类别', en: 'Unknown kind' },
  unknown_firm: { zh: '企业不在名录中', en: 'Firm not in the enterprise list' },
  output_without_employees: { zh: '有产值无从业人员', en: 'Output without employees' },
  staff_exceeds_total: { zh: '人数超过总人数', en: 'Staff above total' },
  equipment_exceeds_investment: { zh: '设备投资超过总投资', en: 'Equipment above investment' }
};

/** The short name of an issue code in the given language (the code itself when unknown). */
export function issueCodeLabel(code: string, lang: 'zh' | 'en'): string {
  return LABELS[code]?.[lang] ?? code;
}

