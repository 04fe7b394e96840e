// Where the year stands (DESIGN.md, "Where the year stands"): each figure against its target and
// the time elapsed (序时进度), against the same date last year (同比), and the year-end projection
// of the same-year start rate with its backtest.
import { addYears, yearOf } from './dates';
import type { CohortCounters, CounterName } from './cohort';
import { countersAsOf, lastDayOfMonth } from './dated-rollup';
import { OPEN_BUCKETS, openCounter, openStartedCounter, type OpenBucket, type PlannedStartClass } from './open-buckets';

/** Comparable projects a bucket needs before its own share is used (else its planned-start class). */
export const MIN_COMPARABLE = 20;

/** The date a year's progress is measured at: `date`, or the year's last day once it is over. */
export function progressDate(year: number, date: string): string {
  const last = `${String(year).padStart(4, '0')}-12-31`;
  return date > last ? last : date;
}

/**
 * The date `years` before that a figure on `date` is compared with: the same month-day (29 February
 * becomes the 28th), except that a month's last day is compared with that month's last day, so a
 * report for 1–2月 compares whole months (2025-02-28 with 2024-02-29).
 */
export function comparableDate(date: string, years: number): string {
  const before = addYears(date, -years);
  return lastDayOfMonth(date.slice(0, 7)) === date ? lastDayOfMonth(before.slice(0, 7)) : before;
}

/**
 * The share of the year elapsed at the end of `date`, as the reports count it:
 * (M − 1 + d / daysInMonth) / 12, so M/12 at the end of month M. 0 before the year, 1 after it.
 */
export function paceOf(year: number, date: string): number {
  if (yearOf(date) < year) return 0;
  if (yearOf(date) > year) return 1;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const daysInMonth = Number(lastDayOfMonth(date.slice(0, 7)).slice(8));
  return (month - 1 + day / daysInMonth) / 12;
}

export interface Progress {
  actual: number;
  target: number | null;
  /** actual / target, null without a target (or a target of 0). */
  completion: number | null;
  pace: number;
  /** (completion − pace) in percentage points, two decimals: ≥ 0 is 超序时, < 0 欠序时. */
  paceGap: number | null;
  lastYear: number;
  yoy: number | null;
}

/** The change on last year as a fraction, null where last year's figure is 0. */
export function yoyOf(actual: number, lastYear: number): number | null {
  return lastYear === 0 ? null : (actual - lastYear) / lastYear;
}

export function progressOf(actual: number, target: number | undefined, pace: number, lastYear: number): Progress {
  const completion = target ? actual / target : null;
  return {
    actual,
    target: target ?? null,
    completion,
    pace,
    paceGap: completion === null ? null : roundTo((completion - pace) * 100, 2),
    lastYear,
    yoy: yoyOf(actual, lastYear),
  };
}

function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  // Through a 1e-9 nudge: 0.309 − 0.25 is 0.05899999…, which is 5.90 points, not 5.89.
  return Math.round(value * f + Math.sign(value) * 1e-9) / f;
}

/** The city's total counters of a year as of a date, from the year's dated items. */
export function totalAsOf(rows: readonly CohortCounters[], year: number, date: string): Partial<Record<CounterName, number>> {
  return countersAsOf(rows, year, date).find((r) => r.cohort.view === 'signed' && r.cohort.scope.kind === 'total')?.counters ?? {};
}

/** Where a bucket's share comes from: its own comparable projects, or (fewer than 20) its planned-start class's. */
export type ShareBasis = 'bucket' | 'plannedStart';

export interface BucketProjection {
  /** e.g. "byYearEnd/90": planned start by the year's end, 90–179 days since signing. */
  bucket: string;
  plannedStart: PlannedStartClass;
  /** Lower bound of the age since signing, in days (0, 90, 180). */
  age: number;
  /** This year's open projects in the bucket on the date. */
  projects: number;
  /** Comparable projects of the previous two years (open on the same month-day) the share is from. */
  comparable: number;
  basis: ShareBasis;
  /** The share of those that started by their year's end; null where even the class has fewer than 20. */
  share: number | null;
  expected: number;
}

export interface StartRateProjection {
  /** The date the projection is made at (the year's progress date). */
  asOf: string;
  signed: number;
  startedSameYear: number;
  /** Projected same-year start rate of the projects signed so far; null without enough history to compare. */
  sameYearStartRate: number | null;
  /** Same-year starts expected by the year's end (those made, plus those expected), one decimal. */
  expectedStarts: number | null;
  /** Same-year starts still needed, beyond those expected, to reach the target rate. */
  startsNeededBeyond: number | null;
  buckets: BucketProjection[];
}

/**
 * The year-end projection of the same-year start rate at `date` (within `year`), from the year's
 * dated items and those of the two years before (`history`: dated items of any years).
 */
export function projectStartRate(rows: readonly CohortCounters[], year: number, date: string, targetRate: number): StartRateProjection {
  const now = totalAsOf(rows, year, date);
  const past = [1, 2].map((back) => totalAsOf(rows, year - back, comparableDate(date, back)));
  const count = (c: Partial<Record<CounterName, number>>, name: CounterName) => c[name] ?? 0;
  const sum = (buckets: readonly OpenBucket[], name: (b: OpenBucket) => CounterName) =>
    buckets.reduce((n, b) => n + past.reduce((m, c) => m + count(c, name(b)), 0), 0);
  const shareOver = (buckets: readonly OpenBucket[]) => {
    const comparable = sum(buckets, openCounter);
    return { comparable, share: comparable > 0 ? sum(buckets, openStartedCounter) / comparable : null };
  };
  const signed = count(now, 'signed');
  const startedSameYear = count(now, 'startedSameYear');
  const buckets = OPEN_BUCKETS.map((b): BucketProjection => {
    const projects = count(now, openCounter(b));
    let basis: ShareBasis = 'bucket';
    let found = shareOver([b]);
    if (found.comparable < MIN_COMPARABLE) {
      basis = 'plannedStart';
      found = shareOver(OPEN_BUCKETS.filter((o) => o.plannedStart === b.plannedStart));
      // Too few to say anything (early January, or a new kind of project): no share, no projection.
      if (found.comparable < MIN_COMPARABLE) found = { ...found, share: null };
    }
    return {
      bucket: `${b.plannedStart}/${b.age}`,
      plannedStart: b.plannedStart,
      age: b.age,
      projects,
      comparable: found.comparable,
      basis,
      share: found.share,
      expected: found.share === null ? 0 : projects * found.share,
    };
  });
  const unknown = buckets.some((b) => b.projects > 0 && b.share === null);
  const expected = startedSameYear + buckets.reduce((n, b) => n + b.expected, 0);
  return {
    asOf: date,
    signed,
    startedSameYear,
    sameYearStartRate: unknown || signed === 0 ? null : expected / signed,
    expectedStarts: unknown ? null : roundTo(expected, 1),
    startsNeededBeyond: unknown ? null : Math.max(0, Math.ceil(roundTo(targetRate * signed - expected, 6))),
    buckets,
  };
}

export interface BacktestMonth {
  /** The month-end the projection was made at. */
  on: string;
  projected: number;
  /** The same-year start rate those projects (signed by that day) reached by the year's end. */
  actual: number;
}

export interface Backtest {
  year: number;
  months: BacktestMonth[];
  /** Mean absolute error of the projected rate, a fraction (0.03 is 3 points); null without months. */
  mae: number | null;
}

/**
 * The projection made at each month-end of `year` (a finished year) against the rate those projects
 * actually reached by its end. Month-ends need only the month items of `year` and the two before.
 */
export function backtestProjection(rows: readonly CohortCounters[], year: number): Backtest {
  const months: BacktestMonth[] = [];
  for (let m = 1; m <= 12; m++) {
    const on = lastDayOfMonth(`${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
    const projection = projectStartRate(rows, year, on, 0);
    if (projection.sameYearStartRate === null) continue;
    const total = totalAsOf(rows, year, on);
    const startedLater = OPEN_BUCKETS.reduce((n, b) => n + (total[openStartedCounter(b)] ?? 0), 0);
    months.push({ on, projected: projection.sameYearStartRate, actual: (projection.startedSameYear + startedLater) / projection.signed });
  }
  const mae = months.length === 0 ? null : months.reduce((n, m) => n + Math.abs(m.projected - m.actual), 0) / months.length;
  return { year, months, mae };
}
