// The digest's shape, shared by its composer, renderings and delivery.
import type { Headline, LeaderboardRow } from './figures';
import type { DigestKind } from '../domain/digest-period';
import type { Changes, StalledLine, UpcomingLine } from './sections';

/** The digest's figures and sections; `Digest` adds their renderings. */
export interface DigestContent {
  kind: DigestKind;
  period: string;
  asOf: string;
  year: number;
  headline: Headline;
  /** The year just ended, on the first digest of a kind in a new year. */
  previousYear: Headline | null;
  /** That year's final leaderboard (on 1 January the new year's has nothing to rank yet). */
  previousYearLeaderboard: LeaderboardRow[] | null;
  /** From the first day of the previous period up to the day before asOf. */
  changes: Changes & { from: string; to: string };
  leaderboard: LeaderboardRow[];
  stalled: StalledLine[];
  /** More projects are stalled than `stalled` names. */
  stalledMore: boolean;
  upcoming: UpcomingLine[];
  upcomingMore: boolean;
}

export interface Digest extends DigestContent {
  renderings: { markdown: string; html: string; text: string };
}
