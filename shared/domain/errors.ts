// Typed domain errors. Each names the failing fields and their rule so an adapter can map it to a
// clear 4xx without guessing.

export interface FieldIssue {
  /** The field as the API names it, e.g. "startedOn". */
  field: string;
  /** The rule it broke, in words a clerk can act on. */
  rule: string;
}

function describe(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.rule}`).join('; ');
}

/** The input breaks a rule of the project model (shape, codes, dates, the investment floor). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(describe(issues));
  }
}

/** The command is well formed but not allowed from the project's current status. */
export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  constructor(
    readonly projectId: string,
    readonly status: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(`project ${projectId} is ${status}: ${describe(issues)}`);
  }
}

/** A project with this id exists with different content (a second sign of another project). */
export class DuplicateProjectError extends Error {
  override readonly name = 'DuplicateProjectError';
  constructor(
    readonly projectId: string,
    readonly differingFields: readonly string[],
  ) {
    super(`project ${projectId} already exists with different ${differingFields.join(', ')}`);
  }
}

/** No project with this id. */
export class ProjectNotFoundError extends Error {
  override readonly name = 'ProjectNotFoundError';
  constructor(readonly projectId: string) {
    super(`project ${projectId} does not exist`);
  }
}

/** No problem with this id on this project. */
export class ProblemNotFoundError extends Error {
  override readonly name = 'ProblemNotFoundError';
  constructor(
    readonly projectId: string,
    readonly problemId: string,
  ) {
    super(`project ${projectId} has no problem ${problemId}`);
  }
}

/**
 * The project changed since the caller read it: `stale-precondition` when the version the caller
 * named (If-Match) is no longer current, `lost-race` when another write committed first.
 */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  constructor(
    readonly projectId: string,
    readonly expectedVersion: number | null,
    readonly actualVersion: number | null,
    readonly reason: 'stale-precondition' | 'lost-race' = 'lost-race',
    /** What changed: the project, or one of its problems (`projectId` then names "<project>/problems/<id>"). */
    readonly subject: 'project' | 'problem' = 'project',
  ) {
    super(
      `${subject} ${projectId} changed concurrently: expected version ${expectedVersion ?? 'none'}` +
        (actualVersion === null ? '' : `, found ${actualVersion}`),
    );
  }
}
