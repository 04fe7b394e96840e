// Signing a chunk of a background import, as the importer would have in one request: each row a
// sign command with the importer's district rights, a bad row reported and never blocking the
// others; the chunk's results counted into the job once, however often the chunk is delivered.
import type { CityConfig } from '../domain/city-config';
import { VersionConflictError, type FieldIssue } from '../domain/errors';
import type { SignInput } from '../domain/project';
import { assertCanWrite, type Principal } from '../http/auth';
import { problemFor } from '../http/problem';
import { importRows } from '../spreadsheets/table-import';
import type { ImportChunk, ImportStore } from '../store/import-store';
import type { ProjectStore } from '../store/project-store';
import { executeCommand } from './execute';

/** A row's sign failure as its faults; an unexpected one is logged and reported as "import the file again". */
export function rowFaults(error: unknown, onServerError?: (error: unknown) => void): FieldIssue[] {
  const problem = problemFor(error);
  if (problem.status >= 500) onServerError?.(error);
  return problem.errors ?? [{ field: 'row', rule: problem.status >= 500 ? 'could not be saved: import the file again' : problem.detail }];
}

/**
 * A row's sign, decided again on what is stored when it lost a race: two imports of one file at
 * once both find a project missing, one creates it, and the other's row is then "unchanged", not a
 * failure (found by review).
 */
export async function signRow(sign: (command: SignInput) => Promise<'created' | 'unchanged'>, command: SignInput) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sign(command);
    } catch (error) {
      const lostRace = error instanceof VersionConflictError && error.reason === 'lost-race';
      if (!lostRace || attempt >= 3) throw error;
    }
  }
}

export interface ImportChunkDependencies {
  projects: ProjectStore;
  imports: ImportStore;
  config: CityConfig;
  now?: () => Date;
  onServerError?: (error: unknown) => void;
}

/** Signs a chunk's rows and records their results: 'signed', or 'repeat' when it was recorded before. */
export async function signImportChunk(chunk: ImportChunk, deps: ImportChunkDependencies): Promise<'signed' | 'repeat'> {
  if (await deps.imports.hasResult(chunk.importId, chunk.chunk)) return 'repeat';
  const principal: Principal = { userId: chunk.createdBy, roles: chunk.roles };
  const result = await importRows(
    chunk.rows,
    (row) => signRow(sign, row),
    (error) => rowFaults(error, deps.onServerError),
  );
  return (await deps.imports.recordResult(chunk.importId, chunk.chunk, result)) ? 'signed' : 'repeat';

  async function sign(command: SignInput): Promise<'created' | 'unchanged'> {
    const signed = await executeCommand(
      deps.projects,
      { type: 'sign', ...command },
      {
        actor: principal.userId,
        config: deps.config,
        now: (deps.now ?? (() => new Date()))(),
        authorize: (project) => assertCanWrite(principal, project.district),
      },
    );
    return signed.outcome === 'changed' ? 'created' : 'unchanged';
  }
}
