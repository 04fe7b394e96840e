// Figures as the bureau writes them: amounts in 亿元 with two decimals, rates as percentages.
/** 1 亿元 in yuan. */
export const YI = 100_000_000;

/** The fields of a signing, in the bureau's column order (labels: the shared `field.*`). */
export const SIGN_FIELDS = [
  'projectId',
  'name',
  'investor',
  'district',
  'industry',
  'agreedInvestment',
  'signedOn',
  'plannedStartOn',
  'plannedProductionOn',
  'responsibleUnit',
] as const;
export type SignField = (typeof SIGN_FIELDS)[number];

// Figures are formatted without Intl: the first Intl formatter a page builds loads the browser's
// locale data, ≈ 80 ms of a cold start in Chromium, and zh-CN writes numbers as 1,234.57 anyway.
function grouped(fixed: string): string {
  const [whole = '', fraction] = fixed.split('.');
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? withCommas : `${withCommas}.${fraction}`;
}

/** Yuan as 亿元 with `digits` decimals and thousands separators. */
export function yi(yuan: number, digits = 2): string {
  return grouped((yuan / YI).toFixed(digits));
}

/** A count with thousands separators. */
export function count(n: number): string {
  return grouped(n.toFixed(0));
}

export function percent(rate: number | null | undefined, digits = 1): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(digits)}%`;
}

/** `date` (YYYY-MM-DD) `years` later, as the API adds years: 02-29 becomes 02-28 in a year without one. */
export function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const monthDay = date.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The time of day on this device, hh:mm:ss (without Intl, for the reason below). */
export function clockTime(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * Today's business date in the city (Asia/Shanghai), YYYY-MM-DD. Shanghai has kept UTC+8 without
 * daylight saving since 1991, so a fixed offset is exact; an Intl formatter with a time zone would
 * first load the browser's time-zone data (≈ 90 ms of a cold page's start in Chromium).
 */
export function todayInShanghai(now = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
