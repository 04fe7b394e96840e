// Problems (问题协调 / 督办): raise, update, resolve on a project; the bureau's chase list across them.
import * as z from 'zod';
import { ProjectId } from '../../../events';
import { RaiseProblemInputSchema, ResolveProblemInputSchema, UpdateProblemInputSchema } from '../../domain/problems';
import { ProblemNotFoundError } from '../../domain/errors';
import { FreeText } from '../../domain/text';
import { etagOf, json } from '../request';
import { route, type Route } from '../route';
import { codeSchemas } from './projects';
import { presentProblem, ProblemSchema, type RouteContext } from './context';
import type { ProblemCommandResult } from '../../commands/execute';

/** Problem ids are ULIDs. */
const ProblemId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { message: 'must be a problem id (26 letters and digits)' });
const ProjectParams = z.strictObject({ id: ProjectId });
const ProblemParams = z.strictObject({ id: ProjectId, problemId: ProblemId });

export const ProblemPageSchema = z.object({
  items: z.array(ProblemSchema),
  /** The `cursor` of the next page; null on the last. */
  nextCursor: z.string().nullable(),
});

export function problemRoutes(ctx: RouteContext): Route[] {
  const codes = codeSchemas(ctx.config);
  const ChaseQuery = z.strictObject({
    status: z.enum(['open', 'overdue']).default('open'),
    district: codes.district.optional(),
    unit: FreeText(200).optional().meta({ description: 'Text the responsible unit contains' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(1024).optional(),
  });

  const respond = (result: ProblemCommandResult, created = false) => {
    const status = created && result.outcome === 'changed' ? 201 : 200;
    const { projectId, problemId, version } = result.problem;
    const headers: Record<string, string> = { etag: etagOf(version) };
    if (status === 201) headers.location = `/projects/${encodeURIComponent(projectId)}/problems/${problemId}`;
    return json(status, presentProblem(result.problem, ctx.today()), headers);
  };
  const problem = { description: 'The problem after the change (the same, for a repeat)', body: ProblemSchema, headers: ['etag'] } as const;

  return [
    route({
      method: 'POST',
      path: '/projects/{id}/problems',
      operationId: 'raiseProblem',
      summary: 'Raise a problem that blocks a project, with the unit that must clear it and by when',
      description:
        'Signed or started projects only. The same problem again while it is open returns it (200). The project’s open problems, alert and version change with it.',
      tag: 'problems',
      access: 'write',
      params: ProjectParams,
      body: { type: 'json', schema: RaiseProblemInputSchema },
      responses: {
        201: { description: 'Raised', body: ProblemSchema, headers: ['etag', 'location'] },
        200: { description: 'Already open with the same content', body: ProblemSchema, headers: ['etag'] },
      },
      problems: [404, 409],
      handler: async ({ principal, params, body }) =>
        respond(await ctx.runProblem(principal!, { type: 'raiseProblem', projectId: params.id, problemId: ctx.newId(), ...body }), true),
    }),
    route({
      method: 'GET',
      path: '/projects/{id}/problems/{problemId}',
      operationId: 'getProblem',
      summary: 'A problem of a project (where a raise’s Location points)',
      tag: 'problems',
      access: 'read',
      params: ProblemParams,
      responses: { 200: { description: 'The problem', body: ProblemSchema, headers: ['etag'] } },
      problems: [404],
      handler: async ({ params }) => {
        const found = await ctx.problems.get(params.id, params.problemId);
        if (!found) throw new ProblemNotFoundError(params.id, params.problemId);
        return json(200, presentProblem(found, ctx.today()), { etag: etagOf(found.version) });
      },
    }),
    route({
      method: 'PATCH',
      path: '/projects/{id}/problems/{problemId}',
      operationId: 'updateProblem',
      summary: 'Give an open problem a new due date or responsible unit, with a reason',
      description: 'If-Match names the problem’s version (its ETag); a stale one is a 412, none a 428.',
      tag: 'problems',
      access: 'write',
      params: ProblemParams,
      ifMatch: true,
      body: { type: 'json', schema: UpdateProblemInputSchema },
      responses: { 200: problem },
      problems: [404, 409, 412],
      handler: async ({ principal, params, body, ifMatch }) =>
        respond(
          await ctx.runProblem(principal!, { type: 'updateProblem', projectId: params.id, problemId: params.problemId, ...body }, ifMatch),
        ),
    }),
    route({
      method: 'POST',
      path: '/projects/{id}/problems/{problemId}/resolve',
      operationId: 'resolveProblem',
      summary: 'Resolve a problem, saying how',
      description: 'The same resolution again returns the problem unchanged; another one for a resolved problem is a 409.',
      tag: 'problems',
      access: 'write',
      params: ProblemParams,
      body: { type: 'json', schema: ResolveProblemInputSchema },
      responses: { 200: problem },
      problems: [404, 409],
      handler: async ({ principal, params, body }) =>
        respond(await ctx.runProblem(principal!, { type: 'resolveProblem', projectId: params.id, problemId: params.problemId, ...body })),
    }),
    route({
      method: 'GET',
      path: '/problems',
      operationId: 'listProblems',
      summary: 'The chase list: open or overdue problems, earliest due first, by district and responsible unit',
      tag: 'problems',
      access: 'read',
      query: ChaseQuery,
      responses: { 200: { description: 'A page of problems and the cursor of the next', body: ProblemPageSchema } },
      handler: async ({ query }) => {
        const today = ctx.today();
        const page = await ctx.problems.chaseList(
          query,
          ctx.config.districts.map((d) => d.code),
          today,
        );
        return json(200, { items: page.items.map((p) => presentProblem(p, today)), nextCursor: page.nextCursor });
      },
    }),
  ];
}
