// A realistic demo data set: about 1,800 projects signed over this year and the three before across
// the city's districts and industries, with starts, productions, terminations and corrections, posted
// through the same commands as the API on the days they happened, so events, rollups, the
// leaderboard, the stalled list, the traffic lights and the chase list all have something to show,
// and the start rate's projection has two years to compare with and a year to be backtested on.
import { ulid } from 'ulid';
import type { CityConfig, Targets } from '../shared/domain/city-config';
import { executeCommand, executeProblemCommand } from '../shared/commands/execute';
import { addDays, businessDateOf, daysBetween, yearOf } from '../shared/domain/dates';
import { PROBLEM_CATEGORIES } from '../shared/domain/problem-categories';
import type { ProblemCommand } from '../shared/domain/problems';
import type { ProjectCommand } from '../shared/domain/project';
import { sweepAlerts } from '../shared/monitoring/alert-sweep';
import type { ProblemStore } from '../shared/store/problem-store';
import type { ProjectStore } from '../shared/store/project-store';
import type { RollupStore } from '../shared/store/rollup-store';

type DemoCommand = ProjectCommand | ProblemCommand;

const PROBLEMS: Record<(typeof PROBLEM_CATEGORIES)[number]['code'], [string, string]> = {
  land: ['用地指标未落实，需市里统筹调剂', '市自然资源和规划局'],
  planning: ['规划许可待审批，方案需调整', '市自然资源和规划局'],
  environment: ['环评批复未取得', '市生态环境局'],
  energy: ['能耗指标不足，需省里支持', '市发展改革委'],
  finance: ['项目融资未到位', '市地方金融监管局'],
  utilities: ['供电接入容量不足', '国网连云港供电公司'],
  demolition: ['地块征迁尚未完成', '属地政府'],
  other: ['施工许可手续办理中', '市住房城乡建设局'],
};

const NAMES = [
  '高端装备制造基地',
  '新材料产业园',
  '生物医药研发中心',
  '光伏组件项目',
  '港口物流园',
  '数据中心',
  '精细化工项目',
  '冷链物流中心',
  '文旅综合体',
  '智能制造产业园',
  '氢能装备项目',
  '现代农业示范园',
];
const INVESTORS = [
  ['恒瑞', '江苏恒瑞投资有限公司'],
  ['盛虹', '盛虹集团'],
  ['神鹰', '中复神鹰碳纤维'],
  ['天晴', '正大天晴药业'],
  ['中化', '中化国际'],
  ['上电', '上海电气集团'],
  ['港口', '连云港港口集团'],
  ['日升', '东方日升新能源'],
  ['卫星', '卫星化学'],
  ['斯尔邦', '斯尔邦石化'],
] as const;
const UNITS = ['招商局', '商务局', '发改委', '工信局'];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same data set every time. */
export function seededRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Districts are not equally busy: the leaderboard needs leaders and laggards. */
function districtWeights(config: CityConfig): number[] {
  return config.districts.map((_, i) => 1 + ((i * 7) % 5));
}

/** Projects the demo signs a year, about: its targets are set to it. */
const DEMO_SIGNED_A_YEAR = 450;

/**
 * The demo's targets for a year: the city's, scaled to the demo's size, and each district's by its
 * share of the signings, so that 总览 has districts ahead of and behind the time elapsed. The last
 * district is left without one, as a district the bureau has not set a target for.
 */
export function demoTargets(config: CityConfig, weights = districtWeights(config)): Targets {
  const total = weights.reduce((a, b) => a + b, 0);
  const perProject = 400_000_000; // 4亿元 a project, as the city's own targets assume
  const byDistrict = Object.fromEntries(
    config.districts.slice(0, -1).map((d, i) => {
      const signed = Math.round((DEMO_SIGNED_A_YEAR * weights[i]!) / total);
      return [d.code, { signed, agreedInvestment: signed * perProject }];
    }),
  );
  return {
    ...config.defaultTargets,
    signed: DEMO_SIGNED_A_YEAR,
    agreedInvestment: DEMO_SIGNED_A_YEAR * perProject,
    byDistrict,
  };
}

/** Yuan per US dollar by year, roughly as it was (the rate of the signing day's year). */
const DEMO_RATES: Record<string, string> = { '2023': '7.05', '2024': '7.12', '2025': '7.18', '2026': '7.10' };

/**
 * About one project in eight is foreign capital (外资), most of those agreed in US dollars; amounts
 * skew small, as a register's do, so the bands thin out from ¥1亿 / US$10M up to a few ¥50亿 ones.
 */
function demoInvestment(next: () => number, config: CityConfig, signedOn: string) {
  // A few projects of ¥50亿 and more, which the city names in its reports.
  const size = next() < 0.008 ? 50 + next() * 70 : 1 + next() ** 4 * 15;
  if (next() >= 0.12) return { agreedInvestment: Math.round(config.minAgreedInvestment * size) };
  if (next() < 0.3) return { capitalSource: 'foreign' as const, agreedInvestment: Math.round(config.minAgreedInvestment * size) };
  return {
    capitalSource: 'foreign' as const,
    currency: 'USD' as const,
    // Whole ten thousands of dollars: registers give 万美元.
    agreedInvestmentOriginal: Math.round((config.minAgreedInvestmentUsd * size) / 10_000) * 10_000,
    fxRate: DEMO_RATES[signedOn.slice(0, 4)] ?? '7.10',
    fxRateOn: signedOn,
  };
}

/** The demo's commands in the order they happened, each with its business date. */
export function demoCommands(config: CityConfig, today: string, count = 1800): { on: string; command: DemoCommand }[] {
  const next = seededRandom(20_260_101);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const thisYear = yearOf(today);
  const firstDay = `${thisYear - 3}-01-02`;
  const span = Math.max(1, Math.round((Date.parse(today) - Date.parse(firstDay)) / 86_400_000));
  // Districts are not equally busy: the leaderboard needs leaders and laggards.
  const weights = districtWeights(config);
  const district = () => {
    let r = next() * weights.reduce((a, b) => a + b, 0);
    for (const [i, w] of weights.entries()) {
      r -= w;
      if (r < 0) return config.districts[i]!.code;
    }
    return config.districts.at(-1)!.code;
  };
  const leading = config.industries.filter((i) => i.leading);
  const out: { on: string; command: DemoCommand }[] = [];
  for (let i = 0; i < count; i++) {
    const signedOn = addDays(firstDay, Math.floor(next() * span));
    const projectId = `LYG-${signedOn.slice(0, 4)}-${String(i + 1).padStart(4, '0')}`;
    const dq = district();
    const investor = pick(INVESTORS);
    const plannedStartOn = next() < 0.8 ? addDays(signedOn, 20 + Math.floor(next() * 160)) : undefined;
    const plannedProductionOn = plannedStartOn && next() < 0.6 ? addDays(plannedStartOn, 150 + Math.floor(next() * 250)) : undefined;
    const investment = demoInvestment(next, config, signedOn);
    out.push({
      on: signedOn,
      command: {
        type: 'sign',
        projectId,
        name: `${investor[0]}${pick(NAMES)}`,
        investor: investor[1],
        district: dq,
        // About 70% leading industries and 4亿元 a project on average, like the targets.
        industry: next() < 0.55 ? pick(leading).code : pick(config.industries).code,
        ...investment,
        signedOn,
        plannedStartOn,
        plannedProductionOn,
        responsibleUnit: `${config.districts.find((d) => d.code === dq)!.name}${pick(UNITS)}`,
      },
    });
    const fate = next();
    // A project with a planned start mostly starts near it; one without starts less often, and later.
    const startedOn = plannedStartOn
      ? addDays(plannedStartOn, Math.max(5 - daysBetween(signedOn, plannedStartOn), -15 + Math.floor(next() * 90)))
      : addDays(signedOn, 15 + Math.floor(next() * (fate < 0.3 ? 90 : 300)));
    const starts = fate < (plannedStartOn ? 0.66 : 0.45);
    // About one project in ten reports a problem a few weeks after signing; most are cleared.
    if (next() < 0.1) {
      // Raised before any termination (30 days after signing at the earliest) or production.
      const raisedOn = addDays(signedOn, 5 + Math.floor(next() * 20));
      const category = pick(PROBLEM_CATEGORIES).code;
      const [description, responsibleUnit] = PROBLEMS[category];
      const problemId = ulid(Date.parse(`${raisedOn}T02:00:00Z`), next);
      const dueOn = addDays(raisedOn, 20 + Math.floor(next() * 60));
      if (raisedOn <= today) {
        out.push({ on: raisedOn, command: { type: 'raiseProblem', projectId, problemId, category, description, responsibleUnit, dueOn } });
        const resolvedOn = addDays(raisedOn, 10 + Math.floor(next() * 90));
        // Resolved before the project is terminated or produces (which would close it); some early
        // terminations (fate > 0.96, from 30 days) close theirs instead.
        if (next() < 0.6 && resolvedOn <= today && fate <= 0.96) {
          out.push({ on: resolvedOn, command: { type: 'resolveProblem', projectId, problemId, resolvedOn, resolution: '经协调已解决' } });
        }
      }
    }
    if (starts && startedOn <= today) {
      out.push({ on: startedOn, command: { type: 'start', projectId, startedOn } });
      const producedOn = addDays(startedOn, 120 + Math.floor(next() * 300));
      if (next() < 0.5 && producedOn <= today) out.push({ on: producedOn, command: { type: 'produce', projectId, producedOn } });
    } else if (fate > 0.96) {
      const terminatedOn = addDays(signedOn, 30 + Math.floor(next() * 120));
      if (terminatedOn <= today)
        out.push({ on: terminatedOn, command: { type: 'terminate', projectId, terminatedOn, reason: '投资方调整战略，项目终止' } });
    } else if (fate > 0.78) {
      // Most projects that never start are weeded out within the year, as the bureau's reviews do.
      const terminatedOn = addDays(signedOn, 180 + Math.floor(next() * 150));
      if (terminatedOn <= today)
        out.push({ on: terminatedOn, command: { type: 'terminate', projectId, terminatedOn, reason: '长期未开工，经研判终止' } });
    }
    if (next() < 0.05) {
      const on = addDays(signedOn, 3 + Math.floor(next() * 10));
      if (on <= today) {
        out.push({
          on,
          command: {
            type: 'correct',
            projectId,
            ...(investment.currency === 'USD'
              ? { agreedInvestmentOriginal: Math.round(config.minAgreedInvestmentUsd * (2 + next() * 10)) }
              : { agreedInvestment: Math.round(config.minAgreedInvestment * (2 + next() * 20)) }),
            reason: '按正式合同更正协议投资额',
          },
        });
      }
    }
  }
  // Each command on its day; a correction before a start on the same project is fine either way.
  return out.sort((a, b) => a.on.localeCompare(b.on));
}

export async function loadDemo(
  projects: ProjectStore,
  problems: ProblemStore,
  rollups: RollupStore,
  config: CityConfig,
  now = new Date(),
  onProgress?: (done: number, total: number) => void,
) {
  const today = businessDateOf(now);
  const commands = demoCommands(config, today);
  for (let year = yearOf(today) - 3; year <= yearOf(today); year++) await rollups.putTargets(year, demoTargets(config));
  let done = 0;
  let changed = 0;
  // A few at a time: the pipeline behind the table keeps up, and order within a project holds
  // because a project's commands run in one lane.
  const lanes = new Map<string, { on: string; command: DemoCommand }[]>();
  for (const c of commands) lanes.set(c.command.projectId, [...(lanes.get(c.command.projectId) ?? []), c]);
  const queue = [...lanes.values()];
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const { on, command } of lane) {
        const options = { actor: 'demo', config, now: new Date(`${on}T02:00:00Z`) };
        const result = isProblemCommand(command)
          ? await executeProblemCommand(projects, problems, command, options)
          : await executeCommand(projects, command, options);
        if (result.outcome === 'changed') changed += 1;
        if (++done % 250 === 0 || done === commands.length) onProgress?.(done, commands.length);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  // Each command judged its project's light on its own day: today's are the sweep's.
  const sweep = await sweepAlerts({ projects, problems, config, now });
  return { commands: commands.length, changed: changed + sweep.changed };
}

function isProblemCommand(command: DemoCommand): command is ProblemCommand {
  return command.type === 'raiseProblem' || command.type === 'updateProblem' || command.type === 'resolveProblem';
}
