// CSV import: each row of a bureau spreadsheet becomes a sign command. Headers may be the API's
// English names or the Chinese column names a bureau spreadsheet uses; the amount column's header
// says its unit (亿元, 万元 or 元). District and industry may be codes or their Chinese names.
// A bad row is reported with its spreadsheet row number and never blocks the others.
import { parse } from 'csv-parse/sync';
import type { CityConfig } from '../domain/city-config';
import type { FieldIssue } from '../domain/errors';
import { parseInput, SignInputSchema, type SignInput } from '../domain/project';
import { ValidationError } from '../domain/errors';

type Field = keyof SignInput;

const HEADER_ALIASES: Record<Field, string[]> = {
  projectId: ['projectid', '项目编号', '项目代码', '编号'],
  name: ['name', '项目名称', '名称'],
  investor: ['investor', '投资方', '投资主体', '投资企业'],
  district: ['district', '所在地区', '属地', '区县', '所属区县', '板块'],
  industry: ['industry', '产业', '所属产业', '产业类别', '行业'],
  agreedInvestment: ['agreedinvestment', '协议投资额', '总投资', '计划总投资'],
  signedOn: ['signedon', '签约日期', '签约时间'],
  plannedStartOn: ['plannedstarton', '计划开工日期', '计划开工时间'],
  plannedProductionOn: ['plannedproductionon', '计划投产日期', '计划投产时间'],
  responsibleUnit: ['responsibleunit', '责任单位', '牵头单位'],
};

const UNIT_MULTIPLIERS: [RegExp, bigint][] = [
  [/亿元|亿/, 100_000_000n],
  [/万元|万/, 10_000n],
  [/元|yuan/i, 1n],
];

interface Column {
  field: Field;
  /** For the amount: yuan per unit the column is given in. */
  multiplier: bigint;
}

export interface ImportRow {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  projectId?: string;
  command?: SignInput;
  errors?: FieldIssue[];
}

/** Strips the unit in brackets and spaces: "协议投资额（亿元）" → "协议投资额". */
function headerKey(header: string): string {
  return header
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

function columnsOf(headers: string[]): (Column | null)[] {
  const columns = headers.map((header): Column | null => {
    const key = headerKey(header);
    const field = (Object.keys(HEADER_ALIASES) as Field[]).find((f) => HEADER_ALIASES[f].includes(key));
    if (!field) return null;
    const unit = UNIT_MULTIPLIERS.find(([pattern]) => pattern.test(header));
    return { field, multiplier: field === 'agreedInvestment' ? (unit?.[1] ?? 1n) : 1n };
  });
  const present = new Set(columns.flatMap((c) => (c ? [c.field] : [])));
  const missing = (['projectId', 'name', 'investor', 'district', 'industry', 'agreedInvestment', 'signedOn'] as Field[]).filter(
    (f) => !present.has(f),
  );
  if (missing.length > 0) {
    throw new ValidationError(
      missing.map((f) => ({
        field: `header.${f}`,
        rule: `a column is required: ${HEADER_ALIASES[f]
          .filter((a) => /\P{ASCII}/u.test(a))
          .slice(0, 2)
          .join(' or ')} (or ${f})`,
      })),
    );
  }
  return columns;
}

/** "12.5" in 亿元 → 1250000000 yuan, exactly (no floating point). Null when not a number. */
export function toYuan(text: string, multiplier: bigint): number | null {
  const cleaned = text.replace(/[,，\s]/g, '');
  const match = /^(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return null;
  const fraction = match[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(match[1]! + fraction) * multiplier;
  if (scaled % scale !== 0n) return null; // finer than a yuan
  const yuan = scaled / scale;
  return yuan <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(yuan) : null;
}

/** 2025/3/10, 2025.3.10 and 2025年3月10日 → 2025-03-10; anything else is left for the schema to refuse. */
export function normalizeDate(text: string): string {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  return match ? `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}` : text.trim();
}

function codeOf(value: string, options: readonly { code: string; name: string }[]): string {
  const trimmed = value.trim();
  return options.find((o) => o.name === trimmed)?.code ?? trimmed;
}

export function parseImport(csv: string, config: CityConfig): ImportRow[] {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (error) {
    throw new ValidationError([{ field: 'body', rule: `is not readable CSV: ${(error as Error).message}` }]);
  }
  const [headers, ...rows] = records;
  if (!headers) throw new ValidationError([{ field: 'body', rule: 'is empty: send a header row and one row per project' }]);
  const columns = columnsOf(headers);

  return rows.map((cells, index): ImportRow => {
    const row = index + 2;
    const input: Record<string, unknown> = {};
    const errors: FieldIssue[] = [];
    columns.forEach((column, i) => {
      const value = cells[i] ?? '';
      if (!column || value === '') return;
      switch (column.field) {
        case 'agreedInvestment': {
          const yuan = toYuan(value, column.multiplier);
          if (yuan === null) errors.push({ field: 'agreedInvestment', rule: `must be a number in the column's unit, got "${value}"` });
          else input.agreedInvestment = yuan;
          return;
        }
        case 'signedOn':
        case 'plannedStartOn':
        case 'plannedProductionOn':
          input[column.field] = normalizeDate(value);
          return;
        case 'district':
          input.district = codeOf(value, config.districts);
          return;
        case 'industry':
          input.industry = codeOf(value, config.industries);
          return;
        default:
          input[column.field] = value;
      }
    });
    const projectId = typeof input.projectId === 'string' ? input.projectId : undefined;
    if (errors.length > 0) return { row, projectId, errors };
    try {
      return { row, projectId, command: parseInput(SignInputSchema, input) };
    } catch (error) {
      if (error instanceof ValidationError) return { row, projectId, errors: [...error.issues] };
      throw error;
    }
  });
}

export interface ImportResult {
  created: { row: number; projectId: string }[];
  unchanged: { row: number; projectId: string }[];
  failed: { row: number; projectId?: string; errors: FieldIssue[] }[];
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
