// The buckets the year-end projection compares open projects by (DESIGN.md, "Where the year
// stands"): whether a start is planned by the signing year's end, and the age since signing.
import { yearOf } from './dates';
import type { ProjectSnapshot } from './project';

/** Whether the project plans to start by its signing year's end, later, or has no planned start. */
export const PLANNED_START_CLASSES = ['byYearEnd', 'afterYearEnd', 'none'] as const;
export type PlannedStartClass = (typeof PLANNED_START_CLASSES)[number];
/** Age since signing, by lower bound in days: 0–89, 90–179, 180 and more. */
export const AGE_CLASSES = [0, 90, 180] as const;
export type AgeClass = (typeof AGE_CLASSES)[number];

export interface OpenBucket {
  plannedStart: PlannedStartClass;
  age: AgeClass;
}

export const OPEN_BUCKETS: readonly OpenBucket[] = PLANNED_START_CLASSES.flatMap((plannedStart) =>
  AGE_CLASSES.map((age) => ({ plannedStart, age })),
);

/** Open on the date, in the bucket. */
export type OpenCounterName = `open_${PlannedStartClass}_${AgeClass}`;
/** Open on the date, in the bucket, and started by its signing year's end (known once that year is over). */
export type OpenStartedCounterName = `openStartedInYear_${PlannedStartClass}_${AgeClass}`;

export function openCounter(b: OpenBucket): OpenCounterName {
  return `open_${b.plannedStart}_${b.age}`;
}

export function openStartedCounter(b: OpenBucket): OpenStartedCounterName {
  return `openStartedInYear_${b.plannedStart}_${b.age}`;
}

export const OPEN_COUNTERS: readonly (OpenCounterName | OpenStartedCounterName)[] = OPEN_BUCKETS.flatMap((b) => [
  openCounter(b),
  openStartedCounter(b),
]);

export function plannedStartClass(p: Pick<ProjectSnapshot, 'signedOn' | 'plannedStartOn'>): PlannedStartClass {
  if (!p.plannedStartOn) return 'none';
  return yearOf(p.plannedStartOn) <= yearOf(p.signedOn) ? 'byYearEnd' : 'afterYearEnd';
}
