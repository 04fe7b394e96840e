// What every resource's routes share: the stores, the configuration, the clock, and how a command
// runs for a caller (its district and year rules checked on every state it touches).
import { ulid } from 'ulid';
import * as z from 'zod';
import { executeCommand, executeProblemCommand, type CommandResult, type ProblemCommandResult } from '../../commands/execute';
import { reasonText } from '../../domain/alerts';
import type { CityConfig } from '../../domain/city-config';
import { businessDateOf, daysBetween } from '../../domain/dates';
import { BANDS, bandsOf, CAPITAL_SOURCES, CURRENCIES, investmentOf } from '../../domain/investment';
import type { ProblemCommand } from '../../domain/problems';
import { statusOf, STATUSES, type ProjectCommand, type ProjectSnapshot } from '../../domain/project';
import type { DigestStore } from '../../store/digest-store';
import type { ImportStore } from '../../store/import-store';
import type { ProblemStore } from '../../store/problem-store';
import type { ProjectStore } from '../../store/project-store';
import type { RollupStore } from '../../store/rollup-store';
import { AlertReasonSchema, AlertSchema, type ProblemSnapshot, ProblemSnapshotSchema, ProjectSnapshotSchema } from '../../../events';
import { assertCanMoveAcrossYears, assertCanWrite, type Principal } from '../auth';
import { etagOf, json } from '../request';
import type { ApiResult } from '../route';

export interface ApiDependencies {
  projects: ProjectStore;
  problems: ProblemStore;
  rollups: RollupStore;
  digests: DigestStore;
  imports: ImportStore;
  config: CityConfig;
  /** The web app's public address, where digests link (none configured: no link). */
  webAppUrl?: string | null;
  now?: () => Date;
  onServerError?: (error: unknown) => void;
}

export interface RouteContext extends ApiDependencies {
  now: () => Date;
  /** Today's business date (Asia/Shanghai). */
  today: () => string;
  /** A new id for something a route creates (a problem). */
  newId: () => string;
  run: (principal: Principal, command: ProjectCommand, expectedVersion?: number) => Promise<CommandResult>;
  /** A problem command; `expectedVersion` is the problem's. */
  runProblem: (principal: Principal, command: ProblemCommand, expectedVersion?: number) => Promise<ProblemCommandResult>;
}

export function routeContext(deps: ApiDependencies): RouteContext {
  const now = deps.now ?? (() => new Date());
  return {
    ...deps,
    now,
    today: () => businessDateOf(now()),
    newId: ulid,
    runProblem: (principal, command, expectedVersion) =>
      executeProblemCommand(deps.projects, deps.problems, command, {
        actor: principal.userId,
        config: deps.config,
        now: now(),
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
        authorize: (project) => assertCanWrite(principal, project.district),
      }),
    run: (principal, command, expectedVersion) =>
      executeCommand(deps.projects, command, {
        actor: principal.userId,
        config: deps.config,
        now: now(),
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
        // A write must be allowed for the district the project is in and the one it moves to.
        authorize: (project, before) => {
          assertCanWrite(principal, project.district);
          if (before) assertCanMoveAcrossYears(principal, before, project);
        },
      }),
  };
}

/** The business year range the API accepts in paths and filters. */
export const YearSchema = z.preprocess(
  // Four digits only: Number() would also take 0x7ea, 2026.0 or 2e3.
  (value) => (typeof value === 'string' && /^[0-9]{4}$/.test(value) ? Number(value) : value),
  z
    .number({ error: 'must be a year such as 2026' })
    .int({ error: 'must be a year such as 2026' })
    .min(2000, { error: 'must be a year from 2000 to 2100' })
    .max(2100, { error: 'must be a year from 2000 to 2100' }),
);

/** An alert as the API returns it: each reason also as a person reads it today ("签约已 95 天未开工"). */
const PresentedAlertSchema = AlertSchema.extend({
  reasons: z.array(AlertReasonSchema.extend({ text: z.string() })),
});

/** A project as the API returns it: its fields plus the derived status, its alert's reasons in words. */
export const ProjectSchema = ProjectSnapshotSchema.extend({
  status: z.enum(STATUSES),
  alert: PresentedAlertSchema.optional(),
  // Always given (a project signed before v3 reads as domestic and CNY).
  capitalSource: z.enum(CAPITAL_SOURCES),
  currency: z.enum(CURRENCIES),
  agreedInvestmentOriginal: z.number().int().nonnegative().meta({ description: 'integer units of the currency' }),
  bands: z.array(z.enum(BANDS)).meta({ description: 'the size bands the project is in (B1 … B100, cumulative)' }),
});

export function present(p: ProjectSnapshot, today: string): z.infer<typeof ProjectSchema> {
  const { alert, ...rest } = p;
  const investment = investmentOf(p);
  return {
    ...rest,
    capitalSource: investment.capitalSource,
    currency: investment.currency,
    agreedInvestmentOriginal: investment.original,
    bands: bandsOf(investment),
    status: statusOf(p),
    ...(alert ? { alert: { ...alert, reasons: alert.reasons.map((r) => ({ ...r, text: reasonText(r, today) })) } } : {}),
  };
}

/** A command's outcome: 201 with Location when it created the project, else 200; ETag always. */
export function projectResponse(result: CommandResult, today: string, created = false): ApiResult {
  const status = created && result.outcome === 'changed' ? 201 : 200;
  const headers: Record<string, string> = { etag: etagOf(result.project.version) };
  if (status === 201) headers.location = `/projects/${encodeURIComponent(result.project.projectId)}`;
  return json(status, present(result.project, today), headers);
}

/** A problem as the API returns it: with whether it is overdue today, and by how many days. */
export const ProblemSchema = ProblemSnapshotSchema.extend({
  overdue: z.boolean(),
  daysOverdue: z.number().int().nonnegative().meta({ description: 'days past dueOn while open; 0 otherwise' }),
});

export function presentProblem(p: ProblemSnapshot, today: string): z.infer<typeof ProblemSchema> {
  const days = p.status === 'open' ? Math.max(0, daysBetween(p.dueOn, today)) : 0;
  return { ...p, overdue: days > 0, daysOverdue: days };
}
