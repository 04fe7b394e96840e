// The year's report workbook, what leaders forward upwards: 总表 (each target, the figure, the gap),
// 分县区 (every district, ranked as the digest's 龙虎榜), 新签约项目情况表 (the city's table: 内资 in
// 亿元, 外资 in 亿美元, projects by size band, each district's target; under it the ¥50亿 projects by
// name), 分产业 (leading industries marked ★), 月度 (by month of signing, with running totals) and
// 项目清单 (the year's projects). Every figure is the rollup view's own (GET /rollups/{year}): nothing
// is recounted here from the projects, but for the names of the largest.
import writeXlsxFile, { type Cell, type Row, type Sheet } from 'write-excel-file/node';
import type { CityConfig } from '../domain/city-config';
import { businessDateOf, yearOf } from '../domain/dates';
import { investmentOf } from '../domain/investment';
import { projectBands, type ProjectSnapshot } from '../domain/project';
import type { RollupRow, RollupView } from '../domain/rollup-view';
import { leaderboardOf } from '../digest/figures';
import { roundedTo2, xlsxTextCell } from './cells';
import {
  AMOUNT_FORMAT,
  HEADER_STYLE,
  PROJECT_LIST_SHEET,
  projectListColumnWidths,
  projectListSheetData,
  yiNumber,
} from './project-list-export';

export const PERCENT_FORMAT = '0.00%';

export const SIGNINGS_SHEET = '新签约项目情况表';
export const YEAR_REPORT_SHEETS = ['总表', '分县区', SIGNINGS_SHEET, '分产业', '月度', PROJECT_LIST_SHEET] as const;

type FigureKind = 'count' | 'yi' | 'rate';

interface FigureColumn {
  header: string;
  kind: FigureKind;
  key: keyof RollupRow;
}

/** Every figure of a rollup row, in the order the sheets show them. */
export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  { header: '签约项目数', kind: 'count', key: 'signed' },
  { header: '协议投资额（亿元）', kind: 'yi', key: 'agreedInvestment' },
  { header: '主导产业项目数', kind: 'count', key: 'leadingSigned' },
  { header: '主导产业占比', kind: 'rate', key: 'leadingShare' },
  { header: '已开工', kind: 'count', key: 'started' },
  { header: '当年开工', kind: 'count', key: 'startedSameYear' },
  { header: '当年开工率', kind: 'rate', key: 'sameYearStartRate' },
  { header: '距目标还需开工', kind: 'count', key: 'startsNeeded' },
  { header: '已投产', kind: 'count', key: 'inProduction' },
  { header: '当年投产', kind: 'count', key: 'producedSameYear' },
  { header: '终止', kind: 'count', key: 'terminated' },
  { header: '红灯', kind: 'count', key: 'alertRed' },
  { header: '黄灯', kind: 'count', key: 'alertYellow' },
  { header: '未解决问题', kind: 'count', key: 'problemsOpen' },
  { header: '逾期问题', kind: 'count', key: 'problemsOverdue' },
];

/** A figure as a cell: counts as they are, yuan in 亿元 (two decimals shown), rates as percentages. */
function figureCell(value: number | null, kind: FigureKind): Cell {
  if (value === null) return null;
  switch (kind) {
    case 'count':
      return { value, type: Number };
    case 'yi':
      return { value: yiNumber(value), type: Number, format: AMOUNT_FORMAT };
    case 'rate':
      return { value, type: Number, format: PERCENT_FORMAT };
  }
}

const header = (titles: readonly string[]): Row => titles.map((t) => ({ ...xlsxTextCell(t), ...HEADER_STYLE }));
const text = (value: string): Cell => xlsxTextCell(value);
const figures = (row: RollupRow): Cell[] => FIGURE_COLUMNS.map((c) => figureCell(row[c.key] as number | null, c.kind));
const figureWidths = () => FIGURE_COLUMNS.map((c) => ({ width: Math.max(10, c.header.length * 2 + 2) }));
const TOTAL = '合计';

/** What is still to go to a target: the target less the figure, 0 once the figure reaches it. */
const gap = (target: number, figure: number | null) => (figure === null ? null : Math.max(0, target - figure));

function summarySheet(view: RollupView): Sheet<never> {
  const t = view.totals;
  const targets = view.targets;
  const asOf = businessDateOf(new Date(view.asOf));
  const targetRow = (name: string, kind: FigureKind, target: number, figure: number | null): Row => [
    text(name),
    figureCell(target, kind),
    figureCell(figure, kind),
    figureCell(gap(target, figure), kind),
  ];
  const figureRow = (name: string, kind: FigureKind, figure: number): Row => [text(name), null, figureCell(figure, kind), null];
  return {
    sheet: '总表',
    data: [
      [
        { ...text(`${view.year}年招商引资项目推进报表（截至 ${asOf}）`), fontWeight: 'bold', fontSize: 14, columnSpan: 4 },
        null,
        null,
        null,
      ],
      header(['指标', '目标', '完成', '距目标差距']),
      targetRow('新签约亿元以上项目（个）', 'count', targets.signed, t.signed),
      targetRow('协议投资额（亿元）', 'yi', targets.agreedInvestment, t.agreedInvestment),
      targetRow('主导产业占比', 'rate', targets.leadingShare, t.leadingShare),
      targetRow('当年开工率', 'rate', targets.sameYearStartRate, t.sameYearStartRate),
      figureRow('距当年开工率目标还需开工（个）', 'count', t.startsNeeded),
      figureRow('主导产业项目（个）', 'count', t.leadingSigned),
      figureRow('已开工（个）', 'count', t.started),
      figureRow('当年开工（个）', 'count', t.startedSameYear),
      figureRow('已投产（个）', 'count', t.inProduction),
      figureRow('当年投产（个）', 'count', t.producedSameYear),
      figureRow('终止（个）', 'count', t.terminated),
      figureRow('红灯（个）', 'count', t.alertRed),
      figureRow('黄灯（个）', 'count', t.alertYellow),
      figureRow('未解决问题（个）', 'count', t.problemsOpen),
      figureRow('逾期问题（个）', 'count', t.problemsOverdue),
      figureRow(`${view.year}年内开工（含往年签约，个）`, 'count', view.happenedInYear.started),
      figureRow(`${view.year}年内投产（含往年签约，个）`, 'count', view.happenedInYear.inProduction),
      figureRow('全部项目红灯（不限签约年份，个）', 'count', view.live.totals.alertRed),
      figureRow('全部项目黄灯（不限签约年份，个）', 'count', view.live.totals.alertYellow),
      figureRow('全部项目未解决问题（个）', 'count', view.live.totals.problemsOpen),
      figureRow('全部项目逾期问题（个）', 'count', view.live.totals.problemsOverdue),
    ],
    columns: [{ width: 40 }, { width: 14 }, { width: 14 }, { width: 14 }],
    stickyRowsCount: 2,
  };
}

/** The live columns of 分县区: every project of the district now, whatever its year. */
const LIVE_COLUMNS = [
  { header: '全部项目红灯', key: 'alertRed' },
  { header: '全部项目黄灯', key: 'alertYellow' },
  { header: '全部项目未解决问题', key: 'problemsOpen' },
  { header: '全部项目逾期问题', key: 'problemsOverdue' },
] as const;

function districtSheet(view: RollupView): Sheet<never> {
  const rows = new Map(view.byDistrict.map((d) => [d.district, d]));
  const live = new Map(view.live.byDistrict.map((d) => [d.district, d]));
  const liveCells = (code: string | null): Cell[] =>
    LIVE_COLUMNS.map((c) => figureCell(code === null ? view.live.totals[c.key] : (live.get(code)?.[c.key] ?? 0), 'count'));
  // Ranked as the digest's 龙虎榜: by same-year start rate, then same-year starts.
  const ranked = leaderboardOf(view).map((entry): Row => {
    const row = rows.get(entry.district)!;
    return [{ value: entry.rank, type: Number }, text(entry.name), ...figures(row), ...liveCells(entry.district)];
  });
  return {
    sheet: '分县区',
    data: [
      header(['龙虎榜排名', '县区', ...FIGURE_COLUMNS.map((c) => c.header), ...LIVE_COLUMNS.map((c) => c.header)]),
      ...ranked,
      [null, { ...text(TOTAL), fontWeight: 'bold' }, ...figures(view.totals), ...liveCells(null)],
    ],
    columns: [{ width: 12 }, { width: 26 }, ...figureWidths(), ...LIVE_COLUMNS.map((c) => ({ width: c.header.length * 2 + 2 }))],
    stickyRowsCount: 1,
    stickyColumnsCount: 2,
  };
}

/** 亿元 and 亿美元 as the city's tables give them: rounded half up to two decimals, exactly. */
const yi2 = (units: number): Cell => ({ value: roundedTo2(units, 100_000_000n), type: Number, format: AMOUNT_FORMAT });
const count = (value: number): Cell => ({ value, type: Number });

/** A header cell spanning rows or columns (write-excel-file merges them; the covered cells are null). */
const spanning = (title: string, span: { rowSpan?: number; columnSpan?: number }): Cell => ({
  ...xlsxTextCell(title),
  ...HEADER_STYLE,
  ...span,
});

/** 新签约项目情况表's columns under its two header rows: [top, under] (under null: one title over both rows). */
export const SIGNINGS_COLUMNS: readonly (readonly [string, string | null])[] = [
  ['县区', null],
  ['项目总数（个）', null],
  ['总投资（亿元）', null],
  ['内资', '项目数（个）'],
  ['内资', '亿元'],
  ['外资', '项目数（个）'],
  ['外资', '亿美元'],
  ['按投资规模（个）', '亿元以上'],
  ['按投资规模（个）', '5亿元以上'],
  ['按投资规模（个）', '10亿元以上'],
  ['年度目标（个）', null],
  ['完成率', null],
];

/** The two header rows: a title over one column spans both rows; a group's title spans its columns. */
function twoLevelHeader(): [Row, Row] {
  const top: Cell[] = [];
  const under: Cell[] = [];
  SIGNINGS_COLUMNS.forEach(([title, sub], i) => {
    if (sub === null) {
      top.push(spanning(title, { rowSpan: 2 }));
      under.push(null);
      return;
    }
    const first = SIGNINGS_COLUMNS.findIndex(([t]) => t === title);
    const width = SIGNINGS_COLUMNS.filter(([t]) => t === title).length;
    top.push(i === first ? spanning(title, { columnSpan: width }) : null);
    under.push({ ...xlsxTextCell(sub), ...HEADER_STYLE });
  });
  return [top, under];
}

/**
 * 新签约项目情况表, the table the city reports signings in: per district in the configuration's order,
 * then 合计, the projects and their investment, 内资 (亿元) and 外资 (亿美元: the dollars agreed, never
 * yuan converted back), the projects of ¥1亿 / 5亿 / 10亿 and above (a USD project by its dollars:
 * US$10M / 30M / 100M), and the year's target of projects with its completion (a district's own target
 * where set, the city's on 合计; empty where none). Every figure is the rollup view's.
 */
function signingsSheet(view: RollupView, cohort: readonly ProjectSnapshot[], config: CityConfig): Sheet<never> {
  const asOf = businessDateOf(new Date(view.asOf));
  type Standing = RollupRow & { progress: RollupView['totals']['progress'] };
  const figures = (row: Standing): Cell[] => [
    count(row.signed),
    yi2(row.agreedInvestment),
    count(row.domestic.count),
    yi2(row.domestic.agreedInvestment),
    count(row.foreign.count),
    yi2(row.foreign.agreedUsd),
    count(row.bands.B1.count),
    count(row.bands.B5.count),
    count(row.bands.B10.count),
    row.progress.signed.target === null ? null : count(row.progress.signed.target),
    figureCell(row.progress.signed.completion, 'rate'),
  ];
  const columns = SIGNINGS_COLUMNS.length;
  const note = [
    '注：外资（亿美元）为以美元签约的外资项目的美元协议额，不由人民币折算；以美元签约的项目按美元协议额计档：',
    '1000万美元、3000万美元、1亿美元以上分别计入亿元、5亿元、10亿元以上。完成率为项目总数与年度目标之比。',
  ].join('');
  return {
    sheet: SIGNINGS_SHEET,
    data: [
      [
        { ...text(`${view.year}年新签约项目情况表（截至 ${asOf}）`), fontWeight: 'bold', fontSize: 14, columnSpan: columns },
        ...Array.from({ length: columns - 1 }, () => null),
      ],
      ...twoLevelHeader(),
      ...view.byDistrict.map((d): Row => [text(d.name), ...figures(d)]),
      [{ ...text(TOTAL), fontWeight: 'bold' }, ...figures(view.totals)],
      [{ ...text(note), wrap: true, height: 36, columnSpan: columns }, ...Array.from({ length: columns - 1 }, () => null)],
      ...namedLargeProjects(cohort, config, columns),
    ],
    columns: [{ width: 26 }, { width: 14 }, { width: 14 }, ...Array.from({ length: columns - 3 }, () => ({ width: 12 }))],
    stickyRowsCount: 3,
    stickyColumnsCount: 1,
  };
}

export const LARGE_PROJECT_COLUMNS = ['项目编号', '项目名称', '所在地区', '协议投资额（亿元）', '资金来源', '规模'] as const;

/**
 * The projects of ¥50亿 and more, by name, as the city's report names them (largest first), under
 * the table after a blank row: the year's cohort, so as many as the view's B50 count.
 */
function namedLargeProjects(cohort: readonly ProjectSnapshot[], config: CityConfig, columns: number): Row[] {
  const large = cohort
    .filter((p) => projectBands(p).includes('B50'))
    .sort((a, b) => b.agreedInvestment - a.agreedInvestment || a.projectId.localeCompare(b.projectId));
  const largest = large.filter((p) => projectBands(p).includes('B100')).length;
  const title = large.length === 0 ? '50亿元以上项目：无' : `50亿元以上项目 ${large.length} 个（其中100亿元以上 ${largest} 个）`;
  const district = (code: string) => config.districts.find((d) => d.code === code)?.name ?? code;
  return [
    [null],
    [{ ...text(title), fontWeight: 'bold', columnSpan: columns }, ...Array.from({ length: columns - 1 }, () => null)],
    ...(large.length === 0 ? [] : [header(LARGE_PROJECT_COLUMNS)]),
    ...large.map(
      (p): Row => [
        text(p.projectId),
        text(p.name),
        text(district(p.district)),
        yi2(p.agreedInvestment),
        text(investmentOf(p).capitalSource === 'foreign' ? '外资' : '内资'),
        text(projectBands(p).includes('B100') ? '100亿元以上' : '50亿元以上'),
      ],
    ),
  ];
}

export const LEADING_MARK = '★';

function industrySheet(view: RollupView): Sheet<never> {
  return {
    sheet: '分产业',
    data: [
      header(['产业', '主导产业', ...FIGURE_COLUMNS.map((c) => c.header)]),
      ...view.byIndustry.map((i): Row => [text(i.name), i.leading ? text(LEADING_MARK) : null, ...figures(i)]),
      [{ ...text(TOTAL), fontWeight: 'bold' }, null, ...figures(view.totals)],
    ],
    columns: [{ width: 16 }, { width: 10 }, ...figureWidths()],
    stickyRowsCount: 1,
    stickyColumnsCount: 1,
  };
}

/** The running totals of 月度, each from January to the row's month. */
export const CUMULATIVE_COLUMNS = ['累计签约项目数', '累计协议投资额（亿元）', '累计当年开工', '累计当年开工率'] as const;

function monthSheet(view: RollupView): Sheet<never> {
  let signed = 0;
  let investment = 0;
  let startedSameYear = 0;
  const rows = view.byMonth.map((m): Row => {
    signed += m.signed;
    investment += m.agreedInvestment;
    startedSameYear += m.startedSameYear;
    return [
      text(`${Number(m.month)}月`),
      ...figures(m),
      figureCell(signed, 'count'),
      figureCell(investment, 'yi'),
      figureCell(startedSameYear, 'count'),
      figureCell(signed > 0 ? startedSameYear / signed : null, 'rate'),
    ];
  });
  return {
    sheet: '月度',
    data: [
      header(['签约月份', ...FIGURE_COLUMNS.map((c) => c.header), ...CUMULATIVE_COLUMNS]),
      ...rows,
      [{ ...text(TOTAL), fontWeight: 'bold' }, ...figures(view.totals), null, null, null, null],
    ],
    columns: [{ width: 10 }, ...figureWidths(), ...CUMULATIVE_COLUMNS.map((h) => ({ width: h.length * 2 + 2 }))],
    stickyRowsCount: 1,
    stickyColumnsCount: 1,
  };
}

/** The report workbook of `view.year`; `projects` are listed when signed that year (the cohort). */
export async function yearReportXlsx(view: RollupView, projects: readonly ProjectSnapshot[], config: CityConfig): Promise<Buffer> {
  const cohort = projects
    .filter((p) => yearOf(p.signedOn) === view.year)
    .sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.projectId.localeCompare(b.projectId));
  const list: Sheet<never> = {
    sheet: PROJECT_LIST_SHEET,
    data: projectListSheetData(cohort, config, businessDateOf(new Date(view.asOf))),
    columns: projectListColumnWidths(),
    stickyRowsCount: 1,
  };
  return writeXlsxFile([
    summarySheet(view),
    districtSheet(view),
    signingsSheet(view, cohort, config),
    industrySheet(view),
    monthSheet(view),
    list,
  ]).toBuffer();
}
