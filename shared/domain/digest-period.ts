// Digest periods in the city's calendar. A weekly digest is named by the ISO week of the Monday it
// is issued on (a Monday 00:30 run in Shanghai is that Monday's digest); a monthly one by the month
// it is issued in. The first digest of a kind in a new year also reports the year just ended.
import { addDays, businessDateOf, daysBetween, yearOf } from './dates';

export const DIGEST_KINDS = ['weekly', 'monthly'] as const;
export type DigestKind = (typeof DIGEST_KINDS)[number];

export interface DigestPeriod {
  kind: DigestKind;
  /** `2026-W02` or `2026-01`. */
  period: string;
  /** The first day of the period (a Monday, or the 1st), YYYY-MM-DD. */
  startsOn: string;
  /** The business date the digest is as of. */
  asOf: string;
  /** The years the digest reports: this year, and the one just ended on the first digest of a year. */
  years: number[];
}

/** The Monday on or before a date. */
export function mondayOnOrBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(date, -((day + 6) % 7));
}

/** ISO 8601 week label of a date, e.g. 2026-W01 (the week with the year's first Thursday). */
export function isoWeek(date: string): string {
  const monday = mondayOnOrBefore(date);
  const isoYear = yearOf(addDays(monday, 3)); // the week belongs to the year of its Thursday
  const firstMonday = mondayOnOrBefore(`${isoYear}-01-04`); // 4 January is always in week 1
  const week = daysBetween(firstMonday, monday) / 7 + 1;
  return `${isoYear}-W${String(week).padStart(2, '0')}`;
}

/** The period a digest of `kind` composed at `instant` belongs to, in Asia/Shanghai. */
export function digestPeriodAt(kind: DigestKind, instant: Date): DigestPeriod {
  return digestPeriodOn(kind, businessDateOf(instant));
}

export function digestPeriodOn(kind: DigestKind, asOf: string): DigestPeriod {
  const startsOn = kind === 'weekly' ? mondayOnOrBefore(asOf) : `${asOf.slice(0, 7)}-01`;
  const period = kind === 'weekly' ? isoWeek(startsOn) : asOf.slice(0, 7);
  const year = yearOf(asOf);
  // The previous period started in the year before: this is the year's first digest of the kind.
  const firstOfYear = yearOf(previousPeriodStart(kind, startsOn)) < year;
  return { kind, period, startsOn, asOf, years: firstOfYear ? [year, year - 1] : [year] };
}

/** The first day of the period before the one starting on `startsOn`. */
export function previousPeriodStart(kind: DigestKind, startsOn: string): string {
  if (kind === 'weekly') return addDays(startsOn, -7);
  const [y, m] = [yearOf(startsOn), Number(startsOn.slice(5, 7))];
  return m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
}
