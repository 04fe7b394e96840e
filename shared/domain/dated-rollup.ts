// Figures as of a date. Every fact of a project (signed, started, in production, terminated) is
// also counted under the business date it happened, once by month and once by day; the figures as
// of D are the whole months up to D plus the days of D's month up to D. A project's dated
// contribution is a pure function of its state, like the rest of its contribution, so events'
// deltas telescope and a corrected date moves its fact from one day to the other.
//
// For the year-end projection the city's total also counts the open projects (signed, neither
// started nor terminated) by bucket: a project is open in an age bucket over a span of dates,
// counted +1 on the day it enters the bucket and −1 on the day it leaves, so the sum of the
// counts up to D is the number open on D.
import type { CohortCounters, CohortScope, CounterName } from './cohort';
import { addDays, yearOf } from './dates';
import { investmentCounters } from './investment-counters';
import { AGE_CLASSES, openCounter, openStartedCounter, plannedStartClass, type AgeClass } from './open-buckets';
import type { ProjectSnapshot } from './project';

/** The counters a dated item holds: the facts, and (the total only) the open projects. */
type DatedCounterName = Exclude<CounterName, 'startedSameYear' | 'producedSameYear'>;

/**
 * What one project adds to the dated cohorts: each fact under its date in each of the signed
 * cohort's `scopes`; the open spans in the total; starts and productions under the year they
 * happened (the city and the district).
 */
export function datedContribution(p: ProjectSnapshot, scopes: readonly CohortScope[], leading: boolean): CohortCounters[] {
  const year = yearOf(p.signedOn);
  const facts: [string | undefined, Partial<Record<DatedCounterName, number>>][] = [
    [p.signedOn, { signed: 1, agreedInvestment: p.agreedInvestment, leadingSigned: leading ? 1 : 0, ...investmentCounters(p) }],
    [p.startedOn, { started: 1 }],
    [p.producedOn, { inProduction: 1 }],
    [p.terminatedOn, { terminated: 1 }],
  ];
  const result: CohortCounters[] = [];
  const add = (view: 'dated' | 'happenedDated', y: number, scope: CohortScope, date: string, counters: CohortCounters['counters']) => {
    for (const on of [date.slice(0, 7), date]) {
      result.push({ cohort: { view, year: y, scope, on } as CohortCounters['cohort'], counters });
    }
  };
  for (const [date, counters] of facts) {
    if (date) for (const scope of scopes) add('dated', year, scope, date, counters);
  }
  for (const [date, counter] of [
    [p.startedOn, 'started'],
    [p.producedOn, 'inProduction'],
  ] as const) {
    if (!date) continue;
    add('happenedDated', yearOf(date), { kind: 'total' }, date, { [counter]: 1 });
    add('happenedDated', yearOf(date), { kind: 'district', code: p.district }, date, { [counter]: 1 });
  }
  for (const [date, counters] of openSpans(p)) add('dated', year, { kind: 'total' }, date, counters);
  return result;
}

/** The +1/−1 counts of the spans over which the project is open in each age bucket. */
function openSpans(p: ProjectSnapshot): [string, CohortCounters['counters']][] {
  const left = [p.startedOn, p.terminatedOn].filter((d): d is string => d !== undefined).sort()[0];
  const startedInYear = p.startedOn !== undefined && yearOf(p.startedOn) === yearOf(p.signedOn);
  const plannedStart = plannedStartClass(p);
  const marks: [string, CohortCounters['counters']][] = [];
  const mark = (date: string, age: AgeClass, sign: 1 | -1) => {
    const counters: CohortCounters['counters'] = { [openCounter({ plannedStart, age })]: sign };
    if (startedInYear) counters[openStartedCounter({ plannedStart, age })] = sign;
    marks.push([date, counters]);
  };
  for (const [i, age] of AGE_CLASSES.entries()) {
    const from = addDays(p.signedOn, age);
    if (left !== undefined && left <= from) break;
    const next = AGE_CLASSES[i + 1];
    const nextFrom = next === undefined ? undefined : addDays(p.signedOn, next);
    const to = nextFrom !== undefined && (left === undefined || nextFrom < left) ? nextFrom : left;
    mark(from, age, 1);
    if (to !== undefined) mark(to, age, -1);
  }
  return marks;
}

/** The last day of a month "YYYY-MM". */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/**
 * The `signed` and `happened` cohorts of `year` as they stood at the end of `date`, from its dated
 * items: months wholly on or before `date`, and the days of a month that `date` ends inside.
 * `startedSameYear` and `producedSameYear` are the starts and productions dated in `year`.
 * The open counters are carried to the `signed` total. Items of other years are ignored.
 */
export function countersAsOf(rows: readonly CohortCounters[], year: number, date: string): CohortCounters[] {
  const merged = new Map<string, CohortCounters>();
  // A month is done when its last day is on or before `date`: the first day of the month after
  // `date`'s, and later, are not. Compared as "YYYY-MM" strings.
  const dateMonth = date.slice(0, 7);
  const monthDone = (month: string) => month < dateMonth || (month === dateMonth && lastDayOfMonth(month) === date);
  for (const row of rows) {
    const c = row.cohort;
    if ((c.view !== 'dated' && c.view !== 'happenedDated') || c.year !== year) continue;
    const counted = c.on.length === 7 ? monthDone(c.on) : !monthDone(c.on.slice(0, 7)) && c.on <= date;
    if (!counted) continue;
    const view = c.view === 'dated' ? 'signed' : 'happened';
    const key = `${view}|${JSON.stringify(c.scope)}`;
    let entry = merged.get(key);
    if (!entry) {
      entry = { cohort: { view, year, scope: c.scope } as CohortCounters['cohort'], counters: {} };
      merged.set(key, entry);
    }
    const add = (name: CounterName, value: number) => {
      entry.counters[name] = (entry.counters[name] ?? 0) + value;
    };
    for (const [name, value] of Object.entries(row.counters) as [CounterName, number][]) add(name, value);
    if (view === 'signed' && yearOf(c.on) === year) {
      if (row.counters.started) add('startedSameYear', row.counters.started);
      if (row.counters.inProduction) add('producedSameYear', row.counters.inProduction);
    }
  }
  return [...merged.values()];
}
