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

export const ALERT_LEVELS = ['red', 'yellow', 'green'] as const;
export const AlertLevel = z.enum(ALERT_LEVELS);

/** What makes a project yellow or red. Stable from day to day: the day counts are rendered when read. */
export const AlertReasonSchema = z.object({
  rule: z.enum(['notStarted', 'plannedStartPassed', 'plannedProductionPassed', 'problemOverdue']),
  level: z.enum(['red', 'yellow']),
  /** The date the rule counts from: signedOn, the planned date, or the problem's due date. */
  date: CalendarDate,
  problemId: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  responsibleUnit: z.string().min(1).optional(),
});
export type AlertReason = z.infer<typeof AlertReasonSchema>;

/** A signed or started project's traffic light, as last evaluated; `since` is when it took this level. */
export const AlertSchema = z.object({
  level: AlertLevel,
  since: CalendarDate,
  reasons: z.array(AlertReasonSchema),
});
export type Alert = z.infer<typeof AlertSchema>;

/** An open problem as the project carries it: enough for its alert and the rollups' counts. */
export const OpenProblemSchema = z.object({
  problemId: z.string().min(1),
  category: z.string().min(1),
  description: z.string().min(1),
  responsibleUnit: z.string().min(1),
  dueOn: CalendarDate,
  /** Past its due date when last evaluated (the daily sweep keeps it current). */
  overdue: z.boolean(),
});
export type OpenProblem = z.infer<typeof OpenProblemSchema>;

export const PROBLEM_STATUSES = ['open', 'resolved'] as const;

/** A problem (问题) raised on a project, chased until resolved. */
export const ProblemSnapshotSchema = z.object({
  problemId: z.string().min(1),
  projectId: ProjectId,
  /** The project's name and district, kept in step by the store, for the chase list. */
  projectName: z.string().min(1),
  district: z.string().min(1),
  category: z.string().min(1),
  description: z.string().min(1),
  responsibleUnit: z.string().min(1),
  dueOn: CalendarDate,
  raisedOn: CalendarDate,
  status: z.enum(PROBLEM_STATUSES),
  resolvedOn: CalendarDate.optional(),
  resolution: z.string().min(1).optional(),
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string().min(1),
});
export type ProblemSnapshot = z.infer<typeof ProblemSnapshotSchema>;

export const CAPITAL_SOURCES = ['domestic', 'foreign'] as const;
export const CURRENCIES = ['CNY', 'USD'] as const;

/** The full state of a project at one version, as carried in events and stored in the table. */
export const ProjectSnapshotSchema = z.object({
  projectId: ProjectId,
  name: z.string().min(1),
  investor: z.string().min(1),
  district: z.string().min(1),
  industry: z.string().min(1),
  /** Integer yuan: for USD, round(agreedInvestmentOriginal × fxRate). */
  agreedInvestment: z.number().int().nonnegative(),
  /** The investment's dimensions (v3): a project without them is domestic and agreed in CNY. */
  capitalSource: z.enum(CAPITAL_SOURCES).optional(),
  currency: z.enum(CURRENCIES).optional(),
  /** Integer units of `currency` (equal to agreedInvestment for CNY). */
  agreedInvestmentOriginal: z.number().int().nonnegative().optional(),
  /** USD only: yuan per US dollar as a decimal string, and its date. */
  fxRate: z.string().min(1).optional(),
  fxRateOn: CalendarDate.optional(),
  signedOn: CalendarDate,
  plannedStartOn: CalendarDate.optional(),
  plannedProductionOn: CalendarDate.optional(),
  startedOn: CalendarDate.optional(),
  producedOn: CalendarDate.optional(),
  terminatedOn: CalendarDate.optional(),
  terminationReason: z.string().min(1).optional(),
  responsibleUnit: z.string().min(1).optional(),
  /** Signed and started projects only (written since alerts exist). */
  alert: AlertSchema.optional(),
  openProblems: z.array(OpenProblemSchema).optional(),
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
  /** The problem after the change, on ProblemRaised, ProblemUpdated and ProblemResolved. */
  problem: ProblemSnapshotSchema.optional(),
});
export type ProjectEventDetail = z.infer<typeof ProjectEventDetailSchema>;
