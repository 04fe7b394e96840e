// The digest's project sections: what changed in the period (from its events), the stalled
// projects, the planned starts ahead, the lights and the overdue problems. Pure: the composer reads the events and index pages.
import * as z from 'zod';
import type { CityConfig } from '../domain/city-config';
import { DetailType, type ProblemSnapshot } from '../../events';
import { reasonText } from '../domain/alerts';
import { daysBetween } from '../domain/dates';
import { problemCategoryName } from '../domain/problem-categories';
import type { ProjectEvent, ProjectSnapshot } from '../domain/project';
import type { RollupView } from '../domain/rollup-view';

export const ProjectLineSchema = z.object({
  projectId: z.string(),
  name: z.string(),
  district: z.string(),
  districtName: z.string(),
  agreedInvestment: z.number().int(),
  responsibleUnit: z.string().nullable(),
});
export type ProjectLine = z.infer<typeof ProjectLineSchema>;

export const ChangeGroupSchema = z.object({
  count: z.number().int(),
  agreedInvestment: z.number().int(),
  /** The largest by agreed investment, at most `LARGEST_NAMED`. */
  largest: z.array(ProjectLineSchema),
});
export type ChangeGroup = z.infer<typeof ChangeGroupSchema>;

export const ChangesSchema = z.object({
  signed: ChangeGroupSchema,
  started: ChangeGroupSchema,
  inProduction: ChangeGroupSchema,
  terminated: ChangeGroupSchema,
  corrected: z.number().int(),
});
export type Changes = z.infer<typeof ChangesSchema>;

export const LARGEST_NAMED = 3;

export function lineOf(p: ProjectSnapshot, config: CityConfig): ProjectLine {
  return {
    projectId: p.projectId,
    name: p.name,
    district: p.district,
    districtName: config.districts.find((d) => d.code === p.district)?.name ?? p.district,
    agreedInvestment: p.agreedInvestment,
    responsibleUnit: p.responsibleUnit ?? null,
  };
}

/** What happened in a period, from the events posted in it (each counted once, by event id). */
export function changesFrom(events: readonly ProjectEvent[], config: CityConfig): Changes {
  const unique = [...new Map(events.map((e) => [e.detail.eventId, e])).values()];
  const group = (type: DetailType): ChangeGroup => {
    const projects = unique.filter((e) => e.detailType === type).map((e) => e.detail.after);
    return {
      count: projects.length,
      agreedInvestment: projects.reduce((sum, p) => sum + p.agreedInvestment, 0),
      largest: [...projects]
        .sort((a, b) => b.agreedInvestment - a.agreedInvestment || a.projectId.localeCompare(b.projectId))
        .slice(0, LARGEST_NAMED)
        .map((p) => lineOf(p, config)),
    };
  };
  return {
    signed: group(DetailType.signed),
    started: group(DetailType.started),
    inProduction: group(DetailType.inProduction),
    terminated: group(DetailType.terminated),
    corrected: unique.filter((e) => e.detailType === DetailType.corrected).length,
  };
}

export const StalledLineSchema = ProjectLineSchema.extend({
  signedOn: z.string(),
  plannedStartOn: z.string().nullable(),
  daysSinceSigned: z.number().int(),
  /** Why it is listed: signed long ago without a start, past its planned start, or both. */
  reasons: z.array(z.enum(['not-started-in-time', 'past-planned-start'])),
});
export type StalledLine = z.infer<typeof StalledLineSchema>;

/**
 * Stalled: signed more than `stalledAfterDays` days before `asOf` without a start, or past the
 * planned start; oldest signing first. Inputs are the index pages for both (they may overlap).
 */
export function stalledFrom(
  signedLongAgo: readonly ProjectSnapshot[],
  pastPlannedStart: readonly ProjectSnapshot[],
  asOf: string,
  config: CityConfig,
): StalledLine[] {
  const byId = new Map<string, StalledLine>();
  const add = (p: ProjectSnapshot, reason: StalledLine['reasons'][number]) => {
    const line = byId.get(p.projectId) ?? {
      ...lineOf(p, config),
      signedOn: p.signedOn,
      plannedStartOn: p.plannedStartOn ?? null,
      daysSinceSigned: daysBetween(p.signedOn, asOf),
      reasons: [],
    };
    if (!line.reasons.includes(reason)) line.reasons.push(reason);
    byId.set(p.projectId, line);
  };
  for (const p of signedLongAgo) add(p, 'not-started-in-time');
  for (const p of pastPlannedStart) add(p, 'past-planned-start');
  return [...byId.values()].sort((a, b) => a.signedOn.localeCompare(b.signedOn) || a.projectId.localeCompare(b.projectId));
}

/** A district's stalled projects: how many, and the oldest signings named (at most `OLDEST_NAMED`). */
export const DistrictStalledSchema = z.object({
  district: z.string(),
  districtName: z.string(),
  count: z.number().int(),
  oldest: z.array(StalledLineSchema),
});
export type DistrictStalled = z.infer<typeof DistrictStalledSchema>;

export const OLDEST_NAMED = 3;

export const UpcomingLineSchema = ProjectLineSchema.extend({ plannedStartOn: z.string() });
export type UpcomingLine = z.infer<typeof UpcomingLineSchema>;

/** Planned starts ahead, soonest first. */
export function upcomingFrom(planned: readonly ProjectSnapshot[], config: CityConfig): UpcomingLine[] {
  return planned
    .filter((p): p is ProjectSnapshot & { plannedStartOn: string } => Boolean(p.plannedStartOn))
    .map((p) => ({ ...lineOf(p, config), plannedStartOn: p.plannedStartOn }))
    .sort((a, b) => a.plannedStartOn.localeCompare(b.plannedStartOn) || a.projectId.localeCompare(b.projectId));
}

export const RedLineSchema = ProjectLineSchema.extend({
  signedOn: z.string(),
  /** Red since. */
  since: z.string(),
  /** Why, as a person reads it on the digest's day (no typed text in it). */
  reasons: z.array(z.string()),
});
export type RedLine = z.infer<typeof RedLineSchema>;

/** A district's lights now: its red and yellow projects counted, the earliest-signed red one named. */
export const DistrictAlertsSchema = z.object({
  district: z.string(),
  districtName: z.string(),
  red: z.number().int(),
  yellow: z.number().int(),
  oldestRed: RedLineSchema.nullable(),
});

export const AlertsSectionSchema = z.object({
  red: z.number().int(),
  yellow: z.number().int(),
  byDistrict: z.array(DistrictAlertsSchema),
});
export type AlertsSection = z.infer<typeof AlertsSectionSchema>;

/** The lights of every district (the live counters) with each district's oldest red project. */
export function alertsFrom(
  live: RollupView['live'],
  oldestRed: ReadonlyMap<string, ProjectSnapshot | null>,
  asOf: string,
  config: CityConfig,
): AlertsSection {
  return {
    red: live.totals.alertRed,
    yellow: live.totals.alertYellow,
    byDistrict: live.byDistrict.map((d) => {
      const p = oldestRed.get(d.district) ?? null;
      return {
        district: d.district,
        districtName: d.name,
        red: d.alertRed,
        yellow: d.alertYellow,
        oldestRed: p && {
          ...lineOf(p, config),
          signedOn: p.signedOn,
          since: p.alert?.since ?? asOf,
          // Without the problems' units: typed text, which the renderings would each have to escape (the
          // units are in the overdue problems' section).
          reasons: (p.alert?.reasons ?? []).filter((r) => r.level === 'red').map((r) => reasonText(r, asOf, { unit: false })),
        },
      };
    }),
  };
}

export const OverdueProblemLineSchema = z.object({
  projectId: z.string(),
  projectName: z.string(),
  districtName: z.string(),
  category: z.string().meta({ description: 'the category as the bureau names it, e.g. 用地' }),
  dueOn: z.string(),
  daysOverdue: z.number().int(),
});
export type OverdueProblemLine = z.infer<typeof OverdueProblemLineSchema>;

export const UnitProblemsSchema = z.object({
  responsibleUnit: z.string(),
  count: z.number().int(),
  /** The longest overdue first, at most `OLDEST_NAMED`. */
  oldest: z.array(OverdueProblemLineSchema),
});

export const OverdueProblemsSchema = z.object({
  count: z.number().int(),
  /** By responsible unit, the unit with the longest overdue problem first, at most `UNITS_LISTED`. */
  byUnit: z.array(UnitProblemsSchema),
  /** Units with overdue problems not listed. */
  unitsMore: z.number().int(),
});
export type OverdueProblems = z.infer<typeof OverdueProblemsSchema>;

export const UNITS_LISTED = 10;

/** Overdue problems grouped by responsible unit, oldest first, capped with a count of the rest. */
export function overdueProblemsFrom(problems: readonly ProblemSnapshot[], asOf: string, config: CityConfig): OverdueProblems {
  const byUnit = new Map<string, ProblemSnapshot[]>();
  const sorted = [...problems].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.problemId.localeCompare(b.problemId));
  for (const p of sorted) byUnit.set(p.responsibleUnit, [...(byUnit.get(p.responsibleUnit) ?? []), p]);
  const units = [...byUnit.entries()].map(([responsibleUnit, list]) => ({
    responsibleUnit,
    count: list.length,
    oldest: list.slice(0, OLDEST_NAMED).map((p) => ({
      projectId: p.projectId,
      projectName: p.projectName,
      districtName: config.districts.find((d) => d.code === p.district)?.name ?? p.district,
      category: problemCategoryName(p.category),
      dueOn: p.dueOn,
      daysOverdue: daysBetween(p.dueOn, asOf),
    })),
  }));
  return { count: sorted.length, byUnit: units.slice(0, UNITS_LISTED), unitsMore: Math.max(0, units.length - UNITS_LISTED) };
}
