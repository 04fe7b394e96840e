// How the digest writes amounts and rates, in Chinese (default) or English.
export type Language = 'zh' | 'en';

const YI = 100_000_000;

/**
 * Chinese: 亿元 with two decimals below 10亿, one from there, none from 1000亿. English readers get
 * billions of yuan (1 bn = 10亿), two decimals.
 */
export function formatYi(yuan: number, lang: Language): string {
  if (yuan === 0) return lang === 'en' ? '¥0' : '0亿元';
  if (lang === 'en') return `¥${(yuan / 1e9).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} bn`;
  const yi = yuan / YI;
  const digits = Math.abs(yi) >= 1000 ? 0 : Math.abs(yi) >= 10 ? 1 : 2;
  return `${yi.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}亿元`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
