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

const YI_DIGITS = 8;
const YI_TEXT = /^(\d*)(?:\.(\d*))?$/;

/**
 * 亿元 as typed ("12.34", "4,000", "0.5") to integer yuan, by decimal digits rather than
 * floating-point multiplication: "12.34" is 1,234,000,000 exactly. Null when it is not an amount
 * of 0 or more, is finer than a yuan (more than 8 decimals), or is past what a number holds exactly.
 */
export function yiToYuan(text: string): number | null {
  const match = YI_TEXT.exec(text.trim().replace(/,/g, ''));
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  if (fraction.length > YI_DIGITS) return null;
  const yuan = BigInt(whole || '0') * BigInt(YI) + BigInt(fraction.padEnd(YI_DIGITS, '0'));
  return yuan <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(yuan) : null;
}

/** Integer yuan as 亿元 with every digit it has and no trailing zeros: 1,234,000,000 → "12.34". */
export function yuanToYi(yuan: number): string {
  const sign = yuan < 0 ? '-' : '';
  const abs = Math.abs(yuan);
  const rest = abs % YI;
  const whole = (abs - rest) / YI;
  const fraction = String(rest).padStart(YI_DIGITS, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A change as a signed percentage with one decimal (同比): +5.9%, −13.4% (a minus sign), 0.0%. */
export function change(rate: number, digits = 1): string {
  const scale = 10 ** digits;
  const rounded = Math.round(Math.abs(rate) * 100 * scale) / scale;
  const sign = rounded === 0 ? '' : rate > 0 ? '+' : '−';
  return `${sign}${rounded.toFixed(digits)}%`;
}

/** A gap to the time elapsed (序时进度), in percentage points: ahead (超序时) when ≥ 0, and its size. */
export function paceGap(points: number): { ahead: boolean; points: string } {
  return { ahead: points >= 0, points: Math.abs(points).toFixed(2) };
}

// ---- US dollars (外资): typed in 万美元, kept as whole dollars, turned into yuan by a rate ----------

/** 1 万美元 in dollars. */
export const WAN = 10_000;
const WAN_DIGITS = 4;

/**
 * 万美元 as typed ("3000", "1,234.5", "0.0001") to whole US dollars, by decimal digits: "1234.5678"
 * is 12,345,678 exactly. Null when it is not an amount of 0 or more, is finer than a dollar (more
 * than 4 decimals), or is past what a number holds exactly.
 */
export function wanToDollars(text: string): number | null {
  const match = YI_TEXT.exec(text.trim().replace(/,/g, ''));
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return null;
  if (fraction.length > WAN_DIGITS) return null;
  const dollars = BigInt(whole || '0') * BigInt(WAN) + BigInt(fraction.padEnd(WAN_DIGITS, '0'));
  return dollars <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(dollars) : null;
}

/** Whole dollars as 万美元 with every digit they have and no trailing zeros: 12,345,678 → "1234.5678". */
export function dollarsToWan(dollars: number): string {
  const rest = dollars % WAN;
  const whole = (dollars - rest) / WAN;
  const fraction = String(rest).padStart(WAN_DIGITS, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Whole dollars as 万美元 for reading: thousands separators, at least two decimals, never a digit lost. */
export function wan(dollars: number): string {
  const [whole = '0', fraction = ''] = dollarsToWan(dollars).split('.');
  return grouped(`${whole}.${fraction.padEnd(2, '0')}`);
}

const FX_RATE = /^\d{1,2}(\.\d{1,6})?$/;

/** A rate of yuan per US dollar as the API takes it ("7.10": at most 6 decimals, from 1 to 20), trimmed; else null. */
export function fxRateOf(text: string): string | null {
  const rate = text.trim();
  if (!FX_RATE.test(rate)) return null;
  const value = Number(rate);
  return value >= 1 && value <= 20 ? rate : null;
}

/**
 * round(dollars × rate) in yuan, half up, as the API computes a USD project's yuan: the rate's
 * decimals are scaled to an integer, so 12,000,000 × "7.10" is 85,200,000 and never 85,199,999.99….
 */
export function dollarsToYuan(dollars: number, rate: string): number {
  const [whole = '0', fraction = ''] = rate.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const product = BigInt(dollars) * BigInt(`${whole}${fraction}`);
  return Number((product * 2n + scale) / (2n * scale));
}
