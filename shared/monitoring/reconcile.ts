// Reconcile: recompute a year's rollups from the project items, report every drifted counter, and
// repair on request. Rollups are a pure function of the projects, so any difference is drift.
import type { CityConfig } from '../domain/city-config';
import type { ProjectSnapshot } from '../domain/project';
import { cohortId, contribution, COUNTERS, mergeCohortCounters, type CohortCounters, type CounterName } from '../domain/rollup';
import type { RollupStore } from '../store/rollup-store';

export interface CounterDrift {
  /** The cohort, e.g. "signed|2025|district|haizhou". */
  cohort: string;
  counter: CounterName;
  stored: number;
  expected: number;
}

export interface ReconcileReport {
  year: number;
  projects: number;
  cohorts: number;
  drift: CounterDrift[];
  repaired: boolean;
}

/** The rollups of `year` as they should be, from the current projects. */
export function recomputeYear(projects: readonly ProjectSnapshot[], year: number, config: CityConfig): CohortCounters[] {
  return mergeCohortCounters(projects.flatMap((p) => contribution(p, config))).filter((r) => r.cohort.year === year);
}

export function compareRollups(stored: readonly CohortCounters[], expected: readonly CohortCounters[]): CounterDrift[] {
  const byId = (rows: readonly CohortCounters[]) => new Map(rows.map((r) => [cohortId(r.cohort), r]));
  const storedById = byId(stored);
  const expectedById = byId(expected);
  const drift: CounterDrift[] = [];
  for (const id of [...new Set([...storedById.keys(), ...expectedById.keys()])].sort()) {
    for (const counter of COUNTERS) {
      const s = storedById.get(id)?.counters[counter] ?? 0;
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
  options: { repair: boolean },
): Promise<ReconcileReport> {
  const projects = await store.scanProjects();
  const expected = recomputeYear(projects, year, config);
  const stored = await store.read(year);
  const drift = compareRollups(stored, expected);
  if (options.repair && drift.length > 0) await store.adjust(differences(drift, [...stored, ...expected]));
  return { year, projects: projects.length, cohorts: expected.length, drift, repaired: options.repair && drift.length > 0 };
}

/** The drift as counter differences per cohort (expected − stored), ready to ADD. */
function differences(drift: readonly CounterDrift[], rows: readonly CohortCounters[]): CohortCounters[] {
  const cohorts = new Map(rows.map((r) => [cohortId(r.cohort), r.cohort]));
  const byCohort = new Map<string, CohortCounters>();
  for (const d of drift) {
    const row = byCohort.get(d.cohort) ?? { cohort: cohorts.get(d.cohort)!, counters: {} };
    row.counters[d.counter] = d.expected - d.stored;
    byCohort.set(d.cohort, row);
  }
  return [...byCohort.values()];
}
