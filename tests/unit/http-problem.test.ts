import { describe, expect, it } from 'vitest';
import {
  DuplicateProjectError,
  InvalidTransitionError,
  ProjectNotFoundError,
  ValidationError,
  VersionConflictError,
} from '../../shared/domain/errors';
import { ForbiddenError, UnauthenticatedError } from '../../shared/http/auth';
import { HttpProblem, problemFor, problemResponse } from '../../shared/http/problem';

describe('problem details', () => {
  it.each([
    [new ValidationError([{ field: 'signedOn', rule: 'must be a calendar date YYYY-MM-DD' }]), 422, '/problems/validation'],
    [new InvalidTransitionError('P-1', 'terminated', [{ field: 'startedOn', rule: 'only a signed project can start' }]), 409, '/problems/invalid-transition'],
    [new DuplicateProjectError('P-1', ['district']), 409, '/problems/duplicate-project'],
    [new ProjectNotFoundError('P-1'), 404, '/problems/not-found'],
    [new VersionConflictError('P-1', 3, 4, 'stale-precondition'), 412, '/problems/stale-version'],
    [new VersionConflictError('P-1', 3, 4, 'lost-race'), 409, '/problems/concurrent-change'],
    [new UnauthenticatedError('no token'), 401, '/problems/unauthenticated'],
    [new ForbiddenError('not yours'), 403, '/problems/forbidden'],
    [new HttpProblem(400, 'malformed-json', 'Malformed JSON', 'the body is not JSON'), 400, '/problems/malformed-json'],
  ])('%s → %i', (error, status, type) => {
    expect(problemFor(error)).toMatchObject({ status, type, title: expect.any(String), detail: expect.any(String) });
  });

  it('names each failing field with its rule', () => {
    const problem = problemFor(new DuplicateProjectError('P-1', ['district', 'agreedInvestment']));
    expect(problem.errors).toEqual([
      { field: 'district', rule: 'differs from the existing project with this projectId' },
      { field: 'agreedInvestment', rule: 'differs from the existing project with this projectId' },
    ]);
  });

  it('an unexpected fault is a 500 that reveals nothing of the internals', () => {
    const response = problemResponse(problemFor(new TypeError("Cannot read properties of undefined (reading 'PK') at /var/task/index.js")));
    expect(response.statusCode).toBe(500);
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json' });
    expect(response.body).not.toMatch(/PK|var\/task|TypeError/);
  });
});
