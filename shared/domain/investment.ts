// Investment dimensions: where the capital comes from (内资/外资), the currency it was agreed in,
// and the size bands the city's reports count by. Pure: DESIGN "Investment dimensions (v3)".
//
// `agreedInvestment` stays integer yuan everywhere (targets, rollups, the ¥ floor). A USD project
// also keeps the dollars it was agreed in and the rate that made the yuan figure; its bands
// B1/B5/B10 and its scope are judged on the dollars, so a corrected rate never moves it between them.
import * as z from 'zod';
import { CalendarDate, CAPITAL_SOURCES, CURRENCIES } from '../../events';
import type { FieldIssue } from './errors';

export { CAPITAL_SOURCES, CURRENCIES };
export type CapitalSource = (typeof CAPITAL_SOURCES)[number];
export type Currency = (typeof CURRENCIES)[number];
export const BANDS = ['B1', 'B5', 'B10', 'B50', 'B100'] as const;
export type Band = (typeof BANDS)[number];

const YI = 100_000_000;
const MILLION = 1_000_000;
/** Each band's floor in the project's own currency (B50 and B100 in yuan for both). */
const BAND_FLOORS: Record<Band, { CNY: number; USD: number | null }> = {
  B1: { CNY: YI, USD: 10 * MILLION },
  B5: { CNY: 5 * YI, USD: 30 * MILLION },
  B10: { CNY: 10 * YI, USD: 100 * MILLION },
  B50: { CNY: 50 * YI, USD: null },
  B100: { CNY: 100 * YI, USD: null },
};

/** The lowest yuan figure a band's list filter matches on projects stored before bands (all CNY). */
export function bandYuanFloor(band: Band): number {
  return BAND_FLOORS[band].CNY;
}

/** CNY per USD as a decimal string: "7.10", at most six decimals, from 1 to 20 (a rate outside is a typing or an inverted rate). */
export const FxRate = z
  .string()
  .regex(/^\d{1,2}(\.\d{1,6})?$/, {
    message: 'must be a decimal number of yuan per US dollar, such as "7.10", with at most 6 decimals',
    // "7,10" is not a number at all: its range is not told as a second fault.
    abort: true,
  })
  .refine((s) => Number(s) >= 1 && Number(s) <= 20, { message: 'must be from 1 to 20 yuan per US dollar (CNY per USD, not USD per CNY)' })
  .meta({ description: 'yuan per US dollar, a decimal string from 1 to 20 with at most 6 decimals', examples: ['7.10'] });

/** Whole units of the project's currency. */
const OriginalAmount = z
  .number()
  .int({ message: 'must be a whole number of the currency’s units (yuan or US dollars)' })
  .positive({ message: 'must be a positive amount' });

/** The investment as a project stores it, read with the defaults of projects signed before v3. */
export interface Investment {
  capitalSource: CapitalSource;
  currency: Currency;
  /** Integer units of `currency`. */
  original: number;
  /** Integer yuan: the original for CNY, round(original × fxRate) for USD. */
  yuan: number;
  fxRate?: string;
  fxRateOn?: string;
}

/** The stored fields an investment is read from. */
export interface InvestmentFields {
  agreedInvestment: number;
  capitalSource?: CapitalSource | undefined;
  currency?: Currency | undefined;
  agreedInvestmentOriginal?: number | undefined;
  fxRate?: string | undefined;
  fxRateOn?: string | undefined;
}

/** A project's investment; one stored before v3 reads as domestic and CNY. */
export function investmentOf(p: InvestmentFields): Investment {
  const currency = p.currency ?? 'CNY';
  return {
    capitalSource: p.capitalSource ?? 'domestic',
    currency,
    original: currency === 'USD' ? (p.agreedInvestmentOriginal ?? 0) : p.agreedInvestment,
    yuan: p.agreedInvestment,
    ...(currency === 'USD' && p.fxRate ? { fxRate: p.fxRate } : {}),
    ...(currency === 'USD' && p.fxRateOn ? { fxRateOn: p.fxRateOn } : {}),
  };
}

/** The bands a project is in (cumulative): B1/B5/B10 by its own currency, B50/B100 by yuan. */
export function bandsOf(inv: Pick<Investment, 'currency' | 'original' | 'yuan'>): Band[] {
  return BANDS.filter((band) => {
    const floors = BAND_FLOORS[band];
    return floors.USD !== null && inv.currency === 'USD' ? inv.original >= floors.USD : inv.yuan >= floors.CNY;
  });
}

/**
 * round(dollars × rate) in yuan, half up, exactly: the rate's decimals are scaled to an integer so
 * no binary fraction enters (12,000,000 × 7.10 is 85,200,000, not 85,199,999.99…).
 */
export function yuanOf(dollars: number, fxRate: string): number {
  const [whole, fraction = ''] = fxRate.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const product = BigInt(dollars) * BigInt(`${whole}${fraction}`);
  return Number((product * 2n + scale) / (2n * scale));
}

/** The investment fields a sign or a correction may send. */
export interface InvestmentInput {
  capitalSource?: CapitalSource | undefined;
  currency?: Currency | undefined;
  agreedInvestment?: number | undefined;
  agreedInvestmentOriginal?: number | undefined;
  fxRate?: string | undefined;
  fxRateOn?: string | undefined;
}

export const INVESTMENT_INPUT_FIELDS = [
  'capitalSource',
  'currency',
  'agreedInvestment',
  'agreedInvestmentOriginal',
  'fxRate',
  'fxRateOn',
] as const;

/** The stored investment fields of a project: what a sign writes, and a correction replaces. */
interface StoredInvestment {
  capitalSource: CapitalSource;
  currency: Currency;
  agreedInvestment: number;
  agreedInvestmentOriginal: number;
  fxRate: string | undefined;
  fxRateOn: string | undefined;
}

/**
 * The investment after a sign (`current` null) or a correction: the request's fields over the
 * current ones. A CNY project gives its yuan (as `agreedInvestment`, `agreedInvestmentOriginal`
 * or both, equal); a USD one gives its dollars, rate and the rate's date, and its yuan is computed,
 * never sent. Changing the currency needs the amount (and for USD the rate) anew.
 */
export function resolveInvestment(current: Investment | null, input: InvestmentInput): StoredInvestment | FieldIssue[] {
  const issues: FieldIssue[] = [];
  const capitalSource = input.capitalSource ?? current?.capitalSource ?? 'domestic';
  const currency = input.currency ?? current?.currency ?? 'CNY';
  const switched = current !== null && current.currency !== currency;
  if (currency === 'CNY') {
    for (const field of ['fxRate', 'fxRateOn'] as const) {
      if (input[field] !== undefined) issues.push({ field, rule: 'is only for a project agreed in USD (currency "USD")' });
    }
    const { agreedInvestment: yuan, agreedInvestmentOriginal: original } = input;
    if (yuan !== undefined && original !== undefined && yuan !== original) {
      issues.push({ field: 'agreedInvestmentOriginal', rule: 'must equal agreedInvestment for a project agreed in CNY (or be left out)' });
    }
    const amount = yuan ?? original ?? (switched ? undefined : current?.yuan);
    if (amount === undefined) {
      issues.push({
        field: 'agreedInvestment',
        rule: switched ? 'is required when the currency changes to CNY (the dollars no longer apply)' : 'is required',
      });
    }
    if (issues.length > 0 || amount === undefined) return issues;
    return { capitalSource, currency, agreedInvestment: amount, agreedInvestmentOriginal: amount, fxRate: undefined, fxRateOn: undefined };
  }
  if (input.agreedInvestment !== undefined) {
    issues.push({
      field: 'agreedInvestment',
      rule: 'is computed for a project agreed in USD (agreedInvestmentOriginal × fxRate): send agreedInvestmentOriginal, fxRate and fxRateOn instead',
    });
  }
  const kept = switched ? undefined : current;
  const original = input.agreedInvestmentOriginal ?? kept?.original;
  const fxRate = input.fxRate ?? kept?.fxRate;
  const fxRateOn = input.fxRateOn ?? kept?.fxRateOn;
  const rule = switched ? 'is required when the currency changes to USD' : 'is required for a project agreed in USD';
  if (original === undefined) issues.push({ field: 'agreedInvestmentOriginal', rule: `${rule} (whole US dollars)` });
  if (fxRate === undefined) issues.push({ field: 'fxRate', rule: `${rule} (yuan per US dollar, such as "7.10")` });
  if (fxRateOn === undefined) issues.push({ field: 'fxRateOn', rule: `${rule} (the rate’s date)` });
  if (issues.length > 0 || original === undefined || fxRate === undefined || fxRateOn === undefined) return issues;
  return { capitalSource, currency, agreedInvestment: yuanOf(original, fxRate), agreedInvestmentOriginal: original, fxRate, fxRateOn };
}

/** Whether the request touches the investment at all (a correction that does not keeps it as stored). */
export function touchesInvestment(input: InvestmentInput): boolean {
  return INVESTMENT_INPUT_FIELDS.some((f) => input[f] !== undefined);
}

/** The investment fields of a sign (`left out` means the default) or a correction (`left out` means kept). */
export function investmentInputShape(mode: 'sign' | 'correct') {
  const leftOut = (defaultText: string) => (mode === 'sign' ? defaultText : 'unchanged when left out');
  return {
    capitalSource: z
      .enum(CAPITAL_SOURCES)
      .optional()
      .meta({ description: `内资 domestic or 外资 foreign (港澳台 counts as foreign); ${leftOut('domestic when left out')}` }),
    currency: z
      .enum(CURRENCIES)
      .optional()
      .meta({ description: `the currency the investment was agreed in; ${leftOut('CNY when left out')}` }),
    agreedInvestmentOriginal: OriginalAmount.optional().meta({
      description: 'whole units of the currency: US dollars for USD (required); for CNY equal to agreedInvestment or left out',
    }),
    fxRate: FxRate.optional(),
    fxRateOn: CalendarDate.optional().meta({ description: 'the date of the rate (USD only, required)' }),
  };
}

/** Two rates are the same when their values are: "7.1", "7.10" and "07.100" are one rate. */
export function sameRate(a: string | undefined, b: string | undefined): boolean {
  const value = (rate: string | undefined) =>
    rate
      ?.replace(/^0+(?=\d)/, '')
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  return value(a) === value(b);
}
