// One table for every figure: median and spread (min–max) over the runs of one `npm run bench`.
import { median } from './measure';

export interface Row {
  group: string;
  measure: string;
  /** One value per run. */
  samples: number[];
  unit: string;
  digits?: number;
}

export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| group | measure | median | spread (min–max) | unit | runs |', '| --- | --- | ---: | ---: | --- | ---: |'];
  for (const r of rows) {
    const d = r.digits ?? 1;
    const fmt = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
    const spread = r.samples.length > 1 ? `${fmt(Math.min(...r.samples))}–${fmt(Math.max(...r.samples))}` : '';
    lines.push(`| ${r.group} | ${r.measure} | ${fmt(median(r.samples))} | ${spread} | ${r.unit} | ${r.samples.length} |`);
  }
  return lines.join('\n');
}
