import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { OpenProblem } from '../../../../events';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { addDays } from '../../../../shared/domain/dates';
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

  it('has the five sheets, in order', async () => {
    const { workbook } = await report();
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['总表', '分县区', '分产业', '月度', '项目清单']);
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
