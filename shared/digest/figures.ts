// The digest's figures from a year's rollup view: the headline against the targets and the district
// leaderboard (龙虎榜). Pure: the digest composer reads rollups and hands them here.
import * as z from 'zod';
import { TargetsSchema } from '../domain/city-config';
import type { RollupView } from '../domain/rollup-view';

const ProgressFigureSchema = z.object({
  actual: z.number().int(),
  target: z.number().int().nullable(),
  completion: z.number().nullable(),
  paceGap: z.number().nullable(),
  lastYear: z.number().int(),
  yoy: z.number().nullable(),
});

/** Where the year stands on the period's last day, as a report states it (absent from digests before v3). */
export const StandingSchema = z.object({
  asOf: z.string(),
  signed: ProgressFigureSchema,
  agreedInvestment: ProgressFigureSchema,
  startedInYear: z.object({ actual: z.number().int(), lastYear: z.number().int(), yoy: z.number().nullable() }),
  projection: z.object({
    sameYearStartRate: z.number().nullable(),
    expectedStarts: z.number().nullable(),
    startsNeededBeyond: z.number().int().nullable(),
    backtestYear: z.number().int(),
    backtestMae: z.number().nullable(),
  }),
});
export type Standing = z.infer<typeof StandingSchema>;

export const HeadlineSchema = z.object({
  year: z.number().int(),
  signed: z.number().int(),
  agreedInvestment: z.number().int(),
  leadingShare: z.number().nullable(),
  sameYearStartRate: z.number().nullable(),
  startsNeeded: z.number().int(),
  inProduction: z.number().int(),
  targets: TargetsSchema,
  standing: StandingSchema.optional(),
});
export type Headline = z.infer<typeof HeadlineSchema>;

/** The headline of a year's view; with `standing`, where the year stands (the year of the period's end). */
export function headlineOf(view: RollupView, standing = false): Headline {
  const t = view.totals;
  return {
    ...(standing ? { standing: standingOf(view) } : {}),
    year: view.year,
    signed: t.signed,
    agreedInvestment: t.agreedInvestment,
    leadingShare: t.leadingShare,
    sameYearStartRate: t.sameYearStartRate,
    startsNeeded: t.startsNeeded,
    inProduction: t.inProduction,
    targets: view.targets,
  };
}

function standingOf(view: RollupView): Standing {
  const figure = ({ actual, target, completion, paceGap, lastYear, yoy }: RollupView['totals']['progress']['signed']) => ({
    actual,
    target,
    completion,
    paceGap,
    lastYear,
    yoy,
  });
  const { projection } = view;
  return {
    asOf: view.asOfDate,
    signed: figure(view.totals.progress.signed),
    agreedInvestment: figure(view.totals.progress.agreedInvestment),
    startedInYear: view.totals.startedInYear,
    projection: {
      sameYearStartRate: projection.sameYearStartRate,
      expectedStarts: projection.expectedStarts,
      startsNeededBeyond: projection.startsNeededBeyond,
      backtestYear: projection.backtest.year,
      backtestMae: projection.backtestMae,
    },
  };
}

export const LeaderboardRowSchema = z.object({
  /** 1 is best; districts with equal rate and equal same-year starts share a rank. */
  rank: z.number().int().positive(),
  district: z.string(),
  name: z.string(),
  signed: z.number().int(),
  agreedInvestment: z.number().int(),
  startedSameYear: z.number().int(),
  sameYearStartRate: z.number().nullable(),
  /** Places gained since the previous digest (negative: lost); null when there is none to compare. */
  movement: z.number().int().nullable(),
  /** The district's red projects now, whatever their year (absent from digests before alerts existed). */
  red: z.number().int().optional(),
});
export type LeaderboardRow = z.infer<typeof LeaderboardRowSchema>;

/** Districts ranked by same-year start rate (none signed: last), then by same-year starts. */
export function leaderboardOf(view: RollupView, previous: readonly LeaderboardRow[] | null = null): LeaderboardRow[] {
  const rate = (r: number | null) => (r === null ? -1 : r);
  const sorted = [...view.byDistrict].sort(
    (a, b) =>
      rate(b.sameYearStartRate) - rate(a.sameYearStartRate) ||
      b.startedSameYear - a.startedSameYear ||
      b.signed - a.signed ||
      a.district.localeCompare(b.district),
  );
  const before = new Map((previous ?? []).map((r) => [r.district, r.rank]));
  const red = new Map(view.live.byDistrict.map((d) => [d.district, d.alertRed]));
  let rank = 0;
  return sorted.map((d, i) => {
    const prev = sorted[i - 1];
    const tied = prev && rate(prev.sameYearStartRate) === rate(d.sameYearStartRate) && prev.startedSameYear === d.startedSameYear;
    rank = tied ? rank : i + 1;
    const was = before.get(d.district);
    return {
      rank,
      district: d.district,
      name: d.name,
      signed: d.signed,
      agreedInvestment: d.agreedInvestment,
      startedSameYear: d.startedSameYear,
      sameYearStartRate: d.sameYearStartRate,
      movement: was === undefined ? null : was - rank,
      red: red.get(d.district) ?? 0,
    };
  });
}
