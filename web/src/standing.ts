// Where the year stands (总览): the date the figures count up to, kept in the page's address, and the
// districts ranked as the reports rank them, by amount or by the share of their own target.

/** A calendar date YYYY-MM-DD that exists (not 2026-02-30). */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export interface Standing {
  year: number;
  /** The business date the figures count up to: today in this year, a past year's last day, or the one chosen. */
  date: string;
}

/** The year's own default date: today for this year, its last day for a past one. */
export function defaultDate(year: number, today: string): string {
  return year === Number(today.slice(0, 4)) ? today : `${year}-12-31`;
}

/**
 * The year and date the address asks for (`?asOf=YYYY-MM-DD`, else `?year=YYYY`): a date after
 * today, before `earliestYear` or that does not exist is ignored, as is a year out of that range.
 */
export function standingOf(query: { year?: string; asOf?: string }, today: string, earliestYear: number): Standing {
  const thisYear = Number(today.slice(0, 4));
  const asOf = query.asOf;
  if (asOf !== undefined && isCalendarDate(asOf) && asOf <= today && Number(asOf.slice(0, 4)) >= earliestYear) {
    return { year: Number(asOf.slice(0, 4)), date: asOf };
  }
  const year = Number(query.year);
  if (Number.isInteger(year) && year >= earliestYear && year <= thisYear) return { year, date: defaultDate(year, today) };
  return { year: thisYear, date: today };
}

/** The address of a year and date: nothing for today, `year` for a past year's last day, else `asOf`. */
export function queryOf(standing: Standing, today: string): Record<string, string> {
  if (standing.date === today) return {};
  if (standing.date === defaultDate(standing.year, today)) return { year: String(standing.year) };
  return { asOf: standing.date };
}

/** The `asOf` to ask the API for: none for today (the API's default), the date otherwise. */
export function asOfParam(standing: Standing, today: string): string | undefined {
  return standing.date === today ? undefined : standing.date;
}

export type RankFigure = 'signed' | 'agreedInvestment';
export type RankBy = 'amount' | 'completion';

interface Ranked {
  progress: Record<RankFigure, { actual: number; completion: number | null }>;
}

/**
 * The districts in rank order, each with its place (equal figures share one). By amount: the figure,
 * then the other figure. By completion: the share of the district's own target, largest first;
 * districts without a target come last, by amount, and have no place.
 */
export function rankDistricts<T extends Ranked>(rows: readonly T[], figure: RankFigure, by: RankBy): { row: T; rank: number | null }[] {
  const other: RankFigure = figure === 'signed' ? 'agreedInvestment' : 'signed';
  const byAmount = (a: T, b: T) =>
    b.progress[figure].actual - a.progress[figure].actual || b.progress[other].actual - a.progress[other].actual;
  const keyOf = (r: T) => (by === 'amount' ? [r.progress[figure].actual, r.progress[other].actual] : [r.progress[figure].completion]);
  const sorted = [...rows].sort((a, b) => {
    if (by === 'amount') return byAmount(a, b);
    const ca = a.progress[figure].completion;
    const cb = b.progress[figure].completion;
    if (ca === null || cb === null) return ca === cb ? byAmount(a, b) : ca === null ? 1 : -1;
    return cb - ca || byAmount(a, b);
  });
  const ranked: { row: T; rank: number | null }[] = [];
  for (const [i, row] of sorted.entries()) {
    if (by === 'completion' && row.progress[figure].completion === null) {
      ranked.push({ row, rank: null });
      continue;
    }
    const previous = ranked[i - 1];
    const same = previous && previous.rank !== null && keyOf(previous.row).every((v, k) => v === keyOf(row)[k]);
    ranked.push({ row, rank: same ? previous.rank : i + 1 });
  }
  return ranked;
}
