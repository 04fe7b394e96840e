import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { OpenProblem } from '../../../../events';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { addDays } from '../../../../shared/domain/dates';
import { yuanOf } from '../../../../shared/domain/investment';
import type { ProjectSnapshot } from '../../../../shared/domain/project';
import { contribution, mergeCohortCounters } from '../../../../shared/domain/rollup';
import { composeRollupView, type RollupRow, type RollupView } from '../../../../shared/domain/rollup-view';
import { leaderboardOf } from '../../../../shared/digest/figures';
import { yearReportXlsx } from '../../../../shared/spreadsheets/year-report';
import { project } from '../../../support/fixtures';

// 2024's report as of late 2025: some of 2024's projects started or went into production only in
// 2025, so "started" and "started the same year" differ, as do the production counts.
const YEAR = 2024;
const AS_OF = new Date('2025-09-30T16:30:00Z'); // 2025-10-01 00:30 in Asia/Shanghai
const LAST_DAY = '2025-09-30';
/** Two targets exceeded (their gap is 0), two not. */
const TARGETS = { signed: 50, agreedInvestment: 4_000 * 100_000_000, leadingShare: 0.2, sameYearStartRate: 0.9 };

/** A deterministic register: 2024's projects in every district, industry, month and status, and some of 2023. */
function register(): ProjectSnapshot[] {
  // mulberry32: a small seeded generator, so the register is the same on every run.
  let seed = 7;
  const next = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
  const projects: ProjectSnapshot[] = [];
  for (let i = 0; i < 90; i++) {
    const year = i < 75 ? YEAR : YEAR - 1;
    const signedOn = addDays(`${year}-01-01`, next(365));
    const district = LIANYUNGANG.districts[i % 9]!.code; // the tenth district signs nothing: its rate is empty
    const industry = LIANYUNGANG.industries[next(LIANYUNGANG.industries.length)]!.code;
    const fate = next(6);
    const startedOn = fate >= 2 ? addDays(signedOn, 20 + next(300)) : undefined;
    const started = startedOn && startedOn <= LAST_DAY ? startedOn : undefined;
    const producedOn = started && fate >= 4 ? addDays(started, 30 + next(200)) : undefined;
    const produced = producedOn && producedOn <= LAST_DAY ? producedOn : undefined;
    const terminatedOn = !started && fate === 1 ? addDays(signedOn, 40) : undefined;
    const terminated = terminatedOn && terminatedOn <= LAST_DAY ? terminatedOn : undefined;
    const level = (['red', 'yellow', 'green'] as const)[next(3)]!;
    const openProblems: OpenProblem[] = Array.from({ length: next(3) }, (_, k) => ({
      problemId: `P-${i}-${k}`,
      category: 'land',
      description: '待协调',
      responsibleUnit: '市自然资源和规划局',
      dueOn: '2025-09-01',
      overdue: k === 0,
    }));
    projects.push(
      project({
        projectId: `R-${String(i).padStart(3, '0')}`,
        name: `项目${i}`,
        district,
        industry,
        agreedInvestment: 100_000_000 + next(5_000) * 1_234_567,
        signedOn,
        plannedStartOn: undefined,
        startedOn: started,
        producedOn: produced,
        terminatedOn: terminated,
        terminationReason: terminated ? '投资方撤资' : undefined,
        ...(produced || terminated ? {} : { alert: { level, since: signedOn, reasons: [] } }),
        ...(openProblems.length > 0 && !produced && !terminated ? { openProblems } : {}),
      }),
    );
  }
  return projects;
}

function viewOf(projects: readonly ProjectSnapshot[]): RollupView {
  const rows = mergeCohortCounters(projects.flatMap((p) => contribution(p, LIANYUNGANG)));
  return composeRollupView(YEAR, rows, TARGETS, LIANYUNGANG, AS_OF);
}

/** A sheet's rows below its header as objects keyed by the header's titles, with each cell's number format. */
function tableOf(sheet: ExcelJS.Worksheet, headerRow = 1) {
  const titles = (sheet.getRow(headerRow).values as unknown[]).slice(1) as string[];
  const rows: { value: (title: string) => unknown; format: (title: string) => string | undefined }[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cell = (title: string) => {
      const index = titles.indexOf(title);
      if (index === -1) throw new Error(`no column ${title} in ${sheet.name}`);
      return row.getCell(index + 1);
    };
    rows.push({ value: (t) => cell(t).value ?? null, format: (t) => cell(t).numFmt });
  }
  return { titles, rows };
}

const FIGURES: [string, keyof RollupRow, 'count' | 'yi' | 'rate'][] = [
  ['签约项目数', 'signed', 'count'],
  ['协议投资额（亿元）', 'agreedInvestment', 'yi'],
  ['主导产业项目数', 'leadingSigned', 'count'],
  ['主导产业占比', 'leadingShare', 'rate'],
  ['已开工', 'started', 'count'],
  ['当年开工', 'startedSameYear', 'count'],
  ['当年开工率', 'sameYearStartRate', 'rate'],
  ['距目标还需开工', 'startsNeeded', 'count'],
  ['已投产', 'inProduction', 'count'],
  ['当年投产', 'producedSameYear', 'count'],
  ['终止', 'terminated', 'count'],
  ['红灯', 'alertRed', 'count'],
  ['黄灯', 'alertYellow', 'count'],
  ['未解决问题', 'problemsOpen', 'count'],
  ['逾期问题', 'problemsOverdue', 'count'],
];

/** What a figure's cell must hold: counts as they are, yuan in 亿元, rates as fractions (empty when none). */
const expected = (value: number | null, kind: 'count' | 'yi' | 'rate') => (value === null ? null : kind === 'yi' ? value / 1e8 : value);

function expectFigures(row: ReturnType<typeof tableOf>['rows'][number], figures: RollupRow, where: string) {
  for (const [title, key, kind] of FIGURES) {
    expect(row.value(title), `${where}: ${title}`).toBe(expected(figures[key] as number | null, kind));
    if (kind === 'rate' && figures[key] !== null) expect(row.format(title), `${where}: ${title}`).toBe('0.00%');
    if (kind === 'yi') expect(row.format(title)).toBe('0.00');
  }
}

async function report() {
  const projects = register();
  const view = viewOf(projects);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await yearReportXlsx(view, projects, LIANYUNGANG)) as never);
  return { projects, view, workbook };
}

describe('the year’s report workbook: every figure is the rollup view’s', () => {
  it('the fixture is varied enough to test with', async () => {
    const { view } = await report();
    expect(view.totals.signed).toBe(75);
    for (const key of ['startedSameYear', 'inProduction', 'terminated', 'alertRed', 'problemsOverdue'] as const) {
      expect(view.totals[key], key).toBeGreaterThan(0);
    }
    expect(view.totals.started).toBeGreaterThan(view.totals.startedSameYear);
    expect(view.totals.inProduction).toBeGreaterThan(view.totals.producedSameYear);
    expect(view.happenedInYear.started).toBeGreaterThan(view.totals.startedSameYear); // 2023's projects started in 2024
    expect(view.totals.signed).toBeGreaterThan(TARGETS.signed);
    expect(view.totals.leadingShare).toBeGreaterThan(TARGETS.leadingShare);
    expect(view.byDistrict.find((d) => d.district === 'yuntai')!.signed).toBe(0);
  });

  it('has the six sheets, in order', async () => {
    const { workbook } = await report();
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['总表', '分县区', '新签约项目情况表', '分产业', '月度', '项目清单']);
  });

  it('总表: each target, the figure and the gap, then the other totals', async () => {
    const { view, workbook } = await report();
    const sheet = workbook.getWorksheet('总表')!;
    expect(sheet.getCell('A1').value).toBe('2024年招商引资项目推进报表（截至 2025-10-01）');
    expect(sheet.getCell('A1').isMerged).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const { titles, rows } = tableOf(sheet, 2);
    expect(titles).toEqual(['指标', '目标', '完成', '距目标差距']);
    const byName = new Map(rows.map((r) => [r.value('指标') as string, r]));
    const t = view.totals;
    const g = view.targets;
    const targetRows: [string, number, number | null, 'count' | 'yi' | 'rate'][] = [
      ['新签约亿元以上项目（个）', g.signed, t.signed, 'count'],
      ['协议投资额（亿元）', g.agreedInvestment, t.agreedInvestment, 'yi'],
      ['主导产业占比', g.leadingShare, t.leadingShare, 'rate'],
      ['当年开工率', g.sameYearStartRate, t.sameYearStartRate, 'rate'],
    ];
    for (const [name, target, figure, kind] of targetRows) {
      const row = byName.get(name)!;
      expect(row.value('目标'), name).toBe(expected(target, kind));
      expect(row.value('完成'), name).toBe(expected(figure, kind));
      expect(row.value('距目标差距'), name).toBe(expected(Math.max(0, target - figure!), kind));
      if (kind === 'rate') expect([row.format('目标'), row.format('完成'), row.format('距目标差距')]).toEqual(['0.00%', '0.00%', '0.00%']);
    }
    const figureRows: [string, number][] = [
      ['距当年开工率目标还需开工（个）', t.startsNeeded],
      ['主导产业项目（个）', t.leadingSigned],
      ['已开工（个）', t.started],
      ['当年开工（个）', t.startedSameYear],
      ['已投产（个）', t.inProduction],
      ['当年投产（个）', t.producedSameYear],
      ['终止（个）', t.terminated],
      ['红灯（个）', t.alertRed],
      ['黄灯（个）', t.alertYellow],
      ['未解决问题（个）', t.problemsOpen],
      ['逾期问题（个）', t.problemsOverdue],
      ['2024年内开工（含往年签约，个）', view.happenedInYear.started],
      ['2024年内投产（含往年签约，个）', view.happenedInYear.inProduction],
      ['全部项目红灯（不限签约年份，个）', view.live.totals.alertRed],
      ['全部项目黄灯（不限签约年份，个）', view.live.totals.alertYellow],
      ['全部项目未解决问题（个）', view.live.totals.problemsOpen],
      ['全部项目逾期问题（个）', view.live.totals.problemsOverdue],
    ];
    // Exceeded targets show no gap, not a negative one.
    expect(byName.get('新签约亿元以上项目（个）')!.value('距目标差距')).toBe(0);
    expect(byName.get('主导产业占比')!.value('距目标差距')).toBe(0);
    expect(byName.get('当年开工率')!.value('距目标差距')).toBeGreaterThan(0);
    for (const [name, figure] of figureRows) expect(byName.get(name)?.value('完成'), name).toBe(figure);
    expect(rows).toHaveLength(targetRows.length + figureRows.length);
  });

  it('分县区: every district’s figures, ranked as the 龙虎榜, then the total', async () => {
    const { view, workbook } = await report();
    const sheet = workbook.getWorksheet('分县区')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    const { rows } = tableOf(sheet);
    const board = leaderboardOf(view);
    expect(rows).toHaveLength(view.byDistrict.length + 1);
    board.forEach((entry, i) => {
      const row = rows[i]!;
      expect(row.value('龙虎榜排名')).toBe(entry.rank);
      expect(row.value('县区')).toBe(entry.name);
      expectFigures(row, view.byDistrict.find((d) => d.district === entry.district)!, entry.name);
      const live = view.live.byDistrict.find((d) => d.district === entry.district)!;
      expect([
        row.value('全部项目红灯'),
        row.value('全部项目黄灯'),
        row.value('全部项目未解决问题'),
        row.value('全部项目逾期问题'),
      ]).toEqual([live.alertRed, live.alertYellow, live.problemsOpen, live.problemsOverdue]);
    });
    // Best same-year start rate first; the district that signed nothing last, its rate empty.
    const rates = rows.slice(0, -1).map((r) => r.value('当年开工率') as number | null);
    expect(rates.slice(0, -1)).toEqual([...rates.slice(0, -1)].sort((a, b) => b! - a!));
    expect(rows.at(-2)!.value('县区')).toBe('云台山景区');
    expect(rates.at(-1)).toBeNull();
    const total = rows.at(-1)!;
    expect(total.value('县区')).toBe('合计');
    expect(total.value('龙虎榜排名')).toBeNull();
    expectFigures(total, view.totals, '合计');
    expect(total.value('全部项目红灯')).toBe(view.live.totals.alertRed);
  });

  it('分产业: every industry’s figures, the leading ones marked ★, then the total', async () => {
    const { view, workbook } = await report();
    const { rows } = tableOf(workbook.getWorksheet('分产业')!);
    expect(rows).toHaveLength(view.byIndustry.length + 1);
    view.byIndustry.forEach((industry, i) => {
      const row = rows[i]!;
      expect(row.value('产业')).toBe(industry.name);
      expect(row.value('主导产业'), industry.name).toBe(industry.leading ? '★' : null);
      expectFigures(row, industry, industry.name);
    });
    expect(rows.filter((r) => r.value('主导产业') === '★').map((r) => r.value('产业'))).toEqual(['石化', '生物医药', '新材料', '新能源']);
    expectFigures(rows.at(-1)!, view.totals, '合计');
  });

  it('月度: each month of signing, with running totals from January', async () => {
    const { view, workbook } = await report();
    const { rows } = tableOf(workbook.getWorksheet('月度')!);
    expect(rows).toHaveLength(13);
    let signed = 0;
    let investment = 0;
    let startedSameYear = 0;
    view.byMonth.forEach((month, i) => {
      const row = rows[i]!;
      expect(row.value('签约月份')).toBe(`${i + 1}月`);
      expectFigures(row, month, month.month);
      signed += month.signed;
      investment += month.agreedInvestment;
      startedSameYear += month.startedSameYear;
      expect(row.value('累计签约项目数')).toBe(signed);
      expect(row.value('累计协议投资额（亿元）')).toBe(investment / 1e8);
      expect(row.value('累计当年开工')).toBe(startedSameYear);
      expect(row.value('累计当年开工率')).toBe(signed > 0 ? startedSameYear / signed : null);
    });
    expect(signed).toBe(view.totals.signed);
    expect(rows[11]!.value('累计当年开工率')).toBe(view.totals.sameYearStartRate);
    expect(rows[11]!.format('累计当年开工率')).toBe('0.00%');
    expectFigures(rows[12]!, view.totals, '合计');
  });

  it('项目清单: every project of the year’s cohort, by signing date, in the list’s columns', async () => {
    const { projects, workbook } = await report();
    const { titles, rows } = tableOf(workbook.getWorksheet('项目清单')!);
    expect(titles.slice(0, 12)).toEqual([
      '项目编号',
      '项目名称',
      '投资方',
      '所在地区',
      '产业',
      '协议投资额（亿元）',
      '资金来源',
      '币种',
      '协议投资额（万美元）',
      '汇率',
      '汇率日期',
      '签约日期',
    ]);
    const cohort = projects
      .filter((p) => p.signedOn.startsWith('2024'))
      .sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.projectId.localeCompare(b.projectId));
    expect(rows.map((r) => r.value('项目编号'))).toEqual(cohort.map((p) => p.projectId));
    expect(rows.map((r) => r.value('协议投资额（亿元）'))).toEqual(cohort.map((p) => p.agreedInvestment / 1e8));
    expect(rows.map((r) => (r.value('签约日期') as Date).toISOString().slice(0, 10))).toEqual(cohort.map((p) => p.signedOn));
  });
});

// ---- 新签约项目情况表 -------------------------------------------------------------------------------

/**
 * The register with 外资: every third project agreed in US dollars (at the boundaries of the bands:
 * US$10M, 30M, 100M, and between), every fifth of the rest 外资 in yuan, amounts that round at the
 * half cent of 亿元 (¥100,500,000 is 1.005 亿元: 1.01, though 1.005 × 100 is 100.49999… in floating point).
 */
function investmentRegister(): ProjectSnapshot[] {
  const dollars = [10_000_000, 29_999_999, 30_000_000, 99_999_999, 100_000_000, 12_345_678, 250_500_000];
  const rates = ['7.10', '7.1', '6.9876', '7.2'];
  return register().map((p, i) => {
    if (i % 3 === 0) {
      const original = dollars[i % dollars.length]!;
      const fxRate = rates[i % rates.length]!;
      return {
        ...p,
        capitalSource: 'foreign',
        currency: 'USD',
        agreedInvestmentOriginal: original,
        fxRate,
        fxRateOn: p.signedOn,
        agreedInvestment: yuanOf(original, fxRate),
      };
    }
    const yuan = [100_500_000, 500_000_000, 499_999_999, 1_000_000_000, p.agreedInvestment][i % 5]!;
    return { ...p, capitalSource: i % 5 === 1 ? 'foreign' : 'domestic', agreedInvestment: yuan, agreedInvestmentOriginal: yuan };
  });
}

/** The city's targets and three districts' own (one of them 0: a target, but no completion). */
const DISTRICT_TARGETS = {
  ...TARGETS,
  byDistrict: { haizhou: { signed: 10 }, xuwei: { signed: 6, agreedInvestment: 5e9 }, ganyu: { signed: 0 } },
};

/** 亿 units (yuan or dollars ÷ 10^8) to two decimals, half up, exactly. */
const twoDecimals = (units: number) => Number((BigInt(units) * 100n + 50_000_000n) / 100_000_000n) / 100;

describe('新签约项目情况表: the city’s table of signings, every figure the rollup view’s', () => {
  async function signings() {
    const projects = investmentRegister();
    const rows = mergeCohortCounters(projects.flatMap((p) => contribution(p, LIANYUNGANG)));
    const view = composeRollupView(YEAR, rows, DISTRICT_TARGETS, LIANYUNGANG, AS_OF);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await yearReportXlsx(view, projects, LIANYUNGANG)) as never);
    return { view, sheet: workbook.getWorksheet('新签约项目情况表')! };
  }

  it('the fixture has 外资 in dollars and in yuan, every band, and targets set and not', async () => {
    const { view } = await signings();
    const t = view.totals;
    expect(t.foreign.agreedUsd).toBeGreaterThan(0);
    expect(t.domestic.count).toBeGreaterThan(0);
    // 外资 in yuan too: its projects are more than those agreed in dollars, whose yuan are in its 亿元.
    expect(t.foreign.count).toBeGreaterThan(
      investmentRegister().filter((p) => p.signedOn.startsWith('2024') && p.currency === 'USD').length,
    );
    expect(t.domestic.count + t.foreign.count).toBe(t.signed);
    for (const band of ['B1', 'B5', 'B10'] as const) expect(t.bands[band].count, band).toBeGreaterThan(0);
    expect(t.bands.B5.count).toBeLessThan(t.bands.B1.count);
    expect(view.byDistrict.find((d) => d.district === 'haizhou')!.progress.signed.target).toBe(10);
    expect(view.byDistrict.find((d) => d.district === 'lianyun')!.progress.signed.target).toBeNull();
  });

  it('a two-level header: 内资, 外资 and the bands over their columns, the rest over both rows (merged)', async () => {
    const { sheet } = await signings();
    expect(sheet.getCell('A1').value).toBe('2024年新签约项目情况表（截至 2025-10-01）');
    expect(sheet.getCell('L1').isMerged).toBe(true);
    const top = (sheet.getRow(2).values as unknown[]).slice(1);
    const under = (sheet.getRow(3).values as unknown[]).slice(1);
    // exceljs gives a merged cell's value in each cell it covers.
    expect(top).toEqual([
      '县区',
      '项目总数（个）',
      '总投资（亿元）',
      '内资',
      '内资',
      '外资',
      '外资',
      '按投资规模（个）',
      '按投资规模（个）',
      '按投资规模（个）',
      '年度目标（个）',
      '完成率',
    ]);
    expect(under).toEqual([
      '县区',
      '项目总数（个）',
      '总投资（亿元）',
      '项目数（个）',
      '亿元',
      '项目数（个）',
      '亿美元',
      '亿元以上',
      '5亿元以上',
      '10亿元以上',
      '年度目标（个）',
      '完成率',
    ]);
    for (const address of ['A3', 'B3', 'E2', 'G2', 'I2', 'J2', 'L3']) expect(sheet.getCell(address).isMerged, address).toBe(true);
    for (const address of ['D3', 'E3', 'H3']) expect(sheet.getCell(address).isMerged, address).toBe(false);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, xSplit: 1 });
  });

  it('one row per district in the configuration’s order, then 合计: each figure the view’s row, 亿 to two decimals', async () => {
    const { view, sheet } = await signings();
    const titles = [2, 3].map((r) => (sheet.getRow(r).values as unknown[]).slice(1) as string[]);
    const key = (i: number) => (titles[0]![i] === titles[1]![i] ? titles[0]![i]! : `${titles[0]![i]}/${titles[1]![i]}`);
    const rowAt = (r: number) => {
      const values = (sheet.getRow(r).values as unknown[]).slice(1);
      return Object.fromEntries(titles[0]!.map((_, i) => [key(i), values[i] ?? null]));
    };
    const expectedOf = (name: string, row: (typeof view.byDistrict)[number] | typeof view.totals) => ({
      县区: name,
      '项目总数（个）': row.signed,
      '总投资（亿元）': twoDecimals(row.agreedInvestment),
      '内资/项目数（个）': row.domestic.count,
      '内资/亿元': twoDecimals(row.domestic.agreedInvestment),
      '外资/项目数（个）': row.foreign.count,
      '外资/亿美元': twoDecimals(row.foreign.agreedUsd),
      '按投资规模（个）/亿元以上': row.bands.B1.count,
      '按投资规模（个）/5亿元以上': row.bands.B5.count,
      '按投资规模（个）/10亿元以上': row.bands.B10.count,
      '年度目标（个）': row.progress.signed.target,
      完成率: row.progress.signed.completion,
    });
    expect(view.byDistrict.map((d) => d.name)).toEqual(LIANYUNGANG.districts.map((d) => d.name));
    view.byDistrict.forEach((d, i) => {
      expect(rowAt(4 + i), d.name).toEqual(expectedOf(d.name, d));
    });
    const total = 4 + view.byDistrict.length;
    expect(rowAt(total)).toEqual(expectedOf('合计', view.totals));
    expect(rowAt(total)['年度目标（个）']).toBe(TARGETS.signed);
    // Blank where no target; a target of 0 shows, its completion does not.
    const byName = (code: string) => rowAt(4 + view.byDistrict.findIndex((d) => d.district === code));
    expect(byName('lianyun')['年度目标（个）']).toBeNull();
    expect(byName('ganyu')['年度目标（个）']).toBe(0);
    expect(byName('ganyu').完成率).toBeNull();
    expect(byName('haizhou').完成率).toBe(view.byDistrict.find((d) => d.district === 'haizhou')!.signed / 10);
    // Formats: 亿 with two decimals, completion as a percentage.
    const totalRow = sheet.getRow(total);
    expect([5, 7, 3].map((c) => totalRow.getCell(c).numFmt)).toEqual(['0.00', '0.00', '0.00']);
    expect(totalRow.getCell(12).numFmt).toBe('0.00%');
    expect(sheet.getRow(total + 1).getCell(1).value).toMatch(/^注：外资（亿美元）/);
    // Under it, the projects of ¥50亿 and more by name, as many as the view counts.
    const { B50, B100 } = view.totals.bands;
    expect(sheet.getRow(total + 3).getCell(1).value).toBe(`50亿元以上项目 ${B50.count} 个（其中100亿元以上 ${B100.count} 个）`);
    expect(sheet.rowCount).toBe(total + 4 + B50.count);
  });

  it('names the projects of ¥50亿 and more under the table, largest first, as many as the view’s B50', async () => {
    const large = [
      project({ projectId: 'BIG-1', name: '百亿级石化基地', district: 'xuwei', agreedInvestment: 12_000_000_000, signedOn: '2024-03-01' }),
      project({
        projectId: 'BIG-2',
        name: '=HYPERLINK("x")',
        district: 'haizhou',
        agreedInvestment: 5_000_000_000,
        signedOn: '2024-04-01',
      }),
      // US$704.3M at 7.10 is ¥50.0053亿: B50 on its yuan.
      {
        ...project({ projectId: 'BIG-3', name: '外资新能源项目', district: 'ganyu', signedOn: '2024-05-01' }),
        capitalSource: 'foreign' as const,
        currency: 'USD' as const,
        agreedInvestmentOriginal: 704_300_000,
        fxRate: '7.10',
        fxRateOn: '2024-05-01',
        agreedInvestment: yuanOf(704_300_000, '7.10'),
      },
      project({ projectId: 'BIG-4', name: '差一元', agreedInvestment: 4_999_999_999, signedOn: '2024-06-01' }),
      project({ projectId: 'BIG-5', name: '去年的', agreedInvestment: 20_000_000_000, signedOn: '2023-06-01' }),
    ];
    const projects = large;
    const view = composeRollupView(
      YEAR,
      mergeCohortCounters(projects.flatMap((p) => contribution(p, LIANYUNGANG))),
      TARGETS,
      LIANYUNGANG,
      AS_OF,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await yearReportXlsx(view, projects, LIANYUNGANG)) as never);
    const sheet = workbook.getWorksheet('新签约项目情况表')!;
    const at = 4 + view.byDistrict.length + 3;
    // And a year without any says so.
    const none = composeRollupView(2022, [], TARGETS, LIANYUNGANG, AS_OF);
    const empty = new ExcelJS.Workbook();
    await empty.xlsx.load((await yearReportXlsx(none, projects, LIANYUNGANG)) as never);
    expect(empty.getWorksheet('新签约项目情况表')!.getRow(at).getCell(1).value).toBe('50亿元以上项目：无');
    expect(view.totals.bands.B50.count).toBe(3);
    expect(sheet.getRow(at).getCell(1).value).toBe('50亿元以上项目 3 个（其中100亿元以上 1 个）');
    expect((sheet.getRow(at + 1).values as unknown[]).slice(1)).toEqual([
      '项目编号',
      '项目名称',
      '所在地区',
      '协议投资额（亿元）',
      '资金来源',
      '规模',
    ]);
    const named = [1, 2, 3].map((i) => (sheet.getRow(at + 1 + i).values as unknown[]).slice(1));
    expect(named).toEqual([
      ['BIG-1', '百亿级石化基地', '徐圩新区', 120, '内资', '100亿元以上'],
      ['BIG-3', '外资新能源项目', '赣榆区', 50.01, '外资', '50亿元以上'],
      ['BIG-2', '=HYPERLINK("x")', '海州区', 50, '内资', '50亿元以上'],
    ]);
    // A name that looks like a formula is text, never a formula.
    expect(sheet.getRow(at + 4).getCell(2).formula).toBeUndefined();
    expect(sheet.rowCount).toBe(at + 4);
  });

  it('amounts are rounded exactly from integer yuan and dollars, not through floating point', async () => {
    const { view } = await signings();
    // The fixture's sums are not whole hundredths of 亿: the rounding is exercised.
    const sums = [view.totals.agreedInvestment, view.totals.domestic.agreedInvestment, view.totals.foreign.agreedUsd];
    expect(sums.some((units) => units % 1_000_000 !== 0)).toBe(true);
    expect(twoDecimals(100_500_000)).toBe(1.01);
    expect(Math.round((100_500_000 / 1e8) * 100) / 100).toBe(1); // what floating point would have shown
  });
});
