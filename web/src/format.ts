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
  'responsibleUnit',
] as const;
export type SignField = (typeof SIGN_FIELDS)[number];

export function yi(yuan: number, digits = 2): string {
  return (yuan / YI).toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function percent(rate: number | null | undefined, digits = 1): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(digits)}%`;
}

/** Today's business date in the city (Asia/Shanghai), YYYY-MM-DD. */
export function todayInShanghai(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
