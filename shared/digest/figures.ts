// The digest's figures from a year's rollup view: the headline against the targets and the district
// leaderboard (龙虎榜). Pure: the digest composer reads rollups and hands them here.
import * as z from 'zod';
import { TargetsSchema } from '../domain/city-config';
import type { RollupView } from '../domain/rollup-view';

export const HeadlineSchema = z.object({
  year: z.number().int(),
  signed: z.number().int(),
  agreedInvestment: z.number().int(),
  leadingShare: z.number().nullable(),
  sameYearStartRate: z.number().nullable(),
  startsNeeded: z.number().int(),
  inProduction: z.number().int(),
  targets: TargetsSchema,
});
export type Headline = z.infer<typeof HeadlineSchema>;

export function headlineOf(view: RollupView): Headline {
  const t = view.totals;
  return {
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
