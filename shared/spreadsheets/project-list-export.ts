// The project list as the bureau's register: one row per project, the bureau's column names,
// amounts in 亿元 (and a USD project's dollars in 万美元 with its rate), dates as date cells, status and
// lights in Chinese. Written so that importing it back gives the same sign commands (the import reads
// these column names, the unit from the header; a USD row's 亿元 is checked against its dollars × rate).
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';
import { alertLevelName, reasonText } from '../domain/alerts';
import type { CityConfig } from '../domain/city-config';
import { investmentOf } from '../domain/investment';
import { statusOf, type ProjectSnapshot, type ProjectStatus } from '../domain/project';
import { csvField, csvTextField, dateCellOf, scaledText, xlsxTextCell } from './cells';

export const STATUS_NAMES: Record<ProjectStatus, string> = {
  signed: '签约',
  started: '开工',
  in_production: '投产',
  terminated: '终止',
};

export const CAPITAL_SOURCE_NAMES = { domestic: '内资', foreign: '外资' } as const;
export const CURRENCY_NAMES = { CNY: '人民币', USD: '美元' } as const;

/** Integer yuan → 亿元 as exact decimal text, at least two decimals: 1234567891 → "12.34567891". */
export function yiText(yuan: number): string {
  return scaledText(yuan, 100_000_000n);
}

/** Whole US dollars → 万美元 as exact decimal text, at least two decimals: 12345678 → "1234.5678". */
export function wanUsdText(dollars: number): string {
  return scaledText(dollars, 10_000n);
}

/**
 * Whole dollars → 万美元 as a number cell's value: exact to 15 digits, as yiNumber is (an amount of
 * up to 11 digits of 万美元 and 4 decimals reads back as the same dollars).
 */
export function wanUsdNumber(dollars: number): number {
  return dollars / 10_000;
}

/**
 * Integer yuan → 亿元 as a number cell's value. yuan ÷ 10^8 is the double nearest the exact decimal,
 * so an amount of up to 15 digits (the configured maximum, 1 万亿元, has 13) reads back exactly
 * from the cell's 15-digit value (cells.ts, numberText).
 */
export function yiNumber(yuan: number): number {
  return yuan / 100_000_000;
}

type ColumnKind = 'text' | 'yi' | 'wanUsd' | 'date';

interface ListColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters (a Chinese character counts two). */
  width: number;
  value: (p: ProjectSnapshot, names: Names, today: string) => string | number | undefined;
}

interface Names {
  district: Map<string, string>;
  industry: Map<string, string>;
}

export const AMOUNT_FORMAT = '0.00';
export const DATE_FORMAT = 'yyyy-mm-dd';

/** The register's columns, in the bureau's order; an import reads the first fourteen and 责任单位. */
export const PROJECT_LIST_COLUMNS: readonly ListColumn[] = [
  { header: '项目编号', kind: 'text', width: 16, value: (p) => p.projectId },
  { header: '项目名称', kind: 'text', width: 36, value: (p) => p.name },
  { header: '投资方', kind: 'text', width: 30, value: (p) => p.investor },
  // An unknown code (a district since removed from the configuration) is written as the code itself.
  { header: '所在地区', kind: 'text', width: 24, value: (p, n) => n.district.get(p.district) ?? p.district },
  { header: '产业', kind: 'text', width: 14, value: (p, n) => n.industry.get(p.industry) ?? p.industry },
  { header: '协议投资额（亿元）', kind: 'yi', width: 20, value: (p) => p.agreedInvestment },
  // The investment as agreed (a project signed before v3 reads as 内资, 人民币). A USD project's
  // dollars, rate and its date; the rate as text, as it was given ("7.10", not the number 7.1).
  { header: '资金来源', kind: 'text', width: 10, value: (p) => CAPITAL_SOURCE_NAMES[investmentOf(p).capitalSource] },
  { header: '币种', kind: 'text', width: 8, value: (p) => CURRENCY_NAMES[investmentOf(p).currency] },
  { header: '协议投资额（万美元）', kind: 'wanUsd', width: 22, value: (p) => usdOf(p)?.original },
  { header: '汇率', kind: 'text', width: 10, value: (p) => usdOf(p)?.fxRate },
  { header: '汇率日期', kind: 'date', width: 12, value: (p) => usdOf(p)?.fxRateOn },
  { header: '签约日期', kind: 'date', width: 12, value: (p) => p.signedOn },
  { header: '计划开工日期', kind: 'date', width: 14, value: (p) => p.plannedStartOn },
  { header: '计划投产日期', kind: 'date', width: 14, value: (p) => p.plannedProductionOn },
  { header: '开工日期', kind: 'date', width: 12, value: (p) => p.startedOn },
  { header: '投产日期', kind: 'date', width: 12, value: (p) => p.producedOn },
  { header: '终止日期', kind: 'date', width: 12, value: (p) => p.terminatedOn },
  { header: '状态', kind: 'text', width: 8, value: (p) => STATUS_NAMES[statusOf(p)] },
  { header: '预警', kind: 'text', width: 8, value: (p) => (p.alert ? alertLevelName(p.alert.level) : undefined) },
  // The reasons as a person reads them today: "签约已 95 天未开工".
  {
    header: '预警原因',
    kind: 'text',
    width: 40,
    value: (p, _n, today) => (p.alert?.reasons.length ? p.alert.reasons.map((r) => reasonText(r, today)).join('；') : undefined),
  },
  { header: '责任单位', kind: 'text', width: 24, value: (p) => p.responsibleUnit },
];

/** A USD project's investment; undefined for one in CNY. */
function usdOf(p: ProjectSnapshot) {
  const investment = investmentOf(p);
  return investment.currency === 'USD' ? investment : undefined;
}

function namesOf(config: CityConfig): Names {
  return {
    district: new Map(config.districts.map((d) => [d.code, d.name])),
    industry: new Map(config.industries.map((i) => [i.code, i.name])),
  };
}

export const HEADER_STYLE = { fontWeight: 'bold', backgroundColor: '#DDEBF7', align: 'center' } as const;

/** The header row and one row per project, as write-excel-file cells. */
export function projectListSheetData(projects: readonly ProjectSnapshot[], config: CityConfig, today: string): SheetData {
  const names = namesOf(config);
  const header: Cell[] = PROJECT_LIST_COLUMNS.map((c) => ({ ...xlsxTextCell(c.header), ...HEADER_STYLE }));
  const rows = projects.map((p) =>
    PROJECT_LIST_COLUMNS.map((column): Cell => {
      const value = column.value(p, names, today);
      if (value === undefined) return null;
      if (column.kind === 'yi') return { value: yiNumber(value as number), type: Number, format: AMOUNT_FORMAT };
      if (column.kind === 'wanUsd') return { value: wanUsdNumber(value as number), type: Number, format: AMOUNT_FORMAT };
      if (column.kind === 'date') return { value: dateCellOf(value as string), type: Date, format: DATE_FORMAT };
      return xlsxTextCell(String(value));
    }),
  );
  return [header, ...rows];
}

export const PROJECT_LIST_SHEET = '项目清单';

export function projectListColumnWidths(): { width: number }[] {
  return PROJECT_LIST_COLUMNS.map((c) => ({ width: c.width }));
}

/** The list as an .xlsx workbook: one sheet, header row frozen, column widths set. */
export async function projectListXlsx(projects: readonly ProjectSnapshot[], config: CityConfig, today: string): Promise<Buffer> {
  return writeXlsxFile(projectListSheetData(projects, config, today), {
    sheet: PROJECT_LIST_SHEET,
    columns: projectListColumnWidths(),
    stickyRowsCount: 1,
  }).toBuffer();
}

/**
 * The list as CSV: UTF-8 with a BOM (without it Excel reads UTF-8 as the system code page and shows
 * Chinese as mojibake), CRLF line ends, amounts as exact decimals in 亿元 (two decimals at least),
 * dates as YYYY-MM-DD, text that could start a formula behind a single quote.
 */
export function projectListCsv(projects: readonly ProjectSnapshot[], config: CityConfig, today: string): string {
  const names = namesOf(config);
  const lines = [PROJECT_LIST_COLUMNS.map((c) => csvField(c.header)).join(',')];
  for (const p of projects) {
    lines.push(
      PROJECT_LIST_COLUMNS.map((column) => {
        const value = column.value(p, names, today);
        if (value === undefined) return '';
        if (column.kind === 'yi') return yiText(value as number);
        if (column.kind === 'wanUsd') return wanUsdText(value as number);
        if (column.kind === 'date') return value as string;
        return csvTextField(String(value));
      }).join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
