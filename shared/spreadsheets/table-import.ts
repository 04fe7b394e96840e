// A register's table → one sign command per row, whether the table came from a CSV or a workbook.
// Headers may be the API's English names or the Chinese column names a bureau register uses; the
// amount column's header says its unit (亿元, 万元 or 元; 万美元 or 美元 for the dollars of a row
// agreed in USD). District and industry may be codes or their Chinese names; 资金来源 and 币种 their
// Chinese words. Cells come as the spreadsheet stores them: text, numbers (a registry code
// typed as a number, an amount in the header's unit), dates (date cells, Excel serials, or text).
// A bad row is reported with its spreadsheet row number, with every fault found, and never blocks
// the others.
import type { CityConfig } from '../domain/city-config';
import type { FieldIssue } from '../domain/errors';
import { ValidationError } from '../domain/errors';
import { FxRate, yuanOf, type CapitalSource, type Currency } from '../domain/investment';
import { checkInvariants, SignInputSchema, toFieldIssues, type ProjectSnapshot, type SignInput } from '../domain/project';
import type { ImportResult, ImportRow } from '../domain/register-row';
import {
  cellText,
  dateOfDateCell,
  dateOfSerial,
  excerpt,
  isDateSerial,
  isEmptyCell,
  QUOTED_CELL_CHARACTERS,
  scaledText,
  type TableCell,
} from './cells';

export type { TableCell } from './cells';
export type { ImportResult, ImportRow } from '../domain/register-row';

type Field = keyof SignInput;

/** The sign fields in the order a row's faults are listed. */
const FIELDS = Object.keys(SignInputSchema.shape) as Field[];

export const HEADER_ALIASES: Record<Field, string[]> = {
  projectId: ['projectid', '项目编号', '项目代码', '编号'],
  name: ['name', '项目名称', '名称'],
  investor: ['investor', '投资方', '投资主体', '投资企业'],
  district: ['district', '所在地区', '属地', '区县', '所属区县', '板块'],
  industry: ['industry', '产业', '所属产业', '产业类别', '行业'],
  agreedInvestment: ['agreedinvestment', '协议投资额', '总投资', '计划总投资'],
  capitalSource: ['capitalsource', '资金来源'],
  currency: ['currency', '币种'],
  // 协议投资额（万美元）: an amount column whose unit is dollars (columnsOf), or the API's name: whole
  // units of the row's currency.
  agreedInvestmentOriginal: ['agreedinvestmentoriginal'],
  fxRate: ['fxrate', '汇率'],
  fxRateOn: ['fxrateon', '汇率日期'],
  signedOn: ['signedon', '签约日期', '签约时间'],
  plannedStartOn: ['plannedstarton', '计划开工日期', '计划开工时间'],
  plannedProductionOn: ['plannedproductionon', '计划投产日期', '计划投产时间'],
  responsibleUnit: ['responsibleunit', '责任单位', '牵头单位'],
};

/** Besides these, an amount column in either currency (协议投资额（亿元） or 协议投资额（万美元）). */
const REQUIRED_FIELDS: Field[] = ['projectId', 'name', 'investor', 'district', 'industry', 'signedOn'];
const AMOUNT_FIELDS: Field[] = ['agreedInvestment', 'agreedInvestmentOriginal'];

const UNIT_MULTIPLIERS: [RegExp, bigint][] = [
  [/亿元|亿/, 100_000_000n],
  [/万元|万/, 10_000n],
  [/元|yuan/i, 1n],
];

/** An amount column in dollars says so in its header: 协议投资额（万美元）, 总投资（美元）, agreedInvestment (USD). */
const DOLLARS = /美元|美金|US\$|USD/i;
const DOLLAR_MULTIPLIERS: [RegExp, bigint][] = [
  [/亿美元/, 100_000_000n],
  [/万美元|万美金/, 10_000n],
];

interface Column {
  field: Field;
  /** For an amount: units of its currency (yuan, or dollars) per unit the column is given in. */
  multiplier: bigint;
  /** For agreedInvestmentOriginal: the header names dollars (else it is the API's, in the row's currency). */
  dollars: boolean;
}

export interface ImportOptions {
  /**
   * Today's business date: with it, a row that already has faults is also told of a signing date
   * after today. Without it that check is left to the sign command (as every other rule of a row
   * without faults is).
   */
  today?: string;
}

/** Strips the unit in brackets and spaces: "协议投资额（亿元）" → "协议投资额". */
function headerKey(header: string): string {
  return header
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

function columnsOf(headerCells: readonly TableCell[]): (Column | null)[] {
  return headerCells.map((cell): Column | null => {
    const header = cellText(cell);
    const key = headerKey(header);
    if (key === '') return null;
    const field = FIELDS.find((f) => HEADER_ALIASES[f].includes(key));
    if (!field) return null;
    if (AMOUNT_FIELDS.includes(field) && DOLLARS.test(header)) {
      // 协议投资额（万美元） beside 协议投资额（亿元）: the dollars of the rows agreed in USD.
      const unit = DOLLAR_MULTIPLIERS.find(([pattern]) => pattern.test(header));
      return { field: 'agreedInvestmentOriginal', multiplier: unit?.[1] ?? 1n, dollars: true };
    }
    const unit = UNIT_MULTIPLIERS.find(([pattern]) => pattern.test(header));
    return { field, multiplier: field === 'agreedInvestment' ? (unit?.[1] ?? 1n) : 1n, dollars: false };
  });
}

function missingFields(columns: readonly (Column | null)[]): Field[] {
  const present = new Set(columns.flatMap((c) => (c ? [c.field] : [])));
  const missing = REQUIRED_FIELDS.filter((f) => !present.has(f));
  if (!AMOUNT_FIELDS.some((f) => present.has(f))) missing.push('agreedInvestment');
  return missing.sort((a, b) => FIELDS.indexOf(a) - FIELDS.indexOf(b));
}

/** What a header row must have for a field, as the rule names it. */
function requiredColumnRule(field: Field): string {
  if (field === 'agreedInvestment') {
    return 'a column is required: 协议投资额（亿元） or 协议投资额（万美元） (or agreedInvestment / agreedInvestmentOriginal)';
  }
  const names = HEADER_ALIASES[field].filter((a) => /\P{ASCII}/u.test(a)).slice(0, 2);
  return `a column is required: ${names.join(' or ')} (or ${field})`;
}

/** A column's letter as the spreadsheet shows it: 0 → A, 25 → Z, 26 → AA. */
function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const COUNT_WORDS = ['', 'one', 'two', 'three', 'four', 'five'];

/**
 * A field that two columns give (协议投资额（亿元） and 计划总投资（万元）, 编号 and 项目编号): which one a
 * row's value should come from is the clerk's call, not the importer's (the rightmost silently won).
 * 协议投资额（亿元） and 协议投资额（万美元） are two fields (yuan, and the dollars of a USD row), not one doubled.
 */
function doubledFields(headerCells: readonly TableCell[], columns: readonly (Column | null)[]): FieldIssue[] {
  return FIELDS.flatMap((field): FieldIssue[] => {
    const given = columns.flatMap((column, i) =>
      column?.field === field ? [`${quoted(cellText(headerCells[i]))} (column ${columnLetter(i)})`] : [],
    );
    if (given.length < 2) return [];
    const listed = `${given.slice(0, -1).join(', ')} and ${given.at(-1)}`;
    return [{ field: `header.${field}`, rule: `${COUNT_WORDS[given.length] ?? given.length} columns give it: ${listed}; keep one` }];
  });
}

/**
 * The header row: the first row that has every required column. Rows above it (a merged title such
 * as "2025年亿元以上签约项目清单", a note, blank rows) are not data. When no row has them all, the
 * row that comes closest names what is missing. A header row with two columns for one field is refused.
 */
function findHeader(table: readonly (readonly TableCell[])[]): { index: number; columns: (Column | null)[] } {
  let closest: { missing: Field[] } | null = null;
  for (const [index, cells] of table.entries()) {
    if (cells.every(isEmptyCell)) continue;
    const columns = columnsOf(cells);
    const missing = missingFields(columns);
    if (missing.length === 0) {
      const doubled = doubledFields(cells, columns);
      if (doubled.length > 0) throw new ValidationError(doubled);
      return { index, columns };
    }
    if (!closest || missing.length < closest.missing.length) closest = { missing };
  }
  if (!closest) throw new ValidationError([{ field: 'body', rule: 'is empty: send a header row and one row per project' }]);
  throw new ValidationError(closest.missing.map((f) => ({ field: `header.${f}`, rule: requiredColumnRule(f) })));
}

/** "12.5" in 亿元 → 1250000000 yuan, exactly (no floating point). Null when not a number. */
export function toYuan(text: string, multiplier: bigint): number | null {
  const parsed = parseYuan(text, multiplier);
  return typeof parsed === 'number' ? parsed : null;
}

/** An amount's text exactly: "1,234.56" → 123456 hundredths. Null when not a number. */
function decimalOf(text: string): { digits: bigint; scale: bigint } | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.replace(/[,，\s]/g, ''));
  if (!match) return null;
  const fraction = match[2] ?? '';
  return { digits: BigInt(match[1]! + fraction), scale: 10n ** BigInt(fraction.length) };
}

/** An amount's text in the column's unit → integer yuan (or dollars), or why it is not one. */
function parseYuan(text: string, multiplier: bigint): number | 'not a number' | 'finer than a yuan' | 'too large' {
  const decimal = decimalOf(text);
  if (!decimal) return 'not a number';
  const scaled = decimal.digits * multiplier;
  if (scaled % decimal.scale !== 0n) return 'finer than a yuan';
  const yuan = scaled / decimal.scale;
  return yuan <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(yuan) : 'too large';
}

/**
 * Whether an amount's text in the column's unit is `yuan` to the precision it is written in: "0.85"
 * 亿元 is ¥85,200,000 (0.852 to two decimals), "0.852" too, "0.86" is not. Exact: no floating point.
 */
function showsYuan(text: string, multiplier: bigint, yuan: number): boolean {
  const decimal = decimalOf(text);
  if (!decimal) return false;
  // |yuan − digits × multiplier / scale| ≤ half of the last digit's worth (multiplier / scale), × 2 × scale.
  const difference = BigInt(yuan) * decimal.scale - decimal.digits * multiplier;
  return 2n * (difference < 0n ? -difference : difference) <= multiplier;
}

/** The words 资金来源 and 币种 are given in (lower case, without spaces). */
const CAPITAL_SOURCE_WORDS: Record<string, CapitalSource> = {
  内资: 'domestic',
  domestic: 'domestic',
  外资: 'foreign',
  港澳台: 'foreign',
  foreign: 'foreign',
};
const CURRENCY_WORDS: Record<string, Currency> = {
  人民币: 'CNY',
  rmb: 'CNY',
  cny: 'CNY',
  元: 'CNY',
  美元: 'USD',
  usd: 'USD',
  us$: 'USD',
};
const wordOf = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/**
 * 2025/3/10, 2025.3.10, 2025年3月10日, 2025/3/10 0:00 and 20250310 → 2025-03-10; a bare Excel serial
 * (45726: what "save as CSV" makes of a date cell) → its date; anything else is left for the schema
 * to refuse.
 */
export function normalizeDate(text: string): string {
  const trimmed = text.trim();
  // A time of day after the date is dropped, only when it is one (2025/3/10 25:99 is not a date).
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$/.exec(trimmed);
  if (match) return `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(trimmed);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  if (/^\d{5}(\.\d+)?$/.test(trimmed) && isDateSerial(Number(trimmed))) return dateOfSerial(Number(trimmed));
  return trimmed;
}

/** A date column's cell as a calendar date (the schema refuses what is not one). */
function dateOfCell(cell: TableCell): string {
  if (cell instanceof Date) return dateOfDateCell(cell);
  // A number in a date column is a date cell that lost its format: an Excel serial.
  if (typeof cell === 'number' && isDateSerial(cell)) return dateOfSerial(cell);
  return normalizeDate(cellText(cell));
}

function codeOf(value: string, options: readonly { code: string; name: string }[]): string {
  return options.find((o) => o.name === value)?.code ?? value;
}

/** A cell's text as a rule quotes it: its first 40 characters at most (a cell may hold 600 KB). */
function quoted(text: string): string {
  return excerpt(text, QUOTED_CELL_CHARACTERS);
}

/** Numbers this large in a code column lost digits when Excel stored them (15 significant digits). */
const EXACT_NUMBER_LIMIT = 1e15;

/** A row's investment cells as given, before the row's currency says what they mean. */
interface InvestmentCells {
  yuan?: { text: string; multiplier: bigint };
  original?: { text: string; multiplier: bigint; dollars: boolean };
  capitalSource?: string;
  currency?: string;
  fxRate?: string;
  fxRateOn?: string;
}

/** One row's cells as a sign input, with the faults found converting them. */
function inputOf(cells: readonly TableCell[], columns: readonly (Column | null)[], config: CityConfig) {
  const input: Record<string, unknown> = {};
  const faults: FieldIssue[] = [];
  const investment: InvestmentCells = {};
  columns.forEach((column, i) => {
    const cell = cells[i];
    if (!column || isEmptyCell(cell)) return;
    // A number cell is read as it shows (numberText): 0.07 亿元 is 7,000,000 yuan, not 6,999,999.99…;
    // a rate typed as the number 7.1 is "7.1", one typed as the text 7.10 stays "7.10".
    const text = cellText(cell);
    switch (column.field) {
      case 'agreedInvestment':
        investment.yuan = { text, multiplier: column.multiplier };
        return;
      case 'agreedInvestmentOriginal':
        investment.original = { text, multiplier: column.multiplier, dollars: column.dollars };
        return;
      case 'capitalSource':
      case 'currency':
      case 'fxRate':
        investment[column.field] = text;
        return;
      case 'fxRateOn':
        investment.fxRateOn = dateOfCell(cell);
        return;
      case 'signedOn':
      case 'plannedStartOn':
      case 'plannedProductionOn':
        input[column.field] = dateOfCell(cell);
        return;
      case 'district':
        input.district = codeOf(text, config.districts);
        return;
      case 'industry':
        input.industry = codeOf(text, config.industries);
        return;
      case 'projectId':
        if (typeof cell === 'number' && Math.abs(cell) >= EXACT_NUMBER_LIMIT) {
          faults.push({
            field: 'projectId',
            rule: `was stored as a number and Excel kept only its first 15 digits (${quoted(text)}): format the column as text and type the code again`,
          });
          return;
        }
        input.projectId = text;
        return;
      default:
        input[column.field] = text;
    }
  });
  const derived = investmentInput(investment, input, faults);
  return { input, faults, derived };
}

/** An amount cell as integer units of its currency, or a fault naming the field. */
function amountOf(
  field: 'agreedInvestment' | 'agreedInvestmentOriginal',
  given: { text: string; multiplier: bigint },
  unit: string,
  faults: FieldIssue[],
): number | undefined {
  const amount = parseYuan(given.text, given.multiplier);
  const text = quoted(given.text);
  if (amount === 'not a number') faults.push({ field, rule: `must be a number in the column's unit, got "${text}"` });
  else if (amount === 'finer than a yuan')
    faults.push({ field, rule: `must be a whole number of ${unit}; "${text}" in the column's unit is finer` });
  // The configured maximum (1 万亿元) is far below; the schema names it.
  else if (amount === 'too large') faults.push({ field, rule: `is far too large: "${text}" in the column's unit` });
  else return amount;
  return undefined;
}

const USD_ONLY = 'is only for a row agreed in US dollars (币种 美元)';

/**
 * The investment fields of a row's sign command (into `input`), as DESIGN's v3 says a request gives
 * them: a row in CNY gives its yuan (协议投资额（亿元）); a row in USD its dollars (协议投资额（万美元）),
 * 汇率 and 汇率日期 (its 签约日期 when it has none), and never yuan: a 亿元 cell beside them (a list we
 * exported, imported back) must be the computed yuan to the precision it shows, and is then dropped.
 * 资金来源 empty is 内资; 币种 empty is USD when the row has dollars and no yuan, else CNY. Returns the
 * fields filled in here rather than read (the fault of a derived field is its source's).
 */
function investmentInput(cells: InvestmentCells, input: Record<string, unknown>, faults: FieldIssue[]): Set<string> {
  const derived = new Set<string>();
  if (cells.capitalSource !== undefined) {
    const source = CAPITAL_SOURCE_WORDS[wordOf(cells.capitalSource)];
    if (source) input.capitalSource = source;
    else {
      faults.push({
        field: 'capitalSource',
        rule: `must be 内资 or 外资 (港澳台 counts as 外资), or domestic or foreign; got "${quoted(cells.capitalSource)}"`,
      });
    }
  }
  let currency: Currency | undefined;
  if (cells.currency !== undefined) {
    currency = CURRENCY_WORDS[wordOf(cells.currency)];
    if (currency) input.currency = currency;
    else faults.push({ field: 'currency', rule: `must be 人民币 (RMB, CNY, 元) or 美元 (USD, US$); got "${quoted(cells.currency)}"` });
  } else if (cells.original?.dollars && cells.yuan === undefined) {
    currency = 'USD';
    input.currency = 'USD';
  } else currency = 'CNY';

  const original =
    cells.original && amountOf('agreedInvestmentOriginal', cells.original, currency === 'USD' ? 'US dollars' : 'units', faults);
  if (currency === undefined) {
    // The currency is unreadable: each amount is checked as a number alone.
    if (cells.yuan) amountOf('agreedInvestment', cells.yuan, 'yuan', faults);
    return derived;
  }
  if (currency === 'CNY') {
    if (cells.yuan) {
      const yuan = amountOf('agreedInvestment', cells.yuan, 'yuan', faults);
      if (yuan !== undefined) input.agreedInvestment = yuan;
    }
    if (cells.original?.dollars) {
      faults.push({
        field: 'agreedInvestmentOriginal',
        rule: `${USD_ONLY}; this row is in CNY${cells.currency === undefined ? ' (币种 empty, and a yuan amount given)' : ''}: set 币种 to 美元 or clear the dollars`,
      });
    } else if (original !== undefined) input.agreedInvestmentOriginal = original; // the API's name: yuan, for CNY
    if (!cells.yuan && !cells.original) {
      faults.push({ field: 'agreedInvestment', rule: 'is required for a row in CNY (协议投资额（亿元）)' });
    }
    if (cells.fxRate !== undefined) faults.push({ field: 'fxRate', rule: USD_ONLY });
    if (cells.fxRateOn !== undefined) faults.push({ field: 'fxRateOn', rule: USD_ONLY });
    return derived;
  }
  // USD
  if (original !== undefined) input.agreedInvestmentOriginal = original;
  if (!cells.original) {
    faults.push({ field: 'agreedInvestmentOriginal', rule: 'is required for a row in USD (协议投资额（万美元）)' });
  }
  if (cells.fxRate !== undefined) input.fxRate = cells.fxRate;
  else faults.push({ field: 'fxRate', rule: 'is required for a row in USD (汇率: yuan per US dollar, such as 7.10)' });
  if (cells.fxRateOn !== undefined) input.fxRateOn = cells.fxRateOn;
  else if (typeof input.signedOn === 'string') {
    input.fxRateOn = input.signedOn;
    derived.add('fxRateOn');
  }
  if (cells.yuan) {
    const rate = FxRate.safeParse(cells.fxRate);
    if (!decimalOf(cells.yuan.text)) {
      faults.push({ field: 'agreedInvestment', rule: `must be a number in the column's unit, got "${quoted(cells.yuan.text)}"` });
    } else if (original !== undefined && rate.success) {
      const yuan = yuanOf(original, rate.data);
      if (!showsYuan(cells.yuan.text, cells.yuan.multiplier, yuan)) {
        faults.push({
          field: 'agreedInvestment',
          rule: `is computed for a row in USD (协议投资额（万美元） × 汇率): ${scaledText(yuan, 100_000_000n)} 亿元 (${yuan} yuan), not "${quoted(cells.yuan.text)}" in the column's unit; clear the cell or correct it`,
        });
      }
    }
  }
  return derived;
}

/**
 * The rules of the city's configuration that a field meets or breaks on its own (a known district
 * or industry, the amount's range, the signing date's range), for a row that has other faults too,
 * so that it is reported whole. A row without faults gets these from its sign command instead.
 * A field filled in from another (汇率日期 from 签约日期) is not reported again.
 */
function configFaults(input: Record<string, unknown>, derived: ReadonlySet<string>, config: CityConfig, today: string): FieldIssue[] {
  const standalone = (['district', 'industry', 'agreedInvestment', 'agreedInvestmentOriginal', 'fxRateOn', 'signedOn'] as const).filter(
    (f) => input[f] !== undefined && !derived.has(f) && SignInputSchema.shape[f].safeParse(input[f]).success,
  );
  const given = (f: (typeof standalone)[number]) => (standalone.includes(f) ? input[f] : undefined);
  const reported = new Set<string>(standalone);
  const usd = input.currency === 'USD';
  const dollars = given('agreedInvestmentOriginal') as number | undefined;
  const rate = FxRate.safeParse(input.fxRate);
  // A USD row's yuan are computed: its range (at most 1 万亿元) is the dollars' and the rate's fault.
  const computed = usd && dollars !== undefined && rate.success ? yuanOf(dollars, rate.data) : undefined;
  if (computed !== undefined) reported.add('agreedInvestment');
  // Fields not given (or not readable) take values that break no rule; only given fields' faults are kept.
  const probe: ProjectSnapshot = {
    projectId: 'probe',
    name: 'probe',
    investor: 'probe',
    district: (given('district') as string | undefined) ?? config.districts[0]!.code,
    industry: (given('industry') as string | undefined) ?? config.industries[0]!.code,
    currency: usd ? 'USD' : 'CNY',
    agreedInvestment: usd
      ? (computed ?? config.minAgreedInvestment)
      : ((given('agreedInvestment') as number | undefined) ?? config.minAgreedInvestment),
    ...(usd
      ? {
          agreedInvestmentOriginal: dollars ?? config.minAgreedInvestmentUsd,
          fxRateOn: (given('fxRateOn') as string | undefined) ?? config.earliestBusinessDate,
        }
      : {}),
    signedOn: (given('signedOn') as string | undefined) ?? config.earliestBusinessDate,
    version: 1,
    updatedAt: '2000-01-01T00:00:00.000Z',
    updatedBy: 'import',
  };
  return checkInvariants(probe, config, today).filter((issue) => reported.has(issue.field));
}

function fieldOrder(issue: FieldIssue): number {
  const index = FIELDS.indexOf(issue.field as Field);
  return index === -1 ? FIELDS.length : index;
}

/**
 * A row's projectId as reported back, at most this long and then cut with "…": an id cell of 600 KB
 * is refused by the id's rule anyway (3-64 characters), and a result holding it would not be stored.
 */
const REPORTED_ID_CHARACTERS = 100;

/** The far future: without a given today, no date is "after today" here. */
const NO_TODAY = '9999-12-31';

/**
 * A table (rows of cells, the first row being the spreadsheet's row 1) → one ImportRow per data
 * row, numbered as the spreadsheet numbers it. Rows above the header and empty rows are skipped.
 */
export function rowsFromTable(table: readonly (readonly TableCell[])[], config: CityConfig, options: ImportOptions = {}): ImportRow[] {
  const header = findHeader(table);
  const rows: ImportRow[] = [];
  for (let index = header.index + 1; index < table.length; index++) {
    const cells = table[index]!;
    if (cells.every(isEmptyCell)) continue;
    const row = index + 1;
    const { input, faults, derived } = inputOf(cells, header.columns, config);
    const projectId = typeof input.projectId === 'string' ? excerpt(input.projectId, REPORTED_ID_CHARACTERS) : undefined;
    const parsed = SignInputSchema.safeParse(input);
    if (parsed.success && faults.length === 0) {
      rows.push({ row, projectId, command: parsed.data });
      continue;
    }
    // Every fault of the row: the cells that could not be read, what the schema refuses of the
    // rest (not "is required" again for a cell already reported), and the configuration's rules.
    const issues = [...faults];
    if (!parsed.success) {
      const faulty = new Set(faults.map((f) => f.field));
      issues.push(...toFieldIssues(parsed.error).filter((issue) => !faulty.has(issue.field)));
    }
    const reported = new Set(issues.map((f) => f.field));
    issues.push(...configFaults(input, derived, config, options.today ?? NO_TODAY).filter((issue) => !reported.has(issue.field)));
    rows.push({ row, projectId, errors: issues.sort((a, b) => fieldOrder(a) - fieldOrder(b)) });
  }
  return rows;
}

/**
 * Runs the rows' sign commands, `concurrency` projects at a time; rows of the same projectId run
 * in file order, so a repeated identical row is "unchanged" and a conflicting one fails.
 */
export async function importRows(
  rows: readonly ImportRow[],
  sign: (command: SignInput) => Promise<'created' | 'unchanged'>,
  describeError: (error: unknown) => FieldIssue[],
  concurrency = 8,
): Promise<ImportResult> {
  const result: ImportResult = { created: [], unchanged: [], failed: [] };
  const groups = new Map<string, ImportRow[]>();
  for (const row of rows) {
    if (!row.command) {
      result.failed.push({ row: row.row, ...(row.projectId ? { projectId: row.projectId } : {}), errors: row.errors ?? [] });
      continue;
    }
    const group = groups.get(row.command.projectId) ?? [];
    group.push(row);
    groups.set(row.command.projectId, group);
  }
  const queue = [...groups.values()];
  const worker = async () => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const row of group) {
        const command = row.command!;
        try {
          const outcome = await sign(command);
          result[outcome].push({ row: row.row, projectId: command.projectId });
        } catch (error) {
          result.failed.push({ row: row.row, projectId: command.projectId, errors: describeError(error) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  for (const list of [result.created, result.unchanged, result.failed]) list.sort((a, b) => a.row - b.row);
  return result;
}
