// Composes a period's digest from rollups, targets, the previous digest and index pages: a read
// per rollup partition, per day of events and per district, never a scan of the projects.
import type { CityConfig } from '../domain/city-config';
import { renderAll, type Language } from './render';
import { addDays, daysBetween, yearOf } from '../domain/dates';
import { headlineOf, leaderboardOf, type LeaderboardRow } from './figures';
import { digestPeriodAt, previousPeriodStart, type DigestKind } from '../domain/digest-period';
import { alertsFrom, changesFrom, OLDEST_NAMED, overdueProblemsFrom, stalledFrom, upcomingFrom } from './sections';
import type { Digest, DigestContent } from './types';
import { composeRollupView } from '../domain/rollup-view';
import type { DigestStore } from '../store/digest-store';
import type { ProblemStore } from '../store/problem-store';
import type { ProjectStore } from '../store/project-store';
import type { RollupStore } from '../store/rollup-store';

export const UPCOMING_DAYS = 30;
/**
 * The stalled and upcoming lists name at most this many projects (oldest signings, soonest starts)
 * and say when there are more: the digest's reads stay bounded however many projects there are,
 * and the stored item stays far from DynamoDB's 400 KB.
 */
export const LISTED_PROJECTS = 50;

export interface DigestSources {
  projects: ProjectStore;
  problems: ProblemStore;
  rollups: RollupStore;
  digests: DigestStore;
  config: CityConfig;
  /** The web app's public address (ending in /app/), where the brief links (none configured: no link). */
  webAppUrl?: string | null;
}

/** The page of a digest in the web app. */
export function digestPageUrl(webAppUrl: string, kind: DigestKind, period: string): string {
  return new URL(`digests/${kind}/${encodeURIComponent(period)}`, webAppUrl).toString();
}

export async function composeDigest(kind: DigestKind, instant: Date, sources: DigestSources, language: Language = 'zh'): Promise<Digest> {
  const { projects, problems, rollups, digests, config, webAppUrl } = sources;
  const period = digestPeriodAt(kind, instant);
  const { asOf } = period;
  const year = yearOf(asOf);
  const districts = config.districts.map((d) => d.code);

  // The period ends the day before asOf: its figures are counted to that day (a digest composed
  // again later says the same), and where that day's year stands opens the digest.
  const periodEnd = addDays(asOf, -1);
  const viewOf = async (y: number) => {
    const [rows, targets] = await Promise.all([rollups.readForView(y, periodEnd), rollups.getTargets(y)]);
    return composeRollupView(y, rows, targets, config, instant, periodEnd);
  };
  const view = await viewOf(year);
  const lastYearView = period.years.includes(year - 1) ? await viewOf(year - 1) : null;
  const headlineOfYear = (v: typeof view) => headlineOf(v, yearOf(periodEnd) === v.year);

  const previous = await digests.latest(kind, period.period);
  // Movement compares with the previous digest of the same year.
  const boardOf = (y: number) => (previous?.year === y ? (previous.leaderboard as LeaderboardRow[]) : null);

  const from = previousPeriodStart(kind, period.startsOn);
  const to = periodEnd;
  const days = Array.from({ length: Math.max(0, daysBetween(from, to) + 1) }, (_, i) => addDays(from, i));
  const events = (await Promise.all(days.map((day) => projects.eventsPostedOn(day)))).flat();

  const stalledCutoff = addDays(asOf, -config.stalledAfterDays);
  // One more than listed per district tells whether a district has more.
  const limit = LISTED_PROJECTS + 1;
  const perDistrict = await Promise.all(
    districts.map(async (d) => {
      const upcomingTo = addDays(asOf, UPCOMING_DAYS);
      const [longAgo, overdue, upcoming, stalledCount, upcomingCount, oldestRed] = await Promise.all([
        projects.signedBefore(d, stalledCutoff, limit),
        projects.plannedBetween(d, '0000-01-01', to, limit),
        projects.plannedBetween(d, asOf, upcomingTo, limit),
        projects.countStalled(d, stalledCutoff, to),
        projects.countPlannedBetween(d, asOf, upcomingTo),
        // Only where the live counters say there is one: a district without a red project is not searched.
        (view.live.byDistrict.find((l) => l.district === d)?.alertRed ?? 0) > 0 ? projects.oldestWithAlert(d, 'red') : null,
      ]);
      return { district: d, longAgo, overdue, upcoming, stalledCount, upcomingCount, oldestRed };
    }),
  );
  const cut = (list: readonly unknown[]) => list.length === limit;
  const stalled = stalledFrom(
    perDistrict.flatMap((d) => d.longAgo),
    perDistrict.flatMap((d) => d.overdue),
    asOf,
    config,
  );
  const upcoming = upcomingFrom(
    perDistrict.flatMap((d) => d.upcoming),
    config,
  );

  const content: DigestContent = {
    kind,
    period: period.period,
    asOf,
    year,
    headline: headlineOfYear(view),
    previousYear: lastYearView && headlineOfYear(lastYearView),
    previousYearLeaderboard: lastYearView && leaderboardOf(lastYearView, boardOf(year - 1)),
    changes: { ...changesFrom(events, config), from, to },
    leaderboard: leaderboardOf(view, boardOf(year)),
    stalled: stalled.slice(0, LISTED_PROJECTS),
    stalledMore: stalled.length > LISTED_PROJECTS || perDistrict.some((d) => cut(d.longAgo) || cut(d.overdue)),
    upcoming: upcoming.slice(0, LISTED_PROJECTS),
    upcomingMore: upcoming.length > LISTED_PROJECTS || perDistrict.some((d) => cut(d.upcoming)),
    // The oldest of a district are among those read: its longest-stalled come first in the index,
    // and one stalled only by its planned date was signed after every one stalled by age.
    stalledByDistrict: perDistrict.map((d) => ({
      district: d.district,
      districtName: config.districts.find((c) => c.code === d.district)?.name ?? d.district,
      count: d.stalledCount,
      oldest: stalledFrom(d.longAgo, d.overdue, asOf, config).slice(0, OLDEST_NAMED),
    })),
    upcomingCount: perDistrict.reduce((sum, d) => sum + d.upcomingCount, 0),
    alerts: alertsFrom(view.live, new Map(perDistrict.map((d) => [d.district, d.oldestRed])), asOf, config),
    overdueProblems: overdueProblemsFrom(await problems.overdue(districts, asOf), asOf, config),
  };
  const pageUrl = webAppUrl ? digestPageUrl(webAppUrl, kind, period.period) : null;
  return { ...content, renderings: renderAll(content, language, pageUrl) };
}
