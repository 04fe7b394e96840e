// The digest's figures from a year's rollup view: the headline against the targets and the district
// leaderboard (龙虎榜). Pure: the digest composer reads rollups and hands them here.
import type { Targets } from '../domain/city-config';
import type { RollupView } from '../domain/rollup-view';

export interface Headline {
  year: number;
  signed: number;
  agreedInvestment: number;
  leadingShare: number | null;
  sameYearStartRate: number | null;
  startsNeeded: number;
  inProduction: number;
  targets: Targets;
}

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

export interface LeaderboardRow {
  /** 1 is best; districts with equal rate and equal same-year starts share a rank. */
  rank: number;
  district: string;
  name: string;
  signed: number;
  agreedInvestment: number;
  startedSameYear: number;
  sameYearStartRate: number | null;
  /** Places gained since the previous digest (negative: lost); null when there is none to compare. */
  movement: number | null;
}

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
    };
  });
}
