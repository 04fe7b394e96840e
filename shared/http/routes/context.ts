// What every resource's routes share: the stores, the configuration, the clock, and how a command
// runs for a caller (its district and year rules checked on every state it touches).
import * as z from 'zod';
import { executeCommand, type CommandResult } from '../../commands/execute';
import type { CityConfig } from '../../domain/city-config';
import { statusOf, STATUSES, type ProjectCommand, type ProjectSnapshot } from '../../domain/project';
import type { DigestStore } from '../../store/digest-store';
import type { ProjectStore } from '../../store/project-store';
import type { RollupStore } from '../../store/rollup-store';
import { ProjectSnapshotSchema } from '../../../events';
import { assertCanMoveAcrossYears, assertCanWrite, type Principal } from '../auth';
import { etagOf, json } from '../request';
import type { ApiResult } from '../route';

export interface ApiDependencies {
  projects: ProjectStore;
  rollups: RollupStore;
  digests: DigestStore;
  config: CityConfig;
  /** The web app's public address, where digests link (none configured: no link). */
  webAppUrl?: string | null;
  now?: () => Date;
  onServerError?: (error: unknown) => void;
}

export interface RouteContext extends ApiDependencies {
  now: () => Date;
  run: (principal: Principal, command: ProjectCommand, expectedVersion?: number) => Promise<CommandResult>;
}

export function routeContext(deps: ApiDependencies): RouteContext {
  const now = deps.now ?? (() => new Date());
  return {
    ...deps,
    now,
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
export const YearSchema = z.coerce.number().int().min(2000).max(2100);

/** A project as the API returns it: its fields plus the derived status. */
export const ProjectSchema = ProjectSnapshotSchema.extend({ status: z.enum(STATUSES) });

export function present(p: ProjectSnapshot): z.infer<typeof ProjectSchema> {
  return { ...p, status: statusOf(p) };
}

/** A command's outcome: 201 with Location when it created the project, else 200; ETag always. */
export function projectResponse(result: CommandResult, created = false): ApiResult {
  const status = created && result.outcome === 'changed' ? 201 : 200;
  const headers: Record<string, string> = { etag: etagOf(result.project.version) };
  if (status === 201) headers.location = `/projects/${encodeURIComponent(result.project.projectId)}`;
  return json(status, present(result.project), headers);
}
