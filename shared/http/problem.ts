// Errors as RFC 9457 problem details (application/problem+json). Every error a client can cause
// maps to a 4xx naming what to fix; anything else is a 500 that reveals nothing of the internals.
import type middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  DuplicateProjectError,
  InvalidTransitionError,
  ProblemNotFoundError,
  ProjectNotFoundError,
  ValidationError,
  VersionConflictError,
  type FieldIssue,
} from '../domain/errors';
import { ForbiddenError, UnauthenticatedError } from './auth';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The failing fields with their rule. */
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

/** An HTTP-level refusal (malformed JSON, unknown route, wrong method, too large…). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

const type = (slug: string) => `/problems/${slug}`;

export function problemFor(error: unknown): Problem {
  if (error instanceof HttpProblem) {
    return { type: type(error.slug), title: error.title, status: error.status, detail: error.message, ...error.extensions };
  }
  if (error instanceof ValidationError) {
    return {
      type: type('validation'),
      title: 'The request has invalid fields',
      status: 422,
      detail: error.message,
      errors: [...error.issues],
    };
  }
  if (error instanceof InvalidTransitionError) {
    return {
      type: type('invalid-transition'),
      title: 'Not allowed in the project’s current status',
      status: 409,
      detail: error.message,
      errors: [...error.issues],
      projectStatus: error.status,
    };
  }
  if (error instanceof DuplicateProjectError) {
    return {
      type: type('duplicate-project'),
      title: 'A different project already has this id',
      status: 409,
      detail: error.message,
      errors: error.differingFields.map((field) => ({ field, rule: 'differs from the existing project with this projectId' })),
    };
  }
  if (error instanceof ProjectNotFoundError) {
    return { type: type('not-found'), title: 'No such project', status: 404, detail: error.message };
  }
  if (error instanceof ProblemNotFoundError) {
    return { type: type('not-found'), title: 'No such problem', status: 404, detail: error.message };
  }
  if (error instanceof VersionConflictError) {
    const stale = error.reason === 'stale-precondition';
    return {
      type: type(stale ? 'stale-version' : 'concurrent-change'),
      title: stale ? `The ${error.subject} changed since you read it` : `Another change to the ${error.subject} was saved first`,
      status: stale ? 412 : 409,
      detail: `${error.message}: reload the ${error.subject} and apply your change again`,
      currentVersion: error.actualVersion,
    };
  }
  if (error instanceof UnauthenticatedError) {
    return { type: type('unauthenticated'), title: 'Sign-in required', status: 401, detail: error.message };
  }
  if (error instanceof ForbiddenError) {
    return { type: type('forbidden'), title: 'Not allowed for your role', status: 403, detail: error.message };
  }
  return {
    type: type('internal'),
    title: 'Internal error',
    status: 500,
    detail: 'The request could not be completed. It has been logged; try again later.',
  };
}

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  // A 405 says which methods the path does take.
  if (problem.status === 405 && Array.isArray(problem.allow)) headers.allow = problem.allow.join(', ');
  return { statusCode: problem.status, headers, body: JSON.stringify(problem) };
}

/**
 * The API's error middleware: whatever a route throws becomes its problem+json response; a 500 is
 * reported to `onServerError` (the logger) and says nothing of the internals to the client.
 */
export function problemErrors(onServerError?: (error: unknown) => void): middy.MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      const problem = problemFor(request.error);
      if (problem.status >= 500) onServerError?.(request.error);
      request.response = problemResponse(problem);
    },
  };
}
