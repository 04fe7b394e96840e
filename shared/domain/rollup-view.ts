// What a reader of a year's rollups gets (GET /rollups/{year}, the digests): totals and rows by
// district, industry and month, each with the derived rates, against the year's targets.
// The schemas are the API's response contract; the types are inferred from them.
import * as z from 'zod';
import { TargetsSchema, type CityConfig, type Targets } from './city-config';
import { deriveFigures, emptyCounters, type CohortCounters, type Counters } from './rollup';

// Counters and rates are not bounded here: events apply in any order, so a counter may be briefly
// negative, or a rate above 1, until the rest of a project's events arrive.
const Count = z.number().int();
const Rate = z.number().nullable().meta({ description: 'a fraction (0–1), null where nothing was signed' });

export const RollupRowSchema = z.object({
  signed: Count,
  agreedInvestment: Count.meta({ description: 'integer yuan' }),
  leadingSigned: Count,
  started: Count,
  startedSameYear: Count,
  inProduction: Count,
  producedSameYear: Count,
  terminated: Count,
  alertRed: Count.meta({ description: 'projects of this cohort whose light is red' }),
  alertYellow: Count,
  problemsOpen: Count,
  problemsOverdue: Count,
  sameYearStartRate: Rate,
  leadingShare: Rate,
  startsNeeded: Count.meta({ description: 'same-year starts still needed to reach the target rate' }),
});
export type RollupRow = z.infer<typeof RollupRowSchema>;

const LiveRowSchema = z.object({ alertRed: Count, alertYellow: Count, problemsOpen: Count, problemsOverdue: Count });
export type LiveRow = z.infer<typeof LiveRowSchema>;

export const RollupViewSchema = z.object({
  year: z.number().int(),
  asOf: z.iso.datetime(),
  targets: TargetsSchema,
  totals: RollupRowSchema,
  byDistrict: z.array(RollupRowSchema.extend({ district: z.string(), name: z.string() })),
  byIndustry: z.array(RollupRowSchema.extend({ industry: z.string(), name: z.string(), leading: z.boolean() })),
  byMonth: z.array(RollupRowSchema.extend({ month: z.string().regex(/^(0[1-9]|1[0-2])$/) })),
  /** Starts and productions that happened in the year, whenever the project was signed. */
  happenedInYear: z.object({ started: Count, inProduction: Count }),
  /** Alerts and problems of every project now, whatever its signing year. */
  live: z.object({
    totals: LiveRowSchema,
    byDistrict: z.array(LiveRowSchema.extend({ district: z.string(), name: z.string() })),
  }),
});
export type RollupView = z.infer<typeof RollupViewSchema>;

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
  const live = (code?: string): LiveRow => {
    const c: Counters = {
      ...emptyCounters(),
      ...rows.find(
        (r) =>
          r.cohort.view === 'live' &&
          (code === undefined ? r.cohort.scope.kind === 'total' : r.cohort.scope.kind === 'district' && r.cohort.scope.code === code),
      )?.counters,
    };
    return { alertRed: c.alertRed, alertYellow: c.alertYellow, problemsOpen: c.problemsOpen, problemsOverdue: c.problemsOverdue };
  };
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
    live: { totals: live(), byDistrict: config.districts.map((d) => ({ district: d.code, name: d.name, ...live(d.code) })) },
  };
}
