// What a signed project adds to its cohorts' investment counters: per size band and per capital
// source (内资/外资), each a count and the yuan, and for foreign capital the dollars agreed.
import { bandsOf, investmentOf, type Band, type InvestmentFields } from './investment';

export const INVESTMENT_COUNTERS = [
  'bandB1',
  'bandB1Investment',
  'bandB5',
  'bandB5Investment',
  'bandB10',
  'bandB10Investment',
  'bandB50',
  'bandB50Investment',
  'bandB100',
  'bandB100Investment',
  'domesticSigned',
  'domesticInvestment',
  'foreignSigned',
  'foreignInvestment',
  /** The original US dollars of foreign projects agreed in USD (亿美元 = foreignUsd / 1e8), never converted back. */
  'foreignUsd',
] as const;
export type InvestmentCounterName = (typeof INVESTMENT_COUNTERS)[number];

export function bandCounters(band: Band): { count: InvestmentCounterName; investment: InvestmentCounterName } {
  return { count: `band${band}`, investment: `band${band}Investment` };
}

/** The investment counters one signed project adds (zeros left out). */
export function investmentCounters(p: InvestmentFields): Partial<Record<InvestmentCounterName, number>> {
  const inv = investmentOf(p);
  const counters: Partial<Record<InvestmentCounterName, number>> = {};
  for (const band of bandsOf(inv)) {
    const names = bandCounters(band);
    counters[names.count] = 1;
    counters[names.investment] = inv.yuan;
  }
  if (inv.capitalSource === 'foreign') {
    counters.foreignSigned = 1;
    counters.foreignInvestment = inv.yuan;
    if (inv.currency === 'USD') counters.foreignUsd = inv.original;
  } else {
    counters.domesticSigned = 1;
    counters.domesticInvestment = inv.yuan;
  }
  return counters;
}
