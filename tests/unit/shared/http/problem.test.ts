import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  DuplicateProjectError,
  InvalidTransitionError,
  ProjectNotFoundError,
  ValidationError,
  VersionConflictError,
} from '../../../../shared/domain/errors';
import { ForbiddenError, UnauthenticatedError } from '../../../../shared/http/auth';
import { HttpProblem, problemErrors, problemFor, problemResponse } from '../../../../shared/http/problem';

describe('problem details', () => {
  it.each([
    [new ValidationError([{ field: 'signedOn', rule: 'must be a calendar date YYYY-MM-DD' }]), 422, '/problems/validation'],
    [
      new InvalidTransitionError('P-1', 'terminated', [{ field: 'startedOn', rule: 'only a signed project can start' }]),
      409,
      '/problems/invalid-transition',
    ],
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

describe('problemErrors, the API’s error middleware', () => {
  const run = async (error: unknown) => {
    const reported: unknown[] = [];
    const handler = middy<unknown, APIGatewayProxyStructuredResultV2>()
      .use(problemErrors((e) => reported.push(e)))
      .handler(async () => {
        throw error;
      });
    return { response: await handler({}, {} as Context), reported };
  };

  it('answers a client’s error as problem+json and reports nothing', async () => {
    const { response, reported } = await run(new ValidationError([{ field: 'name', rule: 'must not be empty' }]));
    expect(response).toMatchObject({ statusCode: 422, headers: { 'content-type': 'application/problem+json' } });
    expect(JSON.parse(response.body!).errors).toEqual([{ field: 'name', rule: 'must not be empty' }]);
    expect(reported).toEqual([]);
  });

  it('answers anything else with a 500 that reveals nothing, and reports the error', async () => {
    const failure = new Error('connect ECONNREFUSED 10.0.0.7:8000 table pipeline-prod');
    const { response, reported } = await run(failure);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/ECONNREFUSED|pipeline-prod/);
    expect(reported).toEqual([failure]);
  });

  it('a 405 carries the Allow header', async () => {
    const { response } = await run(
      new HttpProblem(405, 'method-not-allowed', 'Method not allowed', 'use GET', { allow: ['GET', 'PATCH'] }),
    );
    expect(response.headers).toMatchObject({ allow: 'GET, PATCH' });
  });
});
