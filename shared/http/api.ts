// The bureau's HTTP API (API Gateway HTTP API, payload v2): routes over the commands and stores.
// Each route authorizes, parses with zod, calls the domain and shapes the response; every error
// becomes problem+json through one middleware.
import middy from '@middy/core';
import httpRouterHandler, { type Method, type Route } from '@middy/http-router';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { z } from 'zod';
import { ProjectId } from '../../events';
import { ComposeDigestInputSchema, composeDigest } from '../digest/compose';
import { businessDateOf } from '../domain/dates';
import { DIGEST_KINDS, digestPeriodAt } from '../domain/digest-period';
import { scheduledInstantOn } from '../platform/schedules';
import type { DigestStore } from '../store/digest-store';
import { executeCommand, type CommandResult } from '../commands/execute';
import { importRows, parseImport } from '../spreadsheets/csv-import';
import { TargetsSchema, type CityConfig } from '../domain/city-config';
import { ProjectNotFoundError, ValidationError } from '../domain/errors';
import {
  CorrectInputSchema,
  parseInput,
  ProduceInputSchema,
  SignInputSchema,
  StartInputSchema,
  STATUSES,
  statusOf,
  TerminateInputSchema,
  type ProjectCommand,
  type ProjectSnapshot,
} from '../domain/project';
import { composeRollupView } from '../domain/rollup-view';
import type { ProjectStore } from '../store/project-store';
import type { RollupStore } from '../store/rollup-store';
import {
  assertBureauOrAdmin,
  assertCanRead,
  assertCanMoveAcrossYears,
  assertCanWrite,
  canWriteDistrict,
  ForbiddenError,
  principalFromClaims,
  type Principal,
} from './auth';
import { openApiDocument } from './openapi';
import { HttpProblem, problemFor, problemResponse } from './problem';
import { bodyText, etagOf, header, ifMatchVersion, json, jsonBody, queryParams } from './request';

/** A 2,000-row spreadsheet is about 0.5 MB; Lambda takes 6 MB. */
const MAX_CSV_BODY_BYTES = 5 * 1024 * 1024;

export interface ApiDependencies {
  projects: ProjectStore;
  rollups: RollupStore;
  digests: DigestStore;
  config: CityConfig;
  now?: () => Date;
  onServerError?: (error: unknown) => void;
}

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

const YearParam = z.coerce.number().int().min(2000).max(2100);

const ListQuerySchema = z.strictObject({
  status: z.enum(STATUSES).optional(),
  district: z.string().min(1).optional(),
  signedYear: z.coerce.number().int().min(2000).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(2048).optional(),
});

/** A project's history is paged, newest first: `historyBefore` is the previous page's `historyNextBefore`. */
const HistoryQuerySchema = z.strictObject({
  historyLimit: z.coerce.number().int().min(1).max(100).default(20),
  historyBefore: z.coerce.number().int().min(1).max(9_999_999_999).optional(),
});

/** A project as the API returns it: its fields plus the derived status. */
function present(p: ProjectSnapshot) {
  return { ...p, status: statusOf(p) };
}

function projectResponse(result: CommandResult, created = false): Result {
  const status = created && result.outcome === 'changed' ? 201 : 200;
  const headers: Record<string, string> = { etag: etagOf(result.project.version) };
  if (status === 201) headers.location = `/projects/${encodeURIComponent(result.project.projectId)}`;
  return json(status, present(result.project), headers);
}

export function createApiHandler(deps: ApiDependencies) {
  const { projects, rollups, digests, config } = deps;
  const now = deps.now ?? (() => new Date());
  const districts = config.districts.map((d) => d.code);
  const openApi = openApiDocument();

  const principalOf = (event: Event): Principal =>
    principalFromClaims(
      event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined,
      districts,
      header(event, 'authorization'),
    );

  /** A writer of some district at least: refuses a viewer before looking at the body. */
  const writer = (event: Event): Principal => {
    const principal = principalOf(event);
    if (!districts.some((d) => canWriteDistrict(principal, d))) throw new ForbiddenError('your role may read but not change projects');
    return principal;
  };

  const projectIdOf = (event: Event): string => parseInput(z.strictObject({ id: ProjectId }), { id: event.pathParameters?.id ?? '' }).id;

  const run = (principal: Principal, command: ProjectCommand, expectedVersion?: number) =>
    executeCommand(projects, command, {
      actor: principal.userId,
      config,
      now: now(),
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
      // A write must be allowed for the district the project is in and the one it moves to.
      authorize: (project, before) => {
        assertCanWrite(principal, project.district);
        if (before) assertCanMoveAcrossYears(principal, before, project);
      },
    });

  const transition = (build: (id: string, event: Event) => ProjectCommand) => async (event: Event) => {
    const principal = writer(event);
    return projectResponse(await run(principal, build(projectIdOf(event), event)));
  };

  const routes: { method: Method; path: string; handler: (event: Event) => Promise<Result> }[] = [
    // Public: the one route without the JWT authorizer.
    { method: 'GET', path: '/openapi.json', handler: async () => json(200, openApi) },
    {
      method: 'POST',
      path: '/projects/import',
      handler: async (event) => {
        const principal = writer(event);
        const contentType = header(event, 'content-type') ?? '';
        if (!/^text\/csv\b/i.test(contentType)) {
          throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', `send the spreadsheet as text/csv (UTF-8), got ${contentType || 'no content-type'}`);
        }
        const rows = parseImport(bodyText(event, MAX_CSV_BODY_BYTES), config);
        const result = await importRows(
          rows,
          async (command) => ((await run(principal, { type: 'sign', ...command })).outcome === 'changed' ? 'created' : 'unchanged'),
          (error) => {
            const problem = problemFor(error);
            if (problem.status >= 500) deps.onServerError?.(error);
            return problem.errors ?? [{ field: 'row', rule: problem.status >= 500 ? 'could not be saved: import the file again' : problem.detail }];
          },
        );
        return json(200, { rows: rows.length, ...result });
      },
    },
    {
      method: 'POST',
      path: '/projects',
      handler: async (event) => {
        const principal = writer(event);
        const input = jsonBody(event, SignInputSchema);
        return projectResponse(await run(principal, { type: 'sign', ...input }), true);
      },
    },
    {
      method: 'GET',
      path: '/projects',
      handler: async (event) => {
        assertCanRead(principalOf(event));
        const query = queryParams(event, ListQuerySchema);
        if (query.district && !districts.includes(query.district)) {
          throw new ValidationError([{ field: 'district', rule: `must be one of the configured districts: ${districts.join(', ')}` }]);
        }
        const page = await projects.list(query, districts);
        return json(200, { items: page.items.map(present), nextCursor: page.nextCursor });
      },
    },
    {
      method: 'GET',
      path: '/projects/{id}',
      handler: async (event) => {
        assertCanRead(principalOf(event));
        const id = projectIdOf(event);
        const page = queryParams(event, HistoryQuerySchema);
        const found = await projects.getWithHistory(id, { limit: page.historyLimit, ...(page.historyBefore ? { before: page.historyBefore } : {}) });
        if (!found) throw new ProjectNotFoundError(id);
        const history = found.events.map((e) => ({
          detailType: e.detailType,
          eventId: e.detail.eventId,
          version: e.detail.version,
          occurredAt: e.detail.occurredAt,
          actor: e.detail.actor,
          ...(e.detail.reason ? { reason: e.detail.reason } : {}),
          before: e.detail.before,
          after: e.detail.after,
        }));
        return json(200, { ...present(found.project), history, historyNextBefore: found.nextBefore }, { etag: etagOf(found.project.version) });
      },
    },
    {
      method: 'POST',
      path: '/projects/{id}/start',
      handler: transition((projectId, event) => ({ type: 'start', projectId, ...jsonBody(event, StartInputSchema) })),
    },
    {
      method: 'POST',
      path: '/projects/{id}/produce',
      handler: transition((projectId, event) => ({ type: 'produce', projectId, ...jsonBody(event, ProduceInputSchema) })),
    },
    {
      method: 'POST',
      path: '/projects/{id}/terminate',
      handler: transition((projectId, event) => ({ type: 'terminate', projectId, ...jsonBody(event, TerminateInputSchema) })),
    },
    {
      method: 'PATCH',
      path: '/projects/{id}',
      handler: async (event) => {
        const principal = writer(event);
        const projectId = projectIdOf(event);
        const expectedVersion = ifMatchVersion(event);
        const input = jsonBody(event, CorrectInputSchema);
        return projectResponse(await run(principal, { type: 'correct', projectId, ...input }, expectedVersion));
      },
    },
    {
      method: 'GET',
      path: '/rollups/{year}',
      handler: async (event) => {
        assertCanRead(principalOf(event));
        const year = parseInput(z.strictObject({ year: YearParam }), { year: event.pathParameters?.year }).year;
        const [rows, targets] = await Promise.all([rollups.read(year), rollups.getTargets(year)]);
        return json(200, composeRollupView(year, rows, targets, config, now()));
      },
    },
    {
      method: 'GET',
      path: '/targets/{year}',
      handler: async (event) => {
        assertCanRead(principalOf(event));
        const year = parseInput(z.strictObject({ year: YearParam }), { year: event.pathParameters?.year }).year;
        return json(200, { year, ...(await rollups.getTargets(year)) });
      },
    },
    {
      method: 'PUT',
      path: '/targets/{year}',
      handler: async (event) => {
        assertBureauOrAdmin(principalOf(event), 'change targets');
        const year = parseInput(z.strictObject({ year: YearParam }), { year: event.pathParameters?.year }).year;
        const targets = jsonBody(event, TargetsSchema);
        await rollups.putTargets(year, targets);
        return json(200, { year, ...targets });
      },
    },
    {
      method: 'GET',
      path: '/digests/latest',
      handler: async (event) => {
        assertCanRead(principalOf(event));
        const { kind } = queryParams(event, z.strictObject({ kind: z.enum(DIGEST_KINDS).default('weekly') }));
        const digest = await digests.latest(kind);
        if (!digest) throw new HttpProblem(404, 'no-digest', 'No digest yet', `no ${kind} digest has been composed yet: POST /digests composes one`);
        return json(200, digest);
      },
    },
    {
      method: 'POST',
      path: '/digests',
      handler: async (event) => {
        assertBureauOrAdmin(principalOf(event), 'compose digests');
        const input = jsonBody(event, ComposeDigestInputSchema);
        const today = businessDateOf(now());
        if (input.asOf && input.asOf > today) {
          throw new ValidationError([{ field: 'asOf', rule: `must not be after today (${today}, Asia/Shanghai)` }]);
        }
        // A business date is composed as of the schedule's time that day in Shanghai.
        const instant = input.asOf ? scheduledInstantOn(input.kind, input.asOf) : now();
        const { period } = digestPeriodAt(input.kind, instant);
        const stored = await digests.get(input.kind, period);
        if (stored && !input.force) return json(200, stored);
        const digest = await composeDigest(input.kind, instant, { projects, rollups, digests, config });
        const created = await digests.put(digest, { replace: input.force });
        return json(created ? 201 : 200, await digests.get(input.kind, period));
      },
    },
  ];

  const known = routes.map((r) => ({ method: r.method, pattern: new RegExp(`^${r.path.replace(/\{[^/]+\}/g, '[^/]+')}/?$`) }));

  const router = httpRouterHandler<Event, Result>({
    routes: routes as Route<Event, Result>[],
    notFoundResponse: ({ method, path }) => {
      const allowed = known.filter((k) => k.pattern.test(path)).map((k) => k.method);
      if (allowed.length > 0) {
        throw new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `${method} is not allowed on ${path}; use ${allowed.join(', ')}`, { allow: allowed });
      }
      throw new HttpProblem(404, 'no-such-route', 'No such route', `there is no route ${method} ${path}`);
    },
  });

  return middy<Event, Result>()
    .use({
      onError: async (request) => {
        const problem = problemFor(request.error);
        if (problem.status >= 500) deps.onServerError?.(request.error);
        const response = problemResponse(problem);
        if (problem.status === 405 && Array.isArray(problem.allow)) {
          response.headers = { ...response.headers, allow: (problem.allow as Method[]).join(', ') };
        }
        request.response = response;
      },
    })
    .handler((event, context) => router(event, context));
}

