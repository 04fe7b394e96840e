// Reconcile: recompute a year's rollups from the project items, report every drifted counter, and
// repair on request. Rollups are a pure function of the projects, so any difference is drift.
import type { CityConfig } from '../domain/city-config';
import type { ProjectSnapshot } from '../domain/project';
import {
  type Cohort,
  ALL_COUNTERS,
  cohortId,
  contribution,
  mergeCohortCounters,
  type CohortCounters,
  type CounterName,
} from '../domain/rollup';
import type { OverflowedCounter, RollupStore } from '../store/rollup-store';

export interface CounterDrift {
  /** The cohort, e.g. "signed|2025|district|haizhou". */
  cohort: string;
  counter: CounterName;
  /** A counter past 2^53 is given as its exact decimal string. */
  stored: number | string;
  expected: number;
}

export interface ReconcileReport {
  year: number;
  projects: number;
  cohorts: number;
  drift: CounterDrift[];
  repaired: boolean;
}

/** The rollups of `year` as they should be, from the current projects, with the live view (as `read` returns them). */
export function recomputeYear(projects: readonly ProjectSnapshot[], year: number, config: CityConfig): CohortCounters[] {
  return mergeCohortCounters(projects.flatMap((p) => contribution(p, config))).filter(
    (r) => r.cohort.year === year || r.cohort.view === 'live',
  );
}

/** Every counter that differs; `overflowed` are stored counters past 2^53, read apart as strings. */
export function compareRollups(
  stored: readonly CohortCounters[],
  expected: readonly CohortCounters[],
  overflowed: readonly OverflowedCounter[] = [],
): CounterDrift[] {
  const byId = (rows: readonly CohortCounters[]) => new Map(rows.map((r) => [cohortId(r.cohort), r]));
  const storedById = byId(stored);
  const expectedById = byId(expected);
  const exact = new Map(overflowed.map((o) => [`${cohortId(o.cohort)}|${o.counter}`, o.stored]));
  const ids = [...storedById.keys(), ...expectedById.keys(), ...overflowed.map((o) => cohortId(o.cohort))];
  const drift: CounterDrift[] = [];
  for (const id of [...new Set(ids)].sort()) {
    for (const counter of ALL_COUNTERS) {
      const s = exact.get(`${id}|${counter}`) ?? storedById.get(id)?.counters[counter] ?? 0;
      const e = expectedById.get(id)?.counters[counter] ?? 0;
      if (s !== e) drift.push({ cohort: id, counter, stored: s, expected: e });
    }
  }
  return drift;
}

export async function reconcileYear(
  store: RollupStore,
  config: CityConfig,
  year: number,
  options: { repair: boolean /** Check the live view too (once a night is enough: it is the same for every year). */; live?: boolean },
): Promise<ReconcileReport> {
  const projects = await store.scanProjects();
  const checked = (c: Cohort) => options.live !== false || c.view !== 'live';
  const expected = recomputeYear(projects, year, config).filter((r) => checked(r.cohort));
  const months = expected.flatMap((r) => (r.cohort.view === 'dated' || r.cohort.view === 'happenedDated' ? [r.cohort.on.slice(0, 7)] : []));
  const read = await store.readWithOverflows(year, [...new Set(months)]);
  const stored = read.rows.filter((r) => checked(r.cohort));
  const overflowed = read.overflowed.filter((o) => checked(o.cohort));
  const drift = compareRollups(stored, expected, overflowed);
  if (options.repair && drift.length > 0) {
    const rows = [...stored, ...expected, ...overflowed.map((o) => ({ cohort: o.cohort, counters: {} }))];
    const past2to53 = (d: CounterDrift) => typeof d.stored === 'string';
    // ADD keeps a delta applied concurrently; a counter past 2^53 cannot be ADDed back exactly, so it is set.
    await store.adjust(
      differences(
        drift.filter((d) => !past2to53(d)),
        rows,
      ),
    );
    await store.setCounters(values(drift.filter(past2to53), rows));
  }
  return { year, projects: projects.length, cohorts: expected.length, drift, repaired: options.repair && drift.length > 0 };
}

/** The drift as counter differences per cohort (expected − stored), ready to ADD. */
function differences(drift: readonly CounterDrift[], rows: readonly CohortCounters[]): CohortCounters[] {
  return perCohort(drift, rows, (d) => d.expected - Number(d.stored));
}

/** The drift as the values the counters must hold, to SET. */
function values(drift: readonly CounterDrift[], rows: readonly CohortCounters[]): CohortCounters[] {
  return perCohort(drift, rows, (d) => d.expected);
}

function perCohort(drift: readonly CounterDrift[], rows: readonly CohortCounters[], value: (d: CounterDrift) => number): CohortCounters[] {
  const cohorts = new Map(rows.map((r) => [cohortId(r.cohort), r.cohort]));
  const byCohort = new Map<string, CohortCounters>();
  for (const d of drift) {
    const row = byCohort.get(d.cohort) ?? { cohort: cohorts.get(d.cohort)!, counters: {} };
    row.counters[d.counter] = value(d);
    byCohort.set(d.cohort, row);
  }
  return [...byCohort.values()];
}
