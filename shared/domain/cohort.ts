// Rollup cohorts and their counters: what a rollup item is keyed by and holds.
import { INVESTMENT_COUNTERS } from './investment-counters';
import { OPEN_COUNTERS, type OpenCounterName, type OpenStartedCounterName } from './open-buckets';

export const COUNTERS = [
  'signed',
  'agreedInvestment',
  'leadingSigned',
  'started',
  'startedSameYear',
  'inProduction',
  'producedSameYear',
  'terminated',
  /** The project's traffic light, as last evaluated (a command, or the daily sweep). */
  'alertRed',
  'alertYellow',
  'problemsOpen',
  /** Open problems past their due date, as last evaluated. */
  'problemsOverdue',
  ...INVESTMENT_COUNTERS,
] as const;
/** A counter of a rollup row. */
export type RowCounterName = (typeof COUNTERS)[number];
export type CounterName = RowCounterName | OpenCounterName | OpenStartedCounterName;
/** Every counter a rollup item may hold: the row counters, and the dated view's open-project counters. */
export const ALL_COUNTERS: readonly CounterName[] = [...COUNTERS, ...OPEN_COUNTERS];
export type Counters = Record<RowCounterName, number>;

export type CohortScope =
  | { kind: 'total' }
  | { kind: 'district'; code: string }
  | { kind: 'industry'; code: string }
  | { kind: 'month'; month: string };

/**
 * `signed`: projects signed in `year` (all counters).
 * `happened`: starts and productions that happened in `year`, whenever signed (`started`,
 * `inProduction` only): "projects started this year".
 */
export type Cohort =
  | { view: 'signed'; year: number; scope: CohortScope }
  | { view: 'happened'; year: number; scope: { kind: 'total' } | { kind: 'district'; code: string } }
  /** Alerts and problems of every project now, whatever its year (year 0): "how many are red". */
  | { view: 'live'; year: 0; scope: { kind: 'total' } | { kind: 'district'; code: string } }
  /**
   * The `signed` cohort's facts by the business date they happened (`on`: a month "YYYY-MM" or a
   * day "YYYY-MM-DD"; every fact is in both), for figures as of a past date (see dated-rollup.ts).
   */
  | { view: 'dated'; year: number; scope: CohortScope; on: string }
  /** The `happened` view by date: starts and productions of `year` on or before a date. */
  | { view: 'happenedDated'; year: number; scope: { kind: 'total' } | { kind: 'district'; code: string }; on: string };

export interface CohortCounters {
  cohort: Cohort;
  counters: Partial<Record<CounterName, number>>;
}

export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
}

/** A stable in-memory identity for a cohort (for merging; table keys are the store's business). */
export function cohortId(c: Cohort): string {
  const s = c.scope;
  const member = s.kind === 'total' ? '' : s.kind === 'month' ? s.month : s.code;
  const on = c.view === 'dated' || c.view === 'happenedDated' ? `|${c.on}` : '';
  return `${c.view}|${c.year}|${s.kind}|${member}${on}`;
}
