// Runs a command: read the project (and the problem it names), decide, commit. Optimistic: a lost race is a VersionConflictError
// for the caller to report (409), never a silent overwrite.
import { ulid } from 'ulid';
import type { ProblemSnapshot } from '../../events';
import type { CityConfig } from '../domain/city-config';
import { ProblemNotFoundError, VersionConflictError } from '../domain/errors';
import { decideProblem, type ProblemCommand } from '../domain/problems';
import { decide, type ProjectCommand, type ProjectEvent, type ProjectSnapshot } from '../domain/project';
import type { ProblemStore } from '../store/problem-store';
import type { ProjectStore } from '../store/project-store';

export interface CommandOptions {
  actor: string;
  config: CityConfig;
  /** The version the caller last saw (If-Match); a different current version is a conflict. */
  expectedVersion?: number;
  now?: Date;
  /**
   * Called with each state the command touches (the current one, before anything else is checked,
   * then the new one with the one it replaces) and before anything is written; throws to refuse,
   * e.g. a district office touching or moving a project of another district.
   */
  authorize?: (project: ProjectSnapshot, replaces?: ProjectSnapshot | null) => void;
}

export type CommandResult =
  | { outcome: 'changed'; project: ProjectSnapshot; event: ProjectEvent }
  | { outcome: 'unchanged'; project: ProjectSnapshot };

export async function executeCommand(store: ProjectStore, command: ProjectCommand, options: CommandOptions): Promise<CommandResult> {
  const current = await store.get(command.projectId);
  if (current) options.authorize?.(current);
  if (options.expectedVersion !== undefined && current && current.version !== options.expectedVersion) {
    throw new VersionConflictError(command.projectId, options.expectedVersion, current.version, 'stale-precondition');
  }
  const decision = decide(current, command, {
    actor: options.actor,
    config: options.config,
    now: options.now ?? new Date(),
    newEventId: ulid,
  });
  if (decision.kind === 'unchanged') return { outcome: 'unchanged', project: decision.project };
  options.authorize?.(decision.after, decision.before);
  await store.commit(decision);
  return { outcome: 'changed', project: decision.after, event: decision.event };
}

export type ProblemCommandResult =
  | { outcome: 'changed'; project: ProjectSnapshot; problem: ProblemSnapshot; event: ProjectEvent }
  | { outcome: 'unchanged'; project: ProjectSnapshot; problem: ProblemSnapshot };

/**
 * Raises, updates or resolves a problem: the project, the problem and the event in one transaction.
 * `expectedVersion` is the problem's (If-Match on an update); the project's own version guards the
 * write as for any command, so a lost race is a 409 to retry.
 */
export async function executeProblemCommand(
  store: ProjectStore,
  problems: ProblemStore,
  command: ProblemCommand,
  options: CommandOptions,
): Promise<ProblemCommandResult> {
  // A lost race (two problems of one project changed at once race on the project's version, which
  // neither caller named) is decided again on what is now stored: a repeat is then a repeat (200), and
  // a caller whose If-Match went stale gets its 412.
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptProblemCommand(store, problems, command, options);
    } catch (error) {
      const lostRace = error instanceof VersionConflictError && error.reason === 'lost-race';
      if (!lostRace || attempt >= 3) throw error;
    }
  }
}

async function attemptProblemCommand(
  store: ProjectStore,
  problems: ProblemStore,
  command: ProblemCommand,
  options: CommandOptions,
): Promise<ProblemCommandResult> {
  const [current, problem] = await Promise.all([
    store.get(command.projectId),
    command.type === 'raiseProblem' ? null : problems.get(command.projectId, command.problemId),
  ]);
  if (current) options.authorize?.(current);
  if (options.expectedVersion !== undefined && problem && problem.version !== options.expectedVersion) {
    const id = `${command.projectId}/problems/${command.problemId}`;
    throw new VersionConflictError(id, options.expectedVersion, problem.version, 'stale-precondition', 'problem');
  }
  const decision = decideProblem(current, problem, command, {
    actor: options.actor,
    config: options.config,
    now: options.now ?? new Date(),
    newEventId: ulid,
  });
  if (decision.kind === 'unchanged') {
    const same = decision.problem ?? (await problems.get(command.projectId, decision.problemId));
    if (!same) throw new ProblemNotFoundError(command.projectId, decision.problemId);
    return { outcome: 'unchanged', project: decision.project, problem: same };
  }
  await store.commit(decision);
  return { outcome: 'changed', project: decision.after, problem: decision.problem.after, event: decision.event };
}
