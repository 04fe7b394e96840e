// /projects: sign, list, read with history, start, produce, terminate, correct (import and export: spreadsheets.ts).
import * as z from 'zod';
import { ALERT_LEVELS, ProjectEventDetailSchema, ProjectId } from '../../../events';
import type { CityConfig } from '../../domain/city-config';
import { ProjectNotFoundError } from '../../domain/errors';
import { BANDS, CAPITAL_SOURCES } from '../../domain/investment';
import { FreeText } from '../../domain/text';
import {
  CorrectInputSchema,
  ProduceInputSchema,
  SignInputSchema,
  StartInputSchema,
  STATUSES,
  TerminateInputSchema,
  type ProjectCommand,
} from '../../domain/project';
import { etagOf, json } from '../request';
import { route, type Route, type RouteInput } from '../route';
import { present, presentProblem, ProblemSchema, projectResponse, ProjectSchema, YearSchema, type RouteContext } from './context';

/**
 * What a project's page may take of Lambda's 6 MB response: each event carries the project before
 * and after, so a project with many long problems can fill a page of 20 events with megabytes.
 */
const RESPONSE_BUDGET_BYTES = 4_500_000;

/**
 * The newest events that fit in `budget` bytes (at least one), and the `historyBefore` of the next
 * page: a page cut short continues where it was cut.
 */
export function historyWithin<E extends { version: number }>(
  entries: readonly E[],
  nextBefore: number | null,
  budget: number,
): { entries: E[]; nextBefore: number | null } {
  let used = 2;
  for (const [i, entry] of entries.entries()) {
    used += Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (used > budget && i > 0) return { entries: entries.slice(0, i), nextBefore: entries[i - 1]!.version };
  }
  return { entries: [...entries], nextBefore };
}

const IdParams = z.strictObject({ id: ProjectId });

/** The configured codes, so the document lists them and a wrong one is named with the choices. */
export function codeSchemas(config: CityConfig) {
  const districts = config.districts.map((d) => d.code) as [string, ...string[]];
  const industries = config.industries.map((i) => i.code) as [string, ...string[]];
  return {
    district: z.enum(districts, { error: `must be one of the configured districts: ${districts.join(', ')}` }),
    industry: z.enum(industries, { error: `must be one of the configured industries: ${industries.join(', ')}` }),
  };
}

const HistoryEntrySchema = z.object({
  detailType: z.string(),
  eventId: z.string(),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  actor: z.string(),
  reason: z.string().optional(),
  before: ProjectEventDetailSchema.shape.before,
  after: ProjectEventDetailSchema.shape.after,
  /** The problem after the change, on ProblemRaised, ProblemUpdated and ProblemResolved. */
  problem: ProjectEventDetailSchema.shape.problem,
});

export const ProjectWithHistorySchema = ProjectSchema.extend({
  /** Every problem raised on the project, open and resolved, in the order they were raised. */
  problems: z.array(ProblemSchema),
  /** A page of the project's events, newest first. */
  history: z.array(HistoryEntrySchema),
  /** The `historyBefore` of the next, older page; null on the last. */
  historyNextBefore: z.number().int().positive().nullable(),
});

export const ProjectPageSchema = z.object({
  items: z.array(ProjectSchema),
  /** The `cursor` of the next page; null on the last. */
  nextCursor: z.string().nullable(),
});

export function projectRoutes(ctx: RouteContext): Route[] {
  const { config, projects } = ctx;
  const codes = codeSchemas(config);
  const SignBody = SignInputSchema.extend({ district: codes.district, industry: codes.industry });
  const CorrectBody = CorrectInputSchema.extend({ district: codes.district.optional(), industry: codes.industry.optional() });

  const ListQuery = z.strictObject({
    status: z.enum(STATUSES).optional(),
    district: codes.district.optional(),
    signedYear: YearSchema.optional(),
    industry: codes.industry.optional(),
    q: FreeText(100).optional().meta({ description: 'Text the name or the investor contains, Latin letters in any case' }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    alert: z.enum(ALERT_LEVELS).optional().meta({ description: 'The traffic light (signed and started projects only)' }),
    band: z
      .enum(BANDS)
      .optional()
      .meta({ description: 'That size band and above: B5 is ¥5亿 (US$30M for a USD project) and more; B50 and B100 by yuan' }),
    capitalSource: z.enum(CAPITAL_SOURCES).optional().meta({ description: '内资 domestic or 外资 foreign' }),
    cursor: z.string().min(1).max(2048).optional(),
  });
  const HistoryQuery = z.strictObject({
    historyLimit: z.coerce.number().int().min(1).max(100).default(20),
    historyBefore: z.coerce.number().int().min(1).max(9_999_999_999).optional(),
  });

  const project = { description: 'The project after the change (the same, for a repeat)', body: ProjectSchema, headers: ['etag'] } as const;

  const transition = <B>(
    action: string,
    summary: string,
    schema: z.ZodType<B, unknown>,
    command: (projectId: string, body: B) => ProjectCommand,
  ) =>
    route({
      method: 'POST',
      path: `/projects/{id}/${action}`,
      operationId: `${action}Project`,
      summary,
      tag: 'projects',
      access: 'write',
      params: IdParams,
      body: { type: 'json', schema },
      responses: { 200: project },
      problems: [404, 409],
      handler: async ({ principal, params, body }: RouteInput<{ id: string }, unknown, B>) =>
        projectResponse(await ctx.run(principal!, command(params.id, body)), ctx.today()),
    });

  return [
    route({
      method: 'POST',
      path: '/projects',
      operationId: 'signProject',
      summary: 'Sign a project',
      description: 'Idempotent: the same project again returns it (200); the same id with other content is a 409.',
      tag: 'projects',
      access: 'write',
      body: { type: 'json', schema: SignBody },
      responses: {
        201: { description: 'Signed', body: ProjectSchema, headers: ['etag', 'location'] },
        200: { description: 'Already signed with the same content', body: ProjectSchema, headers: ['etag'] },
      },
      problems: [409],
      handler: async ({ principal, body }) => projectResponse(await ctx.run(principal!, { type: 'sign', ...body }), ctx.today(), true),
    }),
    route({
      method: 'GET',
      path: '/projects',
      operationId: 'listProjects',
      summary: 'List projects by status, district, industry, signing year, alert, size band, capital source and text',
      description:
        'Oldest signing first within each status and district; the cursor is bound to the filters. Industry, alert, band, capital source and text narrow what the index returns, so such a page can take longer.',
      tag: 'projects',
      access: 'read',
      query: ListQuery,
      responses: { 200: { description: 'A page of projects and the cursor of the next', body: ProjectPageSchema } },
      handler: async ({ query }) => {
        const { q, ...filters } = query;
        const page = await projects.list(
          { ...filters, ...(q ? { text: q } : {}) },
          config.districts.map((d) => d.code),
        );
        const today = ctx.today();
        return json(200, { items: page.items.map((p) => present(p, today)), nextCursor: page.nextCursor });
      },
    }),
    route({
      method: 'GET',
      path: '/projects/{id}',
      operationId: 'getProject',
      summary: 'A project with a page of its event history, newest first',
      tag: 'projects',
      access: 'read',
      params: IdParams,
      query: HistoryQuery,
      responses: { 200: { description: 'The project and a page of its history', body: ProjectWithHistorySchema, headers: ['etag'] } },
      problems: [404],
      handler: async ({ params, query }) => {
        const [found, problems] = await Promise.all([
          projects.getWithHistory(params.id, {
            limit: query.historyLimit,
            ...(query.historyBefore ? { before: query.historyBefore } : {}),
          }),
          ctx.problems.ofProject(params.id),
        ]);
        if (!found) throw new ProjectNotFoundError(params.id);
        const today = ctx.today();
        const history = found.events.map((e) => ({
          detailType: e.detailType,
          eventId: e.detail.eventId,
          version: e.detail.version,
          occurredAt: e.detail.occurredAt,
          actor: e.detail.actor,
          ...(e.detail.reason ? { reason: e.detail.reason } : {}),
          before: e.detail.before,
          after: e.detail.after,
          ...(e.detail.problem ? { problem: e.detail.problem } : {}),
        }));
        const body = { ...present(found.project, today), problems: problems.map((p) => presentProblem(p, today)) };
        const page = historyWithin(history, found.nextBefore, RESPONSE_BUDGET_BYTES - Buffer.byteLength(JSON.stringify(body)));
        return json(200, { ...body, history: page.entries, historyNextBefore: page.nextBefore }, { etag: etagOf(found.project.version) });
      },
    }),
    route({
      method: 'PATCH',
      path: '/projects/{id}',
      operationId: 'correctProject',
      summary: 'Correct a project, with a reason',
      description:
        'If-Match names the version being corrected (the ETag of GET /projects/{id}); a stale one is a 412, none a 428. A district office may not move signedOn or startedOn into another year.',
      tag: 'projects',
      access: 'write',
      params: IdParams,
      ifMatch: true,
      body: { type: 'json', schema: CorrectBody },
      responses: { 200: { description: 'Corrected (the same, when nothing differed)', body: ProjectSchema, headers: ['etag'] } },
      problems: [404, 409, 412],
      handler: async ({ principal, params, body, ifMatch }) =>
        projectResponse(await ctx.run(principal!, { type: 'correct', projectId: params.id, ...body }, ifMatch), ctx.today()),
    }),
    transition('start', 'Record the start of construction', StartInputSchema, (projectId, body) => ({ type: 'start', projectId, ...body })),
    transition('produce', 'Record the start of production', ProduceInputSchema, (projectId, body) => ({
      type: 'produce',
      projectId,
      ...body,
    })),
    transition('terminate', 'Terminate a signed or started project, with a reason', TerminateInputSchema, (projectId, body) => ({
      type: 'terminate',
      projectId,
      ...body,
    })),
  ];
}
