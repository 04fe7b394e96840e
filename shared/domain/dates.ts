// Business dates are calendar dates in the city's calendar (Asia/Shanghai). A UTC instant becomes a
// business date only through this module.
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function businessDateOf(instant: Date): string {
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The year of a business date is its first four characters. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** The month of a business date, two digits ("01"–"12"). */
export function monthOf(date: string): string {
  return date.slice(5, 7);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The same month-day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const year = yearOf(date) + years;
  const monthDay = date.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}
