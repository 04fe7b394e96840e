// What a reader of a year's rollups gets (GET /rollups/{year}, the digests): totals and rows by
// district, industry and month, each with the derived rates, against the year's targets.
import type { CityConfig, Targets } from './city-config';
import { deriveFigures, emptyCounters, type CohortCounters, type Counters, type DerivedFigures } from './rollup';

export type RollupRow = Counters & DerivedFigures;

export interface RollupView {
  year: number;
  asOf: string;
  targets: Targets;
  totals: RollupRow;
  byDistrict: (RollupRow & { district: string; name: string })[];
  byIndustry: (RollupRow & { industry: string; name: string; leading: boolean })[];
  byMonth: (RollupRow & { month: string })[];
  /** Starts and productions that happened in the year, whenever the project was signed. */
  happenedInYear: { started: number; inProduction: number };
}

export function composeRollupView(
  year: number,
  rows: readonly CohortCounters[],
  targets: Targets,
  config: CityConfig,
  asOf: Date,
): RollupView {
  const find = (match: (r: CohortCounters) => boolean): Counters => ({
    ...emptyCounters(),
    ...rows.find((r) => r.cohort.year === year && match(r))?.counters,
  });
  const row = (counters: Counters): RollupRow => ({ ...counters, ...deriveFigures(counters, targets) });
  const signed = (kind: string, member?: string) => (r: CohortCounters) => {
    if (r.cohort.view !== 'signed' || r.cohort.scope.kind !== kind) return false;
    const s = r.cohort.scope;
    return s.kind === 'total' || (s.kind === 'month' ? s.month : s.code) === member;
  };
  const happened = find((r) => r.cohort.view === 'happened' && r.cohort.scope.kind === 'total');
  return {
    year,
    asOf: asOf.toISOString(),
    targets,
    totals: row(find(signed('total'))),
    byDistrict: config.districts.map((d) => ({ district: d.code, name: d.name, ...row(find(signed('district', d.code))) })),
    byIndustry: config.industries.map((i) => ({
      industry: i.code,
      name: i.name,
      leading: i.leading,
      ...row(find(signed('industry', i.code))),
    })),
    byMonth: Array.from({ length: 12 }, (_, m) => String(m + 1).padStart(2, '0')).map((month) => ({
      month,
      ...row(find(signed('month', month))),
    })),
    happenedInYear: { started: happened.started, inProduction: happened.inProduction },
  };
}
