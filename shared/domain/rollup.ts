// Rollup math. A project's contribution is a pure function of its state; an event's delta is
// contribution(after) − contribution(before). Summed over a project's events the deltas telescope
// to contribution(current state) in any order, so rollups are a pure function of the projects.
import type { CityConfig, Targets } from './city-config';
import { cohortId, type CohortCounters, type CohortScope, type CounterName, type Counters } from './cohort';
import { datedContribution } from './dated-rollup';
import { monthOf, yearOf } from './dates';
import { investmentCounters } from './investment-counters';
import type { ProjectSnapshot } from './project';

export * from './cohort';

/** What one project in this state adds to each cohort. */
export function contribution(p: ProjectSnapshot, config: CityConfig): CohortCounters[] {
  const year = yearOf(p.signedOn);
  const leading = config.industries.some((i) => i.code === p.industry && i.leading);
  const counters: Partial<Counters> = {
    signed: 1,
    agreedInvestment: p.agreedInvestment,
    leadingSigned: leading ? 1 : 0,
    started: p.startedOn ? 1 : 0,
    startedSameYear: p.startedOn && yearOf(p.startedOn) === year ? 1 : 0,
    inProduction: p.producedOn ? 1 : 0,
    producedSameYear: p.producedOn && yearOf(p.producedOn) === year ? 1 : 0,
    terminated: p.terminatedOn ? 1 : 0,
    ...investmentCounters(p),
  };
  const live: Partial<Counters> = {
    alertRed: p.alert?.level === 'red' ? 1 : 0,
    alertYellow: p.alert?.level === 'yellow' ? 1 : 0,
    problemsOpen: p.openProblems?.length ?? 0,
    problemsOverdue: p.openProblems?.filter((o) => o.overdue).length ?? 0,
  };
  Object.assign(counters, live);
  const scopes: CohortScope[] = [
    { kind: 'total' },
    { kind: 'district', code: p.district },
    { kind: 'industry', code: p.industry },
    { kind: 'month', month: monthOf(p.signedOn) },
  ];
  const result: CohortCounters[] = scopes.map((scope) => ({ cohort: { view: 'signed', year, scope }, counters }));

  const happened = (date: string | undefined, counter: 'started' | 'inProduction') => {
    if (!date) return;
    const y = yearOf(date);
    result.push({ cohort: { view: 'happened', year: y, scope: { kind: 'total' } }, counters: { [counter]: 1 } });
    result.push({
      cohort: { view: 'happened', year: y, scope: { kind: 'district', code: p.district } },
      counters: { [counter]: 1 },
    });
  };
  happened(p.startedOn, 'started');
  happened(p.producedOn, 'inProduction');
  if (Object.values(live).some((v) => v !== 0)) {
    result.push({ cohort: { view: 'live', year: 0, scope: { kind: 'total' } }, counters: live });
    result.push({ cohort: { view: 'live', year: 0, scope: { kind: 'district', code: p.district } }, counters: live });
  }
  result.push(...datedContribution(p, scopes, leading));
  return result;
}

/** Sums cohort counters per cohort, dropping counters (and cohorts) that net to zero. */
export function mergeCohortCounters(parts: Iterable<CohortCounters>, sign: 1 | -1 = 1): CohortCounters[] {
  const merged = new Map<string, CohortCounters>();
  for (const part of parts) addInto(merged, part, sign);
  return withoutZeros(merged);
}

/** The change an event makes to the rollups: contribution(after) − contribution(before). */
export function delta(before: ProjectSnapshot | null, after: ProjectSnapshot | null, config: CityConfig): CohortCounters[] {
  const merged = new Map<string, CohortCounters>();
  if (after) for (const part of contribution(after, config)) addInto(merged, part, 1);
  if (before) for (const part of contribution(before, config)) addInto(merged, part, -1);
  return withoutZeros(merged);
}

function addInto(merged: Map<string, CohortCounters>, part: CohortCounters, sign: 1 | -1): void {
  const id = cohortId(part.cohort);
  let entry = merged.get(id);
  if (!entry) {
    entry = { cohort: part.cohort, counters: {} };
    merged.set(id, entry);
  }
  for (const [name, value] of Object.entries(part.counters) as [CounterName, number][]) {
    entry.counters[name] = (entry.counters[name] ?? 0) + sign * value;
  }
}

function withoutZeros(merged: Map<string, CohortCounters>): CohortCounters[] {
  const result: CohortCounters[] = [];
  for (const entry of merged.values()) {
    const counters = Object.fromEntries(Object.entries(entry.counters).filter(([, v]) => v !== 0));
    if (Object.keys(counters).length > 0) result.push({ cohort: entry.cohort, counters });
  }
  return result;
}

export interface DerivedFigures {
  /** startedSameYear / signed, or null where nothing was signed. */
  sameYearStartRate: number | null;
  /** leadingSigned / signed, or null where nothing was signed. */
  leadingShare: number | null;
  /** Same-year starts still needed to reach the target rate (0 once reached). */
  startsNeeded: number;
}

export function deriveFigures(c: Pick<Counters, 'signed' | 'startedSameYear' | 'leadingSigned'>, targets: Targets): DerivedFigures {
  return {
    sameYearStartRate: c.signed > 0 ? c.startedSameYear / c.signed : null,
    leadingShare: c.signed > 0 ? c.leadingSigned / c.signed : null,
    startsNeeded: Math.max(0, ceilOfProduct(targets.sameYearStartRate, c.signed) - c.startedSameYear),
  };
}

/** ceil(rate × n) without binary floating-point noise (0.7 × 10 is 7, not 8). */
function ceilOfProduct(rate: number, n: number): number {
  return Math.ceil(Math.round(rate * n * 1e6) / 1e6);
}
