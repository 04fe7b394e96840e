// What a reader of a year's rollups gets (GET /rollups/{year}, the digests): totals and rows by
// district, industry and month, each with the derived rates, against the year's targets, as of a
// date; where the year stands against the time elapsed and last year; the start rate's projection.
// The schemas are the API's response contract; the types are inferred from them.
import * as z from 'zod';
import { TargetsSchema, type CityConfig, type Targets } from './city-config';
import { businessDateOf, yearOf } from './dates';
import { countersAsOf } from './dated-rollup';
import { BANDS, type Band } from './investment';
import { bandCounters, INVESTMENT_COUNTERS, type InvestmentCounterName } from './investment-counters';
import { deriveFigures, emptyCounters, type CohortCounters, type Counters } from './rollup';
import { backtestProjection, comparableDate, paceOf, progressDate, progressOf, projectStartRate, yoyOf } from './year-standing';

// Counters and rates are not bounded here: events apply in any order, so a counter may be briefly
// negative, or a rate above 1, until the rest of a project's events arrive.
const Count = z.number().int();
const Rate = z.number().nullable().meta({ description: 'a fraction (0–1), null where nothing was signed' });

const CountAndYuan = z.object({ count: Count, agreedInvestment: Count.meta({ description: 'integer yuan' }) });

export const RollupRowSchema = z.object({
  signed: Count,
  agreedInvestment: Count.meta({ description: 'integer yuan' }),
  leadingSigned: Count,
  started: Count,
  startedSameYear: Count,
  inProduction: Count,
  producedSameYear: Count,
  terminated: Count,
  alertRed: Count.meta({ description: 'projects of this cohort whose light is red' }),
  alertYellow: Count,
  problemsOpen: Count,
  problemsOverdue: Count,
  sameYearStartRate: Rate,
  leadingShare: Rate,
  startsNeeded: Count.meta({ description: 'same-year starts still needed to reach the target rate' }),
  signedNet: Count.meta({ description: 'signed less terminated' }),
  bands: z.object(Object.fromEntries(BANDS.map((b) => [b, CountAndYuan])) as Record<Band, typeof CountAndYuan>).meta({
    description:
      'projects by size band, cumulative (B5 is in B1): B1/B5/B10 from ¥1亿/5亿/10亿 or US$10M/30M/100M in the project’s own currency, B50/B100 from ¥50亿/100亿',
  }),
  domestic: CountAndYuan.meta({ description: '内资' }),
  foreign: CountAndYuan.extend({
    agreedUsd: Count.meta({ description: 'the US dollars agreed by foreign projects in USD (亿美元 = agreedUsd / 1e8)' }),
  }).meta({ description: '外资 (港澳台 included)' }),
});
export type RollupRow = z.infer<typeof RollupRowSchema>;

const Fraction = z.number().nullable();
const ProgressSchema = z.object({
  actual: Count,
  target: Count.nullable().meta({ description: 'null where no target is set' }),
  completion: Fraction.meta({ description: 'actual / target (a fraction), null without a target' }),
  pace: z.number().meta({ description: 'the share of the year elapsed (序时进度), (M − 1 + d / daysInMonth) / 12' }),
  paceGap: z.number().nullable().meta({ description: '(completion − pace) in percentage points, two decimals: ≥ 0 超序时, < 0 欠序时' }),
  lastYear: Count.meta({ description: 'the same figure a year before, to the same month-day (02-29 → 02-28)' }),
  yoy: Fraction.meta({ description: 'the change on last year (同比), a fraction, null where last year’s is 0' }),
});
const StartedInYearSchema = z.object({
  actual: Count.meta({ description: 'projects started in the year up to the date, whenever signed' }),
  lastYear: Count,
  yoy: Fraction,
});
const StandingSchema = {
  progress: z.object({ signed: ProgressSchema, agreedInvestment: ProgressSchema }),
  startedInYear: StartedInYearSchema,
};

const ProjectionSchema = z.object({
  asOf: z.iso.date().meta({ description: 'the date the projection is made at: the as-of date, or the year’s last day once it is over' }),
  targetRate: z.number(),
  sameYearStartRate: Fraction.meta({
    description: 'projected same-year start rate of the projects signed so far; null where a bucket with open projects has no share',
  }),
  expectedStarts: z.number().nullable().meta({ description: 'same-year starts expected by the year’s end, made and to come' }),
  startsNeededBeyond: Count.nullable().meta({ description: 'same-year starts needed beyond those expected to reach the target rate' }),
  buckets: z.array(
    z.object({
      bucket: z.string(),
      plannedStart: z.enum(['byYearEnd', 'afterYearEnd', 'none']),
      age: z.number().int().meta({ description: 'days since signing, lower bound (0, 90, 180)' }),
      projects: Count.meta({ description: 'open projects (not started, not terminated) in the bucket' }),
      comparable: Count.meta({ description: 'open projects of the previous two years on the same month-day the share comes from' }),
      basis: z
        .enum(['bucket', 'plannedStart'])
        .meta({ description: 'the bucket’s own comparable projects, or its planned-start class’s where the bucket has fewer than 20' }),
      share: Fraction.meta({
        description: 'the share of comparable projects that started by their year’s end; null where even the class has fewer than 20',
      }),
      expected: z.number(),
    }),
  ),
  backtestMae: Fraction.meta({
    description: 'mean absolute error of the projection at last year’s month-ends, a fraction; null until last year is over',
  }),
  backtest: z.object({
    year: z.number().int(),
    months: z.array(z.object({ on: z.iso.date(), projected: z.number(), actual: z.number() })),
  }),
});

const LiveRowSchema = z.object({ alertRed: Count, alertYellow: Count, problemsOpen: Count, problemsOverdue: Count });
export type LiveRow = z.infer<typeof LiveRowSchema>;

export const RollupViewSchema = z.object({
  year: z.number().int(),
  asOf: z.iso.datetime().meta({ description: 'when the view was composed' }),
  asOfDate: z.iso.date().meta({ description: 'the business date the figures count up to (inclusive); alerts and problems are always now' }),
  targets: TargetsSchema,
  totals: RollupRowSchema.extend(StandingSchema),
  byDistrict: z.array(RollupRowSchema.extend({ district: z.string(), name: z.string(), ...StandingSchema })),
  byIndustry: z.array(RollupRowSchema.extend({ industry: z.string(), name: z.string(), leading: z.boolean() })),
  byMonth: z.array(RollupRowSchema.extend({ month: z.string().regex(/^(0[1-9]|1[0-2])$/) })),
  /** Starts and productions that happened in the year, whenever the project was signed. */
  happenedInYear: z.object({ started: Count, inProduction: Count }),
  /** Alerts and problems of every project now, whatever its signing year. */
  live: z.object({
    totals: LiveRowSchema,
    byDistrict: z.array(LiveRowSchema.extend({ district: z.string(), name: z.string() })),
  }),
  projection: ProjectionSchema,
});
export type RollupView = z.infer<typeof RollupViewSchema>;

const ALERT_COUNTERS = ['alertRed', 'alertYellow', 'problemsOpen', 'problemsOverdue'] as const;

/**
 * The year's view. `rows` are the stored rollups of the year with the dated items of the year and
 * the three before. Without `asOfDate` the counters are the stored ones (today's); with it, they are
 * counted from the dated items up to that date, and alerts and problems are today's either way.
 */
export function composeRollupView(
  year: number,
  rows: readonly CohortCounters[],
  targets: Targets,
  config: CityConfig,
  composedAt: Date,
  asOfDate?: string,
): RollupView {
  const date = asOfDate ?? businessDateOf(composedAt);
  // The rows a figure is found in: the year's cohorts alone, not the thousands of dated items
  // (every district, industry and month looks through them).
  const facts =
    asOfDate === undefined
      ? rows.filter((r) => r.cohort.view === 'signed' || r.cohort.view === 'happened')
      : [...countersAsOf(rows, year, date), ...alertsOnly(rows)];
  const lastYear = countersAsOf(rows, year - 1, comparableDate(progressDate(year, date), 1));
  const pace = paceOf(year, date);
  const find = (match: (r: CohortCounters) => boolean, from: readonly CohortCounters[] = facts, y = year): Counters => {
    const counters = emptyCounters();
    for (const r of from) {
      if (r.cohort.year !== y || !match(r)) continue;
      for (const [name, value] of Object.entries(r.counters)) {
        if (name in counters) counters[name as keyof Counters] += value;
      }
    }
    return counters;
  };
  const row = (counters: Counters): RollupRow => {
    const { rest, ...investment } = investmentRowOf(counters);
    return { ...rest, ...deriveFigures(counters, targets), signedNet: counters.signed - counters.terminated, ...investment };
  };
  const standing = (code?: string) => {
    const scope = (view: 'signed' | 'happened') => (r: CohortCounters) =>
      r.cohort.view === view &&
      (code === undefined ? r.cohort.scope.kind === 'total' : r.cohort.scope.kind === 'district' && r.cohort.scope.code === code);
    const now = find(scope('signed'));
    const before = find(scope('signed'), lastYear, year - 1);
    const target = code === undefined ? targets : targets.byDistrict?.[code];
    const startedNow = find(scope('happened')).started;
    const startedBefore = find(scope('happened'), lastYear, year - 1).started;
    return {
      progress: {
        signed: progressOf(now.signed, target?.signed, pace, before.signed),
        agreedInvestment: progressOf(now.agreedInvestment, target?.agreedInvestment, pace, before.agreedInvestment),
      },
      startedInYear: { actual: startedNow, lastYear: startedBefore, yoy: yoyOf(startedNow, startedBefore) },
    };
  };
  // The projection and its backtest count the city's totals alone, at many dates: those rows once.
  const totals = rows.filter((r) => r.cohort.view === 'dated' && r.cohort.scope.kind === 'total');
  const projection = projectStartRate(totals, year, progressDate(year, date), targets.sameYearStartRate);
  // Only a year that is over can be backtested (its projects' outcome known).
  const backtest =
    yearOf(businessDateOf(composedAt)) > year - 1 ? backtestProjection(totals, year - 1) : { year: year - 1, months: [], mae: null };
  const signed = (kind: string, member?: string) => (r: CohortCounters) => {
    if (r.cohort.view !== 'signed' || r.cohort.scope.kind !== kind) return false;
    const s = r.cohort.scope;
    return s.kind === 'total' || (s.kind === 'month' ? s.month : s.code) === member;
  };
  const happened = find((r) => r.cohort.view === 'happened' && r.cohort.scope.kind === 'total');
  const live = (code?: string): LiveRow => {
    const c: Counters = {
      ...emptyCounters(),
      ...rows.find(
        (r) =>
          r.cohort.view === 'live' &&
          (code === undefined ? r.cohort.scope.kind === 'total' : r.cohort.scope.kind === 'district' && r.cohort.scope.code === code),
      )?.counters,
    };
    return { alertRed: c.alertRed, alertYellow: c.alertYellow, problemsOpen: c.problemsOpen, problemsOverdue: c.problemsOverdue };
  };
  return {
    year,
    asOf: composedAt.toISOString(),
    asOfDate: date,
    targets,
    totals: { ...row(find(signed('total'))), ...standing() },
    byDistrict: config.districts.map((d) => ({
      district: d.code,
      name: d.name,
      ...row(find(signed('district', d.code))),
      ...standing(d.code),
    })),
    byIndustry: config.industries.map((i) => ({
      industry: i.code,
      name: i.name,
      leading: i.leading,
      ...row(find(signed('industry', i.code))),
    })),
    byMonth: Array.from({ length: 12 }, (_, m) => String(m + 1).padStart(2, '0')).map((month) => ({
      month,
      ...row(find(signed('month', month))),
    })),
    happenedInYear: { started: happened.started, inProduction: happened.inProduction },
    live: { totals: live(), byDistrict: config.districts.map((d) => ({ district: d.code, name: d.name, ...live(d.code) })) },
    projection: {
      asOf: projection.asOf,
      targetRate: targets.sameYearStartRate,
      sameYearStartRate: projection.sameYearStartRate,
      expectedStarts: projection.expectedStarts,
      startsNeededBeyond: projection.startsNeededBeyond,
      buckets: projection.buckets,
      backtestMae: backtest.mae,
      backtest: { year: backtest.year, months: backtest.months },
    },
  };
}

/** The stored signed cohorts' alert and problem counters alone (they are always today's). */
function alertsOnly(rows: readonly CohortCounters[]): CohortCounters[] {
  return rows
    .filter((r) => r.cohort.view === 'signed')
    .map((r) => ({
      cohort: r.cohort,
      counters: Object.fromEntries(ALERT_COUNTERS.filter((c) => r.counters[c] !== undefined).map((c) => [c, r.counters[c]])),
    }));
}

/** The investment counters as the row nests them, and the other counters as they are. */
function investmentRowOf(counters: Counters) {
  const rest: Partial<Counters> = { ...counters };
  for (const name of INVESTMENT_COUNTERS) delete rest[name];
  const pair = (count: number, agreedInvestment: number) => ({ count, agreedInvestment });
  const bands = Object.fromEntries(
    BANDS.map((band) => {
      const names = bandCounters(band);
      return [band, pair(counters[names.count], counters[names.investment])];
    }),
  ) as Record<Band, { count: number; agreedInvestment: number }>;
  return {
    rest: rest as Omit<Counters, InvestmentCounterName>,
    bands,
    domestic: pair(counters.domesticSigned, counters.domesticInvestment),
    foreign: { ...pair(counters.foreignSigned, counters.foreignInvestment), agreedUsd: counters.foreignUsd },
  };
}
