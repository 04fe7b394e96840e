// Traffic-light alerts (红黄绿灯预警): a pure function of a project and today's business date, with
// the thresholds from the city configuration (DESIGN.md, "Life-cycle monitoring").
import type { Alert, AlertReason, OpenProblem, ProjectSnapshot } from '../../events';
import type { CityConfig } from './city-config';
import { daysBetween } from './dates';
import { problemCategoryName } from './problem-categories';

export type AlertLevel = Alert['level'];

const SEVERITY: Record<AlertLevel, number> = { green: 0, yellow: 1, red: 2 };

/** The level and reasons of a project today; null for a project in production or terminated. */
export function alertOf(p: ProjectSnapshot, today: string, config: Pick<CityConfig, 'alerts'>): Omit<Alert, 'since'> | null {
  if (p.producedOn || p.terminatedOn) return null;
  const t = config.alerts;
  const reasons: AlertReason[] = [];
  const late = (date: string, rule: AlertReason['rule'], redAfter: number, extra: Partial<AlertReason> = {}) => {
    const days = daysBetween(date, today);
    if (days > 0) reasons.push({ rule, level: days > redAfter ? 'red' : 'yellow', date, ...extra });
  };
  if (!p.startedOn) {
    const days = daysBetween(p.signedOn, today);
    if (days > t.yellowAfterDays) {
      reasons.push({ rule: 'notStarted', level: days > t.redAfterDays ? 'red' : 'yellow', date: p.signedOn });
    }
    if (p.plannedStartOn) late(p.plannedStartOn, 'plannedStartPassed', t.plannedGraceDays);
  } else if (p.plannedProductionOn) {
    late(p.plannedProductionOn, 'plannedProductionPassed', t.productionGraceDays);
  }
  for (const problem of p.openProblems ?? []) {
    late(problem.dueOn, 'problemOverdue', t.plannedGraceDays, {
      problemId: problem.problemId,
      category: problem.category,
      responsibleUnit: problem.responsibleUnit,
    });
  }
  const level = reasons.reduce<AlertLevel>((worst, r) => (SEVERITY[r.level] > SEVERITY[worst] ? r.level : worst), 'green');
  return { level, reasons };
}

/**
 * The project with its alert and its open problems' overdue marks evaluated for today: `since`
 * kept while the level stays, today when it moves. What every command writes and the sweep checks.
 */
export function assessed(p: ProjectSnapshot, today: string, config: Pick<CityConfig, 'alerts'>): ProjectSnapshot {
  const { alert: previous, openProblems, ...rest } = p;
  const next = alertOf(p, today, config);
  const problems = openProblems?.map((o): OpenProblem => ({ ...o, overdue: daysBetween(o.dueOn, today) > 0 }));
  return {
    ...rest,
    ...(next
      ? { alert: { level: next.level, since: previous?.level === next.level ? previous.since : today, reasons: next.reasons } }
      : {}),
    ...(problems && problems.length > 0 ? { openProblems: problems } : {}),
  };
}

/** True when time alone has moved what the project carries of its alert or its problems' overdue marks. */
export function assessmentDiffers(a: ProjectSnapshot, b: ProjectSnapshot): boolean {
  return JSON.stringify([a.alert ?? null, a.openProblems ?? []]) !== JSON.stringify([b.alert ?? null, b.openProblems ?? []]);
}

/**
 * One reason as a person reads it, with the days counted to `today`: "签约已 95 天未开工". Without
 * `unit`, a problem's responsible unit (typed text) is left out, for renderings that cannot escape it.
 */
export function reasonText(r: AlertReason, today: string, { unit = true }: { unit?: boolean } = {}): string {
  const days = daysBetween(r.date, today);
  switch (r.rule) {
    case 'notStarted':
      return `签约已 ${days} 天未开工`;
    case 'plannedStartPassed':
      return `计划开工日期 ${r.date} 已过 ${days} 天`;
    case 'plannedProductionPassed':
      return `计划投产日期 ${r.date} 已过 ${days} 天`;
    case 'problemOverdue':
      return `问题「${problemCategoryName(r.category ?? 'other')}」逾期 ${days} 天${unit && r.responsibleUnit ? `（${r.responsibleUnit}）` : ''}`;
  }
}

const LEVEL_NAMES: Record<AlertLevel, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' };

export function alertLevelName(level: AlertLevel | undefined): string {
  return level ? LEVEL_NAMES[level] : '无灯';
}

/** What the history says of a sweep's change: "黄灯 → 红灯：签约已 91 天未开工". */
export function alertChangeText(before: Alert | undefined, after: Alert | undefined, today: string): string {
  const head = `${alertLevelName(before?.level)} → ${alertLevelName(after?.level)}`;
  const reasons = (after?.reasons ?? []).map((r) => reasonText(r, today));
  return reasons.length > 0 ? `${head}：${reasons.join('；')}` : head;
}
