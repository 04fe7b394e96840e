// The project model: commands, derived status, invariants, and `decide`, which turns a command on a
// project's current state into the next state and exactly one event. Pure: no I/O, no clock.
import * as z from 'zod';
import { CalendarDate, DetailType, ProjectId, type ProjectEventDetail, type ProjectSnapshot } from '../../events';
import { alertChangeText, assessed, assessmentDiffers } from './alerts';
import type { CityConfig } from './city-config';
import { addYears, BUSINESS_TIME_ZONE, businessDateOf } from './dates';
import { DuplicateProjectError, InvalidTransitionError, ProjectNotFoundError, ValidationError, type FieldIssue } from './errors';
import {
  bandsOf,
  INVESTMENT_INPUT_FIELDS,
  investmentInputShape,
  investmentOf,
  resolveInvestment,
  sameRate,
  touchesInvestment,
  type Investment,
  type InvestmentInput,
} from './investment';
import { FreeText } from './text';

export type { ProjectSnapshot };

export const STATUSES = ['signed', 'started', 'in_production', 'terminated'] as const;
export type ProjectStatus = (typeof STATUSES)[number];

export function statusOf(p: Pick<ProjectSnapshot, 'startedOn' | 'producedOn' | 'terminatedOn'>): ProjectStatus {
  if (p.terminatedOn) return 'terminated';
  if (p.producedOn) return 'in_production';
  if (p.startedOn) return 'started';
  return 'signed';
}

// ---- command shapes ------------------------------------------------------------------------------

const Name = FreeText(200);
const Reason = FreeText(1000);
/** A configured code (district, industry): checked against the configuration by the invariants. */
const Code = z.string().trim().min(1, { message: 'must not be empty' }).max(32, { message: 'must be at most 32 characters' });
const Amount = z.number().int({ message: 'must be a whole number of yuan' }).positive({
  message: 'must be a positive number of yuan',
});

export const SignInputSchema = z.strictObject({
  projectId: ProjectId,
  name: Name,
  investor: Name,
  district: Code,
  industry: Code,
  agreedInvestment: Amount.optional().meta({ description: 'integer yuan; required for CNY, computed (never sent) for USD' }),
  ...investmentInputShape('sign'),
  signedOn: CalendarDate,
  plannedStartOn: CalendarDate.optional(),
  plannedProductionOn: CalendarDate.optional(),
  responsibleUnit: Name.optional(),
});
export const StartInputSchema = z.strictObject({ startedOn: CalendarDate });
export const ProduceInputSchema = z.strictObject({ producedOn: CalendarDate });
export const TerminateInputSchema = z.strictObject({ terminatedOn: CalendarDate, reason: Reason });
/** A correction: any editable field (null clears an optional one) and a required reason. */
export const CorrectInputSchema = z.strictObject({
  name: Name.optional(),
  investor: Name.optional(),
  district: Code.optional(),
  industry: Code.optional(),
  agreedInvestment: Amount.optional().meta({ description: 'integer yuan, for a CNY project (a USD project’s is computed)' }),
  ...investmentInputShape('correct'),
  signedOn: CalendarDate.optional(),
  plannedStartOn: CalendarDate.nullable().optional(),
  plannedProductionOn: CalendarDate.nullable().optional(),
  startedOn: CalendarDate.nullable().optional(),
  producedOn: CalendarDate.nullable().optional(),
  terminatedOn: CalendarDate.nullable().optional(),
  terminationReason: Reason.nullable().optional(),
  responsibleUnit: Name.nullable().optional(),
  reason: Reason,
});

export type SignInput = z.infer<typeof SignInputSchema>;
export type StartInput = z.infer<typeof StartInputSchema>;
export type ProduceInput = z.infer<typeof ProduceInputSchema>;
export type TerminateInput = z.infer<typeof TerminateInputSchema>;
export type CorrectInput = z.infer<typeof CorrectInputSchema>;

export type ProjectCommand =
  | ({ type: 'sign' } & SignInput)
  | ({ type: 'start'; projectId: string } & StartInput)
  | ({ type: 'produce'; projectId: string } & ProduceInput)
  | ({ type: 'terminate'; projectId: string } & TerminateInput)
  | ({ type: 'correct'; projectId: string } & CorrectInput)
  /** The daily sweep: record what time alone has done to the project's alert (actor system:alerts). */
  | { type: 'reviewAlert'; projectId: string };

/** Zod issues as field issues: the field's path and the rule in plain words. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const field = issue.path.map(String).join('.') || '(body)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...issue.path.map(String), key].join('.'),
        rule: 'is not a known field',
      }));
    }
    if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      return [{ field, rule: 'is required' }];
    }
    return [{ field, rule: issue.message }];
  });
}

/** Parses untrusted input with a schema, or throws a ValidationError naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error));
  return result.data;
}

// ---- invariants ----------------------------------------------------------------------------------

/** Every rule a project state must satisfy, as field issues (empty when valid). */
export function checkInvariants(p: ProjectSnapshot, config: CityConfig, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, rule: string) => issues.push({ field, rule });

  if (!config.districts.some((d) => d.code === p.district)) {
    add('district', `must be one of the configured districts: ${config.districts.map((d) => d.code).join(', ')}`);
  }
  if (!config.industries.some((i) => i.code === p.industry)) {
    add('industry', `must be one of the configured industries: ${config.industries.map((i) => i.code).join(', ')}`);
  }
  // In scope by the project's own currency: US$12M is in at any rate, though ¥85M is not.
  const investment = investmentOf(p);
  if (investment.currency === 'USD') {
    if (investment.original < config.minAgreedInvestmentUsd) {
      add(
        'agreedInvestmentOriginal',
        `must be at least ${config.minAgreedInvestmentUsd} US dollars (${config.minAgreedInvestmentUsd / 1e4} 万美元)`,
      );
    }
    if (investment.fxRateOn && investment.fxRateOn > today) {
      add('fxRateOn', `must not be after today (${today}, ${BUSINESS_TIME_ZONE})`);
    }
    if (investment.fxRateOn && investment.fxRateOn < config.earliestBusinessDate) {
      add('fxRateOn', `must not be before ${config.earliestBusinessDate}`);
    }
  } else if (p.agreedInvestment < config.minAgreedInvestment) {
    add('agreedInvestment', `must be at least ${config.minAgreedInvestment} yuan (${config.minAgreedInvestment / 1e8} 亿元)`);
  }
  if (p.agreedInvestment > config.maxAgreedInvestment) {
    const limit = `${config.maxAgreedInvestment} yuan (${config.maxAgreedInvestment / 1e8} 亿元)`;
    if (investment.currency === 'USD') {
      // The yuan is computed: the dollars are what was typed.
      add('agreedInvestmentOriginal', `must come to at most ${limit} at the rate ${investment.fxRate}: check the unit`);
    } else {
      add('agreedInvestment', `must be at most ${limit}: check the unit`);
    }
  }
  if (p.signedOn < config.earliestBusinessDate) {
    add('signedOn', `must not be before ${config.earliestBusinessDate}`);
  }
  for (const field of ['signedOn', 'startedOn', 'producedOn', 'terminatedOn'] as const) {
    const date = p[field];
    if (date && date > today) add(field, `must not be after today (${today}, ${BUSINESS_TIME_ZONE})`);
  }
  if (p.plannedStartOn && p.plannedStartOn < p.signedOn) {
    add('plannedStartOn', `must not be before signedOn (${p.signedOn})`);
  }
  const latestPlanned = addYears(p.signedOn, config.plannedWithinYears);
  if (p.plannedStartOn && p.plannedStartOn > latestPlanned) {
    add('plannedStartOn', `must be at most ${config.plannedWithinYears} years after signedOn (${latestPlanned})`);
  }
  if (p.plannedProductionOn) {
    if (p.plannedProductionOn < (p.plannedStartOn ?? p.signedOn)) {
      add(
        'plannedProductionOn',
        p.plannedStartOn ? `must not be before plannedStartOn (${p.plannedStartOn})` : `must not be before signedOn (${p.signedOn})`,
      );
    }
    if (p.plannedProductionOn > latestPlanned) {
      add('plannedProductionOn', `must be at most ${config.plannedWithinYears} years after signedOn (${latestPlanned})`);
    }
  }
  if (p.startedOn && p.startedOn < p.signedOn) {
    add('startedOn', `must not be before signedOn (${p.signedOn})`);
  }
  if (p.producedOn && !p.startedOn) {
    add('producedOn', 'requires startedOn: a project goes into production only after it has started');
  }
  if (p.producedOn && p.startedOn && p.producedOn < p.startedOn) {
    add('producedOn', `must not be before startedOn (${p.startedOn})`);
  }
  if (p.terminatedOn) {
    if (p.producedOn) add('terminatedOn', 'a project in production cannot be terminated');
    if (p.terminatedOn < p.signedOn) add('terminatedOn', `must not be before signedOn (${p.signedOn})`);
    if (p.startedOn && p.terminatedOn < p.startedOn) {
      add('terminatedOn', `must not be before startedOn (${p.startedOn})`);
    }
    if (!p.terminationReason) add('terminationReason', 'is required when terminatedOn is set');
  } else if (p.terminationReason) {
    add('terminationReason', 'is allowed only with terminatedOn');
  }
  return issues;
}

// ---- decide --------------------------------------------------------------------------------------

export interface CommandContext {
  actor: string;
  now: Date;
  newEventId: () => string;
  config: CityConfig;
}

export interface ProjectEvent {
  detailType: DetailType;
  detail: ProjectEventDetail;
}

/** Open problems a change closes with the project: it left signed and started (terminated, or in production). */
export interface ClosedProblems {
  problemIds: string[];
  resolvedOn: string;
  resolution: string;
}

export type Decision =
  | { kind: 'changed'; before: ProjectSnapshot | null; after: ProjectSnapshot; event: ProjectEvent; closes?: ClosedProblems }
  /** The command's effect is already in place (a retry or a duplicate): nothing to write. */
  | { kind: 'unchanged'; project: ProjectSnapshot };

const SIGN_FIELDS = [
  'name',
  'investor',
  'district',
  'industry',
  ...INVESTMENT_INPUT_FIELDS,
  'signedOn',
  'plannedStartOn',
  'plannedProductionOn',
  'responsibleUnit',
] as const;

const EDITABLE_FIELDS = [...SIGN_FIELDS, 'startedOn', 'producedOn', 'terminatedOn', 'terminationReason'] as const;
type EditableField = (typeof EDITABLE_FIELDS)[number];

/** Removes keys whose value is undefined, so snapshots compare and store cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function decide(current: ProjectSnapshot | null, command: ProjectCommand, ctx: CommandContext): Decision {
  if (command.type === 'sign') return decideSign(current, command, ctx);
  if (!current) throw new ProjectNotFoundError(command.projectId);
  if (command.type === 'reviewAlert') return decideReview(current, ctx);

  const status = statusOf(current);
  const refuse = (field: string, rule: string): never => {
    throw new InvalidTransitionError(current.projectId, status, [{ field, rule }]);
  };

  switch (command.type) {
    case 'start': {
      if (status === 'started' && current.startedOn === command.startedOn) return unchanged(current);
      if (status !== 'signed') refuse('startedOn', transitionRule(current, 'started'));
      return change(current, { startedOn: command.startedOn }, DetailType.started, undefined, ctx);
    }
    case 'produce': {
      if (status === 'in_production' && current.producedOn === command.producedOn) return unchanged(current);
      if (status !== 'started') refuse('producedOn', transitionRule(current, 'in production'));
      return change(current, { producedOn: command.producedOn }, DetailType.inProduction, undefined, ctx);
    }
    case 'terminate': {
      if (status === 'terminated' && current.terminatedOn === command.terminatedOn && current.terminationReason === command.reason) {
        return unchanged(current);
      }
      if (status !== 'signed' && status !== 'started') refuse('terminatedOn', transitionRule(current, 'terminated'));
      const fields = { terminatedOn: command.terminatedOn, terminationReason: command.reason };
      return change(current, fields, DetailType.terminated, command.reason, ctx);
    }
    case 'correct': {
      const { type: _type, projectId: _id, reason, ...changes } = command;
      const fields: Partial<Record<EditableField, unknown>> = {};
      for (const field of EDITABLE_FIELDS) {
        if (!(field in changes)) continue;
        const value = (changes as Record<string, unknown>)[field];
        if (value === undefined) continue;
        fields[field] = value === null ? undefined : value;
      }
      if (touchesInvestment(changes)) Object.assign(fields, storedInvestment(investmentOf(current), changes));
      // Compared as read, so an older project's implied domestic CNY is not a change.
      const was = { ...current, ...storedFieldsOf(current) };
      const differs = EDITABLE_FIELDS.some((f) => f in fields && !sameField(f, fields[f], was[f]));
      if (!differs) return unchanged(current);
      return change(current, fields as Partial<ProjectSnapshot>, DetailType.corrected, reason, ctx);
    }
  }
}

function decideSign(current: ProjectSnapshot | null, command: SignInput, ctx: CommandContext): Decision {
  const proposed = compact({
    projectId: command.projectId,
    name: command.name,
    investor: command.investor,
    district: command.district,
    industry: command.industry,
    ...storedInvestment(null, command),
    signedOn: command.signedOn,
    plannedStartOn: command.plannedStartOn,
    plannedProductionOn: command.plannedProductionOn,
    responsibleUnit: command.responsibleUnit,
    version: 1,
    updatedAt: ctx.now.toISOString(),
    updatedBy: ctx.actor,
  });
  if (current) {
    // Posting the same project again is a retry; the same id with other content is a mistake.
    const was = { ...current, ...storedFieldsOf(current) };
    // A CNY project's original is its yuan: the amount is named once.
    const mirrored = (f: string) => f === 'agreedInvestmentOriginal' && was.currency === 'CNY' && proposed.currency === 'CNY';
    const differing = SIGN_FIELDS.filter((f) => !sameField(f, was[f], proposed[f]) && !mirrored(f));
    if (differing.length === 0) return unchanged(current);
    throw new DuplicateProjectError(command.projectId, differing);
  }
  assertValid(proposed, ctx);
  const after = assessed(proposed, businessDateOf(ctx.now), ctx.config);
  return { kind: 'changed', before: null, after, event: eventFor(DetailType.signed, null, after, undefined, ctx) };
}

/** Time alone moves an alert: the sweep records the move, and nothing else, once. */
function decideReview(current: ProjectSnapshot, ctx: CommandContext): Decision {
  const today = businessDateOf(ctx.now);
  const next = assessed(current, today, ctx.config);
  if (!assessmentDiffers(current, next)) return unchanged(current);
  // No other field changes, so the invariants are not checked again: a project that a later
  // configuration would refuse must still get its alert.
  const after = { ...next, version: current.version + 1, updatedAt: ctx.now.toISOString(), updatedBy: ctx.actor };
  const reason = alertChangeText(current.alert, after.alert, today);
  return { kind: 'changed', before: current, after, event: eventFor(DetailType.alertChanged, current, after, reason, ctx) };
}

/**
 * The next state: the fields changed, the invariants checked, the alert and the problems' overdue
 * marks evaluated for today. Problem commands (problems.ts) build theirs with it too.
 */
export function change(
  current: ProjectSnapshot,
  fields: Partial<ProjectSnapshot>,
  detailType: DetailType,
  reason: string | undefined,
  ctx: CommandContext,
  extra: Pick<ProjectEventDetail, 'problem'> = {},
): Extract<Decision, { kind: 'changed' }> {
  const proposed = compact({
    ...current,
    ...fields,
    version: current.version + 1,
    updatedAt: ctx.now.toISOString(),
    updatedBy: ctx.actor,
  });
  assertValid(proposed, ctx);
  const today = businessDateOf(ctx.now);
  // Problems are chased while a project can still start or produce: one that is terminated or in
  // production closes its open problems, so the chase list and the counters hold only live ones.
  const status = statusOf(proposed);
  const leaving = proposed.openProblems && status !== 'signed' && status !== 'started';
  const closes = leaving
    ? {
        problemIds: proposed.openProblems!.map((o) => o.problemId),
        resolvedOn: today,
        resolution: status === 'terminated' ? '项目已终止，问题随之关闭' : '项目已投产，问题随之关闭',
      }
    : undefined;
  const after = assessed(leaving ? { ...proposed, openProblems: undefined } : proposed, today, ctx.config);
  const event = eventFor(detailType, current, after, reason, ctx, extra);
  return { kind: 'changed', before: current, after, event, ...(closes ? { closes } : {}) };
}

export function unchanged(project: ProjectSnapshot): Extract<Decision, { kind: 'unchanged' }> {
  return { kind: 'unchanged', project };
}

/** Whether a field's two values are the same: a rate by its value ("7.1" is "7.10"). */
function sameField(field: string, a: unknown, b: unknown): boolean {
  return field === 'fxRate' ? sameRate(a as string | undefined, b as string | undefined) : a === b;
}

/** The investment a sign or correction leaves, or a ValidationError naming what is missing or extra. */
function storedInvestment(current: Investment | null, input: InvestmentInput) {
  const resolved = resolveInvestment(current, input);
  if (Array.isArray(resolved)) throw new ValidationError(resolved);
  return resolved;
}

/** A project's investment fields as they read (an older project's as domestic CNY). */
function storedFieldsOf(p: ProjectSnapshot) {
  const inv = investmentOf(p);
  return {
    capitalSource: inv.capitalSource,
    currency: inv.currency,
    agreedInvestmentOriginal: inv.original,
    fxRate: inv.fxRate,
    fxRateOn: inv.fxRateOn,
  };
}

/** The size bands a project is in (B1 … B100), which the project list filters by. */
export function projectBands(p: ProjectSnapshot) {
  return bandsOf(investmentOf(p));
}

function assertValid(p: ProjectSnapshot, ctx: CommandContext): void {
  const issues = checkInvariants(p, ctx.config, businessDateOf(ctx.now));
  if (issues.length > 0) throw new ValidationError(issues);
}

function transitionRule(p: ProjectSnapshot, target: string): string {
  const status = statusOf(p);
  const since =
    status === 'terminated' ? p.terminatedOn : status === 'in_production' ? p.producedOn : status === 'started' ? p.startedOn : p.signedOn;
  const allowed =
    target === 'started'
      ? 'only a signed project can start'
      : target === 'in production'
        ? 'only a started project can go into production'
        : 'only a signed or started project can be terminated';
  return `${allowed}; this project is ${status.replace('_', ' ')} since ${since} (use a correction to change its dates)`;
}

function eventFor(
  detailType: DetailType,
  before: ProjectSnapshot | null,
  after: ProjectSnapshot,
  reason: string | undefined,
  ctx: CommandContext,
  extra: Pick<ProjectEventDetail, 'problem'> = {},
): ProjectEvent {
  return {
    detailType,
    detail: compact({
      schemaVersion: 1 as const,
      eventId: ctx.newEventId(),
      occurredAt: ctx.now.toISOString(),
      actor: ctx.actor,
      projectId: after.projectId,
      version: after.version,
      before,
      after,
      reason,
      ...extra,
    }),
  };
}
