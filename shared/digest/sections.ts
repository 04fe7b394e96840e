// The digest's project sections: what changed in the period (from its events), the stalled
// projects and the planned starts ahead. Pure: the composer reads the events and index pages.
import * as z from 'zod';
import type { CityConfig } from '../domain/city-config';
import { DetailType } from '../../events';
import { daysBetween } from '../domain/dates';
import type { ProjectEvent, ProjectSnapshot } from '../domain/project';

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
