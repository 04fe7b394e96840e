// Problems (问题协调 / 督办): what blocks a project, who must clear it, by when. Raising, updating and
// resolving one changes the project too (its open-problem summary, hence its alert and version),
// so each is decided here into the next project state, the problem's, and exactly one event.
import * as z from 'zod';
import { CalendarDate, DetailType, type OpenProblem, type ProblemSnapshot, type ProjectSnapshot } from '../../events';
import { addYears, businessDateOf } from './dates';
import { InvalidTransitionError, ProblemNotFoundError, ProjectNotFoundError, ValidationError, type FieldIssue } from './errors';
import { PROBLEM_CATEGORY_CODES } from './problem-categories';
import { change, statusOf, unchanged, type CommandContext, type Decision } from './project';
import { FreeText } from './text';

/** A project carries its open problems: more than this is a register kept in the wrong place. */
export const MAX_OPEN_PROBLEMS = 20;

const Unit = FreeText(200);
const Reason = FreeText(1000);

export const RaiseProblemInputSchema = z.strictObject({
  category: z.enum(PROBLEM_CATEGORY_CODES, { error: `must be one of: ${PROBLEM_CATEGORY_CODES.join(', ')}` }),
  description: FreeText(500),
  responsibleUnit: Unit,
  dueOn: CalendarDate,
});
export const UpdateProblemInputSchema = z
  .strictObject({ dueOn: CalendarDate.optional(), responsibleUnit: Unit.optional(), reason: Reason })
  .refine((b) => b.dueOn !== undefined || b.responsibleUnit !== undefined, {
    message: 'give a new dueOn or responsibleUnit',
    path: ['dueOn'],
  });
export const ResolveProblemInputSchema = z.strictObject({ resolvedOn: CalendarDate, resolution: Reason });

export type RaiseProblemInput = z.infer<typeof RaiseProblemInputSchema>;
export type UpdateProblemInput = z.infer<typeof UpdateProblemInputSchema>;
export type ResolveProblemInput = z.infer<typeof ResolveProblemInputSchema>;

export type ProblemCommand =
  | ({ type: 'raiseProblem'; projectId: string; problemId: string } & RaiseProblemInput)
  | ({ type: 'updateProblem'; projectId: string; problemId: string } & UpdateProblemInput)
  | ({ type: 'resolveProblem'; projectId: string; problemId: string } & ResolveProblemInput);

export type ProblemDecision =
  | (Extract<Decision, { kind: 'changed' }> & { problem: { before: ProblemSnapshot | null; after: ProblemSnapshot } })
  /** `problemId`: the problem the command meant (for a repeated raise, the one raised before). */
  | { kind: 'unchanged'; project: ProjectSnapshot; problemId: string; problem: ProblemSnapshot | null };

/**
 * `problem` is the stored problem the command names (null for a raise, or when there is none).
 * A repeat (the same raise while that problem is open, the same resolution) changes nothing.
 */
export function decideProblem(
  project: ProjectSnapshot | null,
  problem: ProblemSnapshot | null,
  command: ProblemCommand,
  ctx: CommandContext,
): ProblemDecision {
  if (!project) throw new ProjectNotFoundError(command.projectId);
  const today = businessDateOf(ctx.now);
  const open = project.openProblems ?? [];
  const invalid = (field: string, rule: string): never => {
    throw new ValidationError([{ field, rule }]);
  };
  const refuse = (field: string, rule: string): never => {
    throw new InvalidTransitionError(project.projectId, statusOf(project), [{ field, rule }]);
  };
  const checkDue = (dueOn: string, from: string) => {
    const issues: FieldIssue[] = [];
    if (dueOn < from) issues.push({ field: 'dueOn', rule: `must not be before ${from}` });
    const latest = addYears(today, ctx.config.plannedWithinYears);
    if (dueOn > latest)
      issues.push({ field: 'dueOn', rule: `must be at most ${ctx.config.plannedWithinYears} years from today (${latest})` });
    if (issues.length > 0) throw new ValidationError(issues);
  };

  switch (command.type) {
    case 'raiseProblem': {
      const { type: _t, projectId: _p, problemId, ...fields } = command;
      const repeat = open.find(
        (o) =>
          o.category === fields.category &&
          o.description === fields.description &&
          o.responsibleUnit === fields.responsibleUnit &&
          o.dueOn === fields.dueOn,
      );
      if (repeat) return { ...unchanged(project), problemId: repeat.problemId, problem: null };
      const status = statusOf(project);
      if (status !== 'signed' && status !== 'started') {
        refuse('projectId', `problems are raised on signed or started projects; this project is ${status.replace('_', ' ')}`);
      }
      if (open.length >= MAX_OPEN_PROBLEMS) {
        refuse('projectId', `a project has at most ${MAX_OPEN_PROBLEMS} open problems: resolve one first`);
      }
      checkDue(fields.dueOn, project.signedOn);
      const after: ProblemSnapshot = {
        problemId,
        projectId: project.projectId,
        projectName: project.name,
        district: project.district,
        ...fields,
        raisedOn: today,
        status: 'open',
        version: 1,
        updatedAt: ctx.now.toISOString(),
        updatedBy: ctx.actor,
      };
      return withProblem(project, [...open, summaryOf(after)], DetailType.problemRaised, undefined, ctx, null, after);
    }
    case 'updateProblem': {
      const current = requireProblem(project, problem, command.problemId);
      if (current.status !== 'open') refuse('problemId', `a resolved problem cannot change (resolved on ${current.resolvedOn})`);
      const next = { dueOn: command.dueOn ?? current.dueOn, responsibleUnit: command.responsibleUnit ?? current.responsibleUnit };
      if (next.dueOn === current.dueOn && next.responsibleUnit === current.responsibleUnit) {
        return { ...unchanged(project), problemId: current.problemId, problem: current };
      }
      // A due date typed wrong at the raise may be corrected to any date the raise would take.
      if (next.dueOn !== current.dueOn) checkDue(next.dueOn, project.signedOn);
      const after = { ...current, ...next, version: current.version + 1, updatedAt: ctx.now.toISOString(), updatedBy: ctx.actor };
      const summaries = open.map((o) => (o.problemId === after.problemId ? summaryOf(after) : o));
      return withProblem(project, summaries, DetailType.problemUpdated, command.reason, ctx, current, after);
    }
    case 'resolveProblem': {
      const current = requireProblem(project, problem, command.problemId);
      if (current.status === 'resolved') {
        if (current.resolvedOn === command.resolvedOn && current.resolution === command.resolution) {
          return { ...unchanged(project), problemId: current.problemId, problem: current };
        }
        refuse('problemId', `this problem was already resolved on ${current.resolvedOn}`);
      }
      if (command.resolvedOn < current.raisedOn) invalid('resolvedOn', `must not be before the day it was raised (${current.raisedOn})`);
      if (command.resolvedOn > today) invalid('resolvedOn', `must not be after today (${today}, Asia/Shanghai)`);
      const after: ProblemSnapshot = {
        ...current,
        status: 'resolved',
        resolvedOn: command.resolvedOn,
        resolution: command.resolution,
        version: current.version + 1,
        updatedAt: ctx.now.toISOString(),
        updatedBy: ctx.actor,
      };
      const summaries = open.filter((o) => o.problemId !== after.problemId);
      return withProblem(project, summaries, DetailType.problemResolved, command.resolution, ctx, current, after);
    }
  }
}

function requireProblem(project: ProjectSnapshot, problem: ProblemSnapshot | null, problemId: string): ProblemSnapshot {
  if (!problem || problem.projectId !== project.projectId) throw new ProblemNotFoundError(project.projectId, problemId);
  return problem;
}

function summaryOf(p: ProblemSnapshot): OpenProblem {
  return {
    problemId: p.problemId,
    category: p.category,
    description: p.description,
    responsibleUnit: p.responsibleUnit,
    dueOn: p.dueOn,
    overdue: false,
  };
}

function withProblem(
  project: ProjectSnapshot,
  openProblems: OpenProblem[],
  detailType: DetailType,
  reason: string | undefined,
  ctx: CommandContext,
  before: ProblemSnapshot | null,
  after: ProblemSnapshot,
): ProblemDecision {
  // An empty list is written as none, as a project that never had a problem.
  const fields = { openProblems: openProblems.length > 0 ? openProblems : undefined };
  const decided = change(project, fields, detailType, reason, ctx, { problem: after });
  return { ...decided, problem: { before, after } };
}
