// The API client: openapi-fetch over the types generated from the contract (contract/api.d.ts), with
// the signed-in person's token. A refusal becomes an ApiError carrying the problem's fields, so a form
// can highlight them and say in plain words what to fix.
import createClient from 'openapi-fetch';
import type { components, paths } from '../../contract/api';
import { appConfig } from './config';
import { session, signOut } from './session';

export type Project = components['schemas']['Project'];
export type ProjectWithHistory = components['schemas']['ProjectWithHistory'];
export type RollupView = components['schemas']['RollupView'];
export type StoredDigest = components['schemas']['StoredDigest'];
/** A background import (POST /imports) as GET /imports/{id} tells it: its progress and the rows done so far. */
export type ImportJob = components['schemas']['GetImportResponse'];
/** A background import as POST /imports answers it, before any row is done. */
export type StartedImport = components['schemas']['StartImportResponse'];
/** An RFC 9457 problem: what the API answers a refusal with. */
export type Problem = components['schemas']['Problem'];

export type AlertLevel = NonNullable<Project['alert']>['level'];
export type ProblemCategory = components['schemas']['RaiseProblemBody']['category'];

/** A problem raised on a project (问题), as GET /projects/{id}, GET /problems and the problem routes return it. */
export type ProjectProblem = components['schemas']['ProjectProblem'];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem> & { currentVersion?: number },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }

  /** The rule a field broke, if the problem names it. */
  fieldRule(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.rule;
  }
}

let client: ReturnType<typeof createClient<paths>> | undefined;

export async function api() {
  if (client) return client;
  const { apiUrl } = await appConfig();
  client = createClient<paths>({ baseUrl: apiUrl || window.location.origin });
  client.use({
    onRequest({ request }) {
      const token = session.value?.token;
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.ok) return response;
      if (response.status === 401) await signOut();
      const body = (await response
        .clone()
        .json()
        .catch(() => ({}))) as Partial<Problem> & { message?: string };
      throw new ApiError(response.status, { ...body, detail: body.detail ?? body.message });
    },
  });
  return client;
}

/** The data of a call that succeeded (errors are thrown by the middleware above). */
export function dataOf<T>(result: { data?: T }): T {
  if (result.data === undefined) throw new Error('the API answered without a body');
  return result.data;
}

/** A size band (规模), cumulative: a project in B5 is in B1 too. */
export type Band = Project['bands'][number];
export const BANDS: readonly Band[] = ['B1', 'B5', 'B10', 'B50', 'B100'];
/** 内资 or 外资 (港澳台 counted as 外资). */
export type CapitalSource = Project['capitalSource'];
export const CAPITAL_SOURCES: readonly CapitalSource[] = ['domestic', 'foreign'];
export type Currency = Project['currency'];
