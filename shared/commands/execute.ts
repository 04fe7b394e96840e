// Runs a command: read the project, decide, commit. Optimistic: a lost race is a VersionConflictError
// for the caller to report (409), never a silent overwrite.
import { ulid } from 'ulid';
import type { CityConfig } from '../domain/city-config';
import { VersionConflictError } from '../domain/errors';
import { decide, type ProjectCommand, type ProjectEvent, type ProjectSnapshot } from '../domain/project';
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
