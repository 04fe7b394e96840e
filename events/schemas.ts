// The event contract: what every ProjectX event carries. Producers and consumers import these
// schemas; a new field is additive, a breaking change is a new schemaVersion.
import * as z from 'zod';

export const PROJECT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/;

/** True when `value` is a real `YYYY-MM-DD` calendar date (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A business date: a calendar date in the city's local calendar (Asia/Shanghai). */
export const CalendarDate = z
  .string()
  .refine(isCalendarDate, { message: 'must be a calendar date YYYY-MM-DD' })
  .meta({ format: 'date', description: 'a calendar date in Asia/Shanghai', examples: ['2025-03-10'] });

export const ProjectId = z.string().regex(PROJECT_ID_PATTERN, {
  message: 'must be 3-64 letters, digits, "_" or "-", starting with a letter or digit',
});

/** The full state of a project at one version, as carried in events and stored in the table. */
export const ProjectSnapshotSchema = z.object({
  projectId: ProjectId,
  name: z.string().min(1),
  investor: z.string().min(1),
  district: z.string().min(1),
  industry: z.string().min(1),
  agreedInvestment: z.number().int().nonnegative(),
  signedOn: CalendarDate,
  plannedStartOn: CalendarDate.optional(),
  startedOn: CalendarDate.optional(),
  producedOn: CalendarDate.optional(),
  terminatedOn: CalendarDate.optional(),
  terminationReason: z.string().min(1).optional(),
  responsibleUnit: z.string().min(1).optional(),
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string().min(1),
});
export type ProjectSnapshot = z.infer<typeof ProjectSnapshotSchema>;

export const ProjectEventDetailSchema = z.object({
  schemaVersion: z.literal(1),
  eventId: z.string().min(1),
  occurredAt: z.iso.datetime(),
  actor: z.string().min(1),
  projectId: ProjectId,
  version: z.number().int().positive(),
  before: ProjectSnapshotSchema.nullable(),
  after: ProjectSnapshotSchema,
  reason: z.string().min(1).optional(),
});
export type ProjectEventDetail = z.infer<typeof ProjectEventDetailSchema>;
