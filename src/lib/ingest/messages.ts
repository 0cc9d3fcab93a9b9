/**
 * The sentences of the validation report, in Chinese and English. Each names the file, row, column and
 * value, says what is wrong, what happened to the row and what to do.
 */

export interface MessageContext {
  file: string;
  row: number | null;
  column: string | null;
  value: string | null;
  /** Code-specific facts: rounded value, other rows, expected unit, counts... */
  detail?: Record<string, string | number>;
}

export type Message = { zh: string; en: string };

const shown = (v: string | null) => {
  const t = v ?? '';
  return t.length > 60 ? t.slice(0, 57) + '…' : t;
};

const NOT_LOADED = { zh: '该行未载入。', en: 'The row was not loaded.' };
const LOADED = { zh: '该行已载入。', en: 'The row was loaded.' };

/** "文件 q.csv 第 7 行「工业总产值」的值 "-12"" and its English twin. */
function cell(c: MessageContext): Message {
  return {
    zh: `文件 ${c.file} 第 ${c.row} 行「${c.column}」的值 "${shown(c.value)}"`,
    en: `File ${c.file}, row ${c.row}, column "${c.column}": the value "${shown(c.value)}"`
  };
}

function join(...parts: Message[]): Message {
  return { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join(' ') };
}

type Template = (c: MessageContext) => Message;

const d = (c: MessageContext, key: string) => c.detail?.[key] ?? '';

const TEMPLATES: Record<string, Template> = {
  empty_required: (c) =>
    join({ zh: `文件 ${c.file} 第 ${c.row} 行「${c.column}」为空，该列为必填项；`, en: `File ${c.file}, row ${c.row}: column "${c.column}" is empty but required.` }, NOT_LOADED),
  bad_number: (c) =>
    join(cell(c), /^\s*(nan|[+-]?inf(inity)?)\s*$/i.test(c.value ?? '')
      ? { zh: ' 不是有限的数值（NaN 或无穷大，常是公式除以零的结果）；', en: 'is not a finite number (NaN or infinity, often a formula dividing by zero).' }
      : /[万亿千百]?元\s*$|[万亿]\s*$/.test(c.value ?? '')
        ? {
            zh: ' 带有该列不能换算的单位（金额列为万元：可写 1200、1200万、1200万元 或 0.12亿；写成“元”的金额请先换算为万元，其他列只写数字）；',
            en: 'carries a unit this column cannot take (amounts are in 万元: 1200, 1200万, 1200万元 and 0.12亿 are read; convert amounts in 元 to 万元 first; other columns take plain numbers).'
          }
        : {
            zh: ' 不是数字（可用千位分隔符，如 1,234.50，不要带单位或文字）；',
            en: 'is not a number (thousands separators like 1,234.50 are fine; no units or words).'
          }, NOT_LOADED),
  negative_money: (c) => join(cell(c), { zh: ' 为负数，金额不能为负；', en: 'is negative; money cannot be negative.' }, NOT_LOADED),
  negative_value: (c) => join(cell(c), { zh: ' 为负数，该列不能为负；', en: 'is negative; this column cannot be negative.' }, NOT_LOADED),
  not_integer: (c) => join(cell(c), { zh: ' 不是整数，该列须为整数；', en: 'is not a whole number; this column needs one.' }, NOT_LOADED),
  excess_decimals: (c) =>
    join(cell(c), {
      zh: ` 的小数超过 ${d(c, 'scale')} 位，已四舍五入为 ${d(c, 'stored')} 后载入（警告，不是错误）；如需原值，请在源文件中保留 ${d(c, 'scale')} 位小数。`,
      en: `has more than ${d(c, 'scale')} decimals; it was rounded to ${d(c, 'stored')} and the row was loaded (a warning, not an error). To keep control of the rounding, round to ${d(c, 'scale')} decimals in the source file.`
    }),
  bad_period: (c) =>
    join(cell(c), /年\s*\d{1,2}\s*[-—～~至]\s*\d{1,2}\s*月/.test(c.value ?? '')
      ? {
          zh: ' 是跨几个月的累计期间，不是一个季度；请填当季数据（不是年初累计），期别写成 2024Q1（也接受 2024年1-3月、2024年4-6月 这样恰为一个季度的写法）；',
          en: 'is a run of months that is not one quarter (e.g. year-to-date); give that quarter\'s figures, with the period as 2024Q1 (2024年1-3月, 2024年4-6月 … covering exactly one quarter are accepted too).'
        }
      : /年\s*\d{1,2}\s*月/.test(c.value ?? '')
        ? { zh: ' 是月份，不是季度；数据按季度载入，请写成 2024Q1；', en: 'is a month, not a quarter; data is loaded by quarter: write 2024Q1.' }
        : {
      zh: /\d{4}/.test(c.value ?? '') ? ' 不是有效的期别，请写成 2024Q1（也接受 2024-Q1、2024年一季度）；' : ' 不是有效的期别，缺少年份，请写成 2024Q1（也接受 2024-Q1、2024年一季度）；',
      en: /\d{4}/.test(c.value ?? '') ? 'is not a valid period; write 2024Q1 (2024-Q1 and 2024年一季度 are accepted too).' : 'is not a valid period (no year); write 2024Q1 (2024-Q1 and 2024年一季度 are accepted too).'
    }, NOT_LOADED),
  bad_flag: (c) =>
    join(cell(c), { zh: ' 不是 0/1，请填 1 或 0（也接受 是/否、Y/N、true/false）；', en: 'is not 0/1; write 1 or 0 (是/否, Y/N and true/false are accepted too).' }, NOT_LOADED),
  bad_date: (c) =>
    join(cell(c), {
      zh: /^\d{5,}(\.\d+)?$/.test(c.value ?? '')
        ? ' 像是 Excel 的日期序号，但不在 1927–2099 年之间；请把该列设为日期格式后另存，或写成 2024-02-01；'
        : ' 不是有效日期，请写成 2024-02-01（也接受 2024/2/1、20240201、2024年2月1日 和 Excel 日期序号）；',
      en: /^\d{5,}(\.\d+)?$/.test(c.value ?? '')
        ? 'looks like an Excel date serial number but falls outside 1927-2099; format the column as a date and save again, or write 2024-02-01.'
        : 'is not a valid date; write 2024-02-01 (2024/2/1, 20240201, 2024年2月1日 and Excel date serial numbers are accepted too).'
    }, NOT_LOADED),
  date_serial: (c) =>
    join(cell(c), {
      zh: ` 是 Excel 的日期序号，已按 Excel（1900 日期系统）读作 ${d(c, 'stored')} 后载入（警告）；请核对，或把该列设为日期格式。`,
      en: `is an Excel date serial number; it was read as ${d(c, 'stored')} (Excel's 1900 date system) and the row was loaded (a warning). Check it, or format the column as a date.`
    }),
  bad_year: (c) => join(cell(c), { zh: ' 不是有效年份（1900–2100 之间的整数，如 2024）；', en: 'is not a valid year (a whole number from 1900 to 2100, e.g. 2024).' }, NOT_LOADED),
  bad_uscc: (c) => {
    const v = (c.value ?? '').replace(/\s/g, '');
    const [zh, en] = /e\+?\d+$/i.test(v)
      ? ['已被 Excel 转成科学计数法，代码已丢失；请把该列设为文本格式并重新填写 18 位统一社会信用代码', 'was turned into scientific notation by Excel and the code is lost; format the column as text and enter the 18-character unified social credit code again.']
      : v.length === 18 && /[a-z]/.test(v) && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(v.toUpperCase())
        ? ['含小写字母，统一社会信用代码须为大写；请改为大写（如 Excel 的 UPPER 函数）', 'has lower-case letters; unified social credit codes are upper case. Convert it (e.g. with Excel\'s UPPER).']
        : [...v].length === 18
          ? [
              `含有统一社会信用代码不使用的字符 ${[...new Set(v.replace(/[0-9A-HJ-NPQRTUWXY]/g, ''))].join('、')}（只能是数字和除 I、O、Z、S、V 外的大写字母；常见是把数字 0 录成字母 O）`,
              `contains characters a unified social credit code never uses: ${[...new Set(v.replace(/[0-9A-HJ-NPQRTUWXY]/g, ''))].join(', ')} (only digits and upper-case letters other than I, O, Z, S, V; often a letter O typed for a zero).`
            ]
          : [
              `不是 18 位统一社会信用代码（现为 ${[...v].length} 位）`,
              `is not an 18-character unified social credit code (it has ${[...v].length}).`
            ];
    return join(cell(c), { zh: ` ${zh}${d(c, 'recipientZh')}；`, en: `${en}${d(c, 'recipientEn')}` }, NOT_LOADED);
  },
  uscc_checksum: (c) =>
    join(cell(c), {
      zh: ' 的校验位不符合 GB 32100-2015。旧的登记代码和录入错误都会这样，因此仍已载入（警告）；请核对该代码。',
      en: 'fails the GB 32100-2015 check character. Legacy registrations and typing errors both do this, so the row was still loaded (a warning); please check the code.'
    }),
  bad_industry_code: (c) =>
    join(cell(c), {
      zh: ' 不是 4 位国民经济行业代码（GB/T 4754-2017 小类，如 3670；开头的门类字母可有可无）；',
      en: 'is not a 4-digit industry code (GB/T 4754-2017 class, e.g. 3670; a leading section letter is optional).'
    }, NOT_LOADED),
  unknown_kind: (c) =>
    join(cell(c), {
      zh: ` 不是已知的类别（${d(c, 'known')}），已原样载入，但政策不会识别它；如是同一类别的其他写法，请改为上述代码之一。`,
      en: `is not a known kind (${d(c, 'known')}); it was loaded as written, but no policy will recognise it. If it means one of these, use the code.`
    }),
  bad_choice: (c) =>
    join(cell(c), {
      zh: ` 不是允许的取值（${d(c, 'known')}），该值决定本行如何读取；`,
      en: `is not one of the allowed values (${d(c, 'known')}); it decides how the row is read.`
    }, NOT_LOADED),
  duplicate_key: (c) => ({
    zh: `文件 ${c.file} 第 ${c.row} 行与${d(c, 'othersZh')}的「${c.column}」相同（${shown(c.value)}），同一键只能有一行。所有重复的行都未载入，以免随意取舍；请删除多余的行后重新载入。`,
    en: `File ${c.file}, row ${c.row} has the same "${c.column}" (${shown(c.value)}) as ${d(c, 'othersEn')}; a key may appear only once. None of the duplicated rows was loaded, so that none is picked arbitrarily; delete the extra rows and load again.`
  }),
  unknown_firm: (c) =>
    c.row === null
      ? {
          zh: `企业名录中没有已载入的企业（未提供企业名录文件，或其中的行都未通过校验），无法核对文件 ${c.file} 中的统一社会信用代码；这些企业没有区县、行业等信息，依赖这些信息的政策会跳过它们。`,
          en: `No enterprises were loaded (no enterprises file, or none of its rows passed), so the firm ids in ${c.file} cannot be checked; these firms have no district or industry, and policies that need them will skip them.`
        }
      : join(cell(c), {
          zh: ' 不在企业名录中。该行已载入（警告），但该企业没有区县、行业等信息，依赖这些信息的政策会跳过它；请在企业名录中补充该企业或核对代码。',
          en: 'is not in the enterprises file. The row was loaded (a warning), but the firm has no district or industry, so policies that need them will skip it; add the firm to the enterprises file or check the code.'
        }),
  output_without_employees: (c) => ({
    zh: `文件 ${c.file} 第 ${c.row} 行工业总产值为 ${d(c, 'output')} 万元，而「${c.column}」为 0。该行已载入（警告）；请核对从业人员数。`,
    en: `File ${c.file}, row ${c.row}: output is ${d(c, 'output')} (10k yuan) but "${c.column}" is 0. The row was loaded (a warning); please check the headcount.`
  }),
  staff_exceeds_total: (c) =>
    join(cell(c), {
      zh: ` 大于员工总数 ${d(c, 'total')}。该行已载入（警告）；请核对人数。`,
      en: `is more than the total staff of ${d(c, 'total')}. The row was loaded (a warning); please check the figures.`
    }),
  equipment_exceeds_investment: (c) =>
    join(cell(c), {
      zh: ` 大于新增固定资产投资 ${d(c, 'total')} 万元。该行已载入（警告）；请核对投资额。`,
      en: `is more than the fixed-asset investment of ${d(c, 'total')} (10k yuan). The row was loaded (a warning); please check the amounts.`
    }),
  missing_column: (c) => ({
    zh: `文件 ${c.file}（${d(c, 'tableZh')}）缺少必填列「${c.column}」（可写作：${String(d(c, 'names')).replaceAll('|', '、')}）${d(c, 'unitZh')}。整个文件未载入；请补上该列后重新载入。`,
    en: `File ${c.file} (${d(c, 'tableEn')}) lacks the required column "${c.column}" (accepted headers: ${String(d(c, 'names')).replaceAll('|', ', ')})${d(c, 'unitEn')}. The whole file was not loaded; add the column and load it again.`
  }),
  unit_mismatch: (c) => ({
    zh: `文件 ${c.file} 的列「${c.column}」单位为 ${d(c, 'unit')}，而 ${d(c, 'target')} 需要 ${d(c, 'expected')}；该列未被使用（作为附加列保留）。换算为 ${d(c, 'expected')} 后表头写成「${d(c, 'suggest')}」即可使用。`,
    en: `File ${c.file}: column "${c.column}" is in ${d(c, 'unit')}, but ${d(c, 'target')} needs ${d(c, 'expected')}; the column was not used (kept as an extra column). Convert it to ${d(c, 'expected')} and name it "${d(c, 'suggest')}" to use it.`
  }),
  duplicate_column: (c) => ({
    zh: `文件 ${c.file} 的列「${c.column}」与「${d(c, 'of')}」都表示 ${d(c, 'target')}；使用了「${d(c, 'of')}」，「${c.column}」作为附加列保留。`,
    en: `File ${c.file}: columns "${c.column}" and "${d(c, 'of')}" both mean ${d(c, 'target')}; "${d(c, 'of')}" was used and "${c.column}" kept as an extra column.`
  }),
  unit_row_mismatch: (c) => ({
    zh: `文件 ${c.file} 表头上方的单位行写明“单位：${d(c, 'unit')}”，而金额列（${d(c, 'columns')}）须为万元；为免金额相差数千上万倍，整个文件未载入。请把金额换算为万元并把单位行改为“单位：万元”，或在表头中写明各列的单位，如「工业总产值（万元）」。`,
    en: `File ${c.file}: a row above the header says the unit is ${d(c, 'unit')} (单位：${d(c, 'unit')}), but the amount columns (${d(c, 'columns')}) must be in 万元 (10,000 yuan); so that no amount is read thousands of times too large or small, the whole file was not loaded. Convert the amounts to 万元 and make the row say 单位：万元, or state each column's unit in its header, e.g. 工业总产值（万元）.`
  }),
  unnamed_column: (c) => ({
    zh: `文件 ${c.file} 第 ${d(c, 'position')} 列没有表头但有数据；已作为附加列「${c.column}」保留，请补上表头。`,
    en: `File ${c.file}: column ${d(c, 'position')} has data but no header; it was kept as the extra column "${c.column}". Please give it a header.`
  }),
  unrecognised_file: (c) => ({
    zh: `无法识别文件 ${c.file} 属于哪张数据表：文件名和表头都不匹配（表头为：${d(c, 'headers')}）。文件未载入；请使用数据说明中的表头（如季度数据需要 统一社会信用代码、期别、工业总产值、规上），或在文件名中写明“企业名录”“季度”等。`,
    en: `Cannot tell which table ${c.file} holds: neither its name nor its headers match (headers: ${d(c, 'headers')}). The file was not loaded; use the headers of the data contract (e.g. quarterly data needs firm_id, period, output_10k, above_scale) or put a hint such as "enterprises" or "quarterly" in the file name.`
  }),
  unrecognised_sheet: (c) => ({
    zh: `工作表 ${c.file} 的表头不属于任何数据表（表头为：${d(c, 'headers')}），未载入；如为说明页可忽略。`,
    en: `Sheet ${c.file} does not match any table (headers: ${d(c, 'headers')}) and was not loaded; ignore this if it is a notes sheet.`
  }),
  unsupported_format: (c) => ({ zh: `无法读取文件 ${c.file}：${d(c, 'zh')}`, en: `Cannot read ${c.file}: ${d(c, 'en')}` }),
  malformed_row: (c) =>
    join({
      zh: `文件 ${c.file} 第 ${c.row} 行有 ${d(c, 'fields')} 个字段，而表头有 ${d(c, 'expected')} 列（常见原因：数值中的逗号或换行未加引号，或引号不配对）；`,
      en: `File ${c.file}, row ${c.row} has ${d(c, 'fields')} fields but the header has ${d(c, 'expected')} columns (usually an unquoted comma or line break inside a value, or unbalanced quotes).`
    }, NOT_LOADED),
  malformed_csv: (c) => ({
    zh: `文件 ${c.file} 第 ${c.row} 行的引号没有闭合，其后的内容无法读取；整个文件未载入。请检查该行的引号。`,
    en: `File ${c.file}, row ${c.row}: a quote opens and never closes, so nothing after it can be read; the whole file was not loaded. Check the quotes in that row.`
  }),
  csv_read_failed: (c) => ({
    zh: `文件 ${c.file} 无法按 CSV 读取（${d(c, 'reason')}）；整个文件未载入。请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后重试。`,
    en: `File ${c.file} could not be read as CSV (${d(c, 'reason')}); the whole file was not loaded. Save it from Excel as "CSV UTF-8" or .xlsx and try again.`
  }),
  title_rows_skipped: (c) => ({
    zh: `文件 ${c.file} 的前 ${d(c, 'count')} 行不是表头（标题或说明），已跳过；表头为第 ${d(c, 'headerRow')} 行。`,
    en: `File ${c.file}: the header is row ${d(c, 'headerRow')}; the ${d(c, 'count')} row(s) above it (titles or notes) were skipped.`
  }),
  encoding_replaced: (c) => ({
    zh: `文件 ${c.file} 中有不是有效 UTF-8 的字节，已替换为 �；请在 Excel 中另存为“CSV UTF-8”后重新载入。`,
    en: `File ${c.file} has bytes that are not valid UTF-8; they were replaced by �. Save it from Excel as "CSV UTF-8" and load it again.`
  }),
  empty_file: (c) => ({
    zh: `文件 ${c.file}（${d(c, 'tableZh')}）只有表头，没有数据行。`,
    en: `File ${c.file} (${d(c, 'tableEn')}) has a header but no data rows.`
  }),
  more_rows: (c) => ({
    zh: `文件 ${c.file} 还有 ${d(c, 'more')} 行存在同样的问题（${d(c, 'code')}），未逐条列出；该问题共 ${d(c, 'total')} 行。`,
    en: `File ${c.file}: ${d(c, 'more')} more rows have the same problem (${d(c, 'code')}) and are not listed one by one; ${d(c, 'total')} rows in all.`
  })
};

export function issueMessage(code: string, context: MessageContext): Message {
  const template = TEMPLATES[code];
  if (!template) throw new Error(`No message for issue code ${code}`);
  return template(context);
}

export const MESSAGE_CODES = Object.keys(TEMPLATES);

/** Names of the kinds of rows left out, for the report's filters and counts. */
export const LEFT_OUT_LABELS: Record<'title' | 'total' | 'note', Message> = {
  title: { zh: '标题 / 单位行', en: 'Title / unit rows' },
  total: { zh: '合计 / 小计行', en: 'Total / subtotal rows' },
  note: { zh: '注释 / 说明行', en: 'Note rows' }
};

/** The sentence for a row left out: what it is, that it is not data, and that this is no error. */
export function leftOutMessage(kind: 'title' | 'total' | 'note', c: { file: string; row: number; text: string; unit: string | null }): Message {
  const t = shown(c.text);
  switch (kind) {
    case 'total':
      return {
        zh: `文件 ${c.file} 第 ${c.row} 行是合计或小计行（“${t}”），不是企业数据，未载入（说明，不是错误；合计由看板自行计算）。`,
        en: `File ${c.file}, row ${c.row} is a total or subtotal row ("${t}"), not a firm's data; it was left out (a note, not an error: the dashboard computes its own totals).`
      };
    case 'note':
      return {
        zh: `文件 ${c.file} 第 ${c.row} 行是注释或说明（“${t}”），不是数据，未载入（说明，不是错误）。`,
        en: `File ${c.file}, row ${c.row} is a note ("${t}"), not data; it was left out (a note, not an error).`
      };
    case 'title':
      return {
        zh: `文件 ${c.file} 第 ${c.row} 行在表头之上，是标题或单位行（“${t}”），未作为数据读取${c.unit === '万元' && /单位/.test(c.text) ? '；其中“单位：万元”与数据口径一致，金额按万元读取' : ''}。`,
        en: `File ${c.file}, row ${c.row} is above the header, a title or unit row ("${t}"); it was not read as data${c.unit === '万元' && /单位/.test(c.text) ? '; its 单位：万元 matches the data contract, so amounts are read as 万元' : ''}.`
      };
  }
}

/** The data page's words for rows left out (the page's other words are in format/messages.ts). */
export const LEFT_OUT_UI = {
  badge: { zh: '说明', en: 'Left out' },
  title: { zh: '未作为数据的行（合计、注释、标题）', en: 'Rows left out (totals, notes, titles)' },
  explain: {
    zh: '合计、小计、注释和标题行不是企业数据：已识别并略过，不算错误，也不影响其他行载入。看板的合计由数据自行计算。',
    en: 'Totals, subtotals, notes and titles are not firms\' data: they were recognised and left out. They are not errors and do not stop the other rows from loading; the dashboard computes its own totals.'
  },
  file: { zh: '文件', en: 'File' },
  row: { zh: '行', en: 'Row' },
  kind: { zh: '类别', en: 'Kind' },
  text: { zh: '内容', en: 'Text' },
  message: { zh: '说明', en: 'Note' },
  filesColumn: { zh: '略过', en: 'Left out' },
  more: { zh: '显示更多', en: 'Show more' },
  notice: (n: number): Message => ({ zh: `另有 ${n} 行合计或注释已略过（不是错误）。`, en: `${n} total or note row(s) were left out (not errors).` })
};
