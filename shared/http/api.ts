// The bureau's HTTP API (API Gateway HTTP API, payload v2). The routes are data (routes/); this
// module turns each into a handler that checks who is calling, parses the path, query, If-Match and
// body with the route's schemas, and runs it; every error becomes problem+json in one middleware.
import middy from '@middy/core';
import httpRouterHandler, { type Route as RouterRoute } from '@middy/http-router';
import * as z from 'zod';
import type { CityConfig } from '../domain/city-config';
import { parseInput } from '../domain/project';
import { assertBureauOrAdmin, assertCanRead, canWriteDistrict, ForbiddenError, principalFromClaims, type Principal } from './auth';
import { openApiDocument, type OpenApiDocument } from './openapi';
import { HttpProblem, problemErrors } from './problem';
import { bodyBytes, header, ifMatchVersion, json, jsonBody, queryParams, requireMediaType } from './request';
import type { ApiEvent, ApiResult, Route } from './route';
import { routeContext, type ApiDependencies, type RouteContext } from './routes/context';
import { problemRoutes } from './routes/problems';
import { projectRoutes } from './routes/projects';
import { cityRoutes } from './routes/city';
import { digestRoutes } from './routes/digests';
import { rollupRoutes } from './routes/rollups';
import { targetRoutes } from './routes/targets';

export type { ApiDependencies } from './routes/context';

/** Every route of the API, the document's own included. */
export function apiRoutes(ctx: RouteContext, document: () => OpenApiDocument): Route[] {
  return [
    ...projectRoutes(ctx),
    ...problemRoutes(ctx),
    ...rollupRoutes(ctx),
    ...targetRoutes(ctx),
    ...digestRoutes(ctx),
    ...cityRoutes(ctx),
    {
      method: 'GET',
      path: '/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      tag: 'meta',
      access: 'public',
      responses: { 200: { description: 'OpenAPI 3.1', body: z.record(z.string(), z.unknown()) } },
      handler: async () => json(200, document()),
    },
  ];
}

const NoParams = z.strictObject({});

/** The document of the routes for a configuration, without stores (routes touch them only when handling). */
export function apiDocument(config: CityConfig): OpenApiDocument {
  const unused = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the document is made without stores');
      },
    },
  ) as never;
  const routes = apiRoutes(routeContext({ projects: unused, problems: unused, rollups: unused, digests: unused, config }), () => document);
  const document = openApiDocument(routes, config);
  return document;
}

export function createApiHandler(deps: ApiDependencies) {
  const ctx = routeContext(deps);
  const districts = deps.config.districts.map((d) => d.code);
  let document: OpenApiDocument | undefined;
  const routes = apiRoutes(ctx, () => (document ??= openApiDocument(routes, deps.config)));

  const principalOf = (event: ApiEvent): Principal => {
    const claims = event.requestContext?.authorizer?.jwt?.claims as Record<string, unknown> | undefined;
    const principal = principalFromClaims(claims, districts, header(event, 'authorization'));
    assertCanRead(principal);
    return principal;
  };

  const authorize = (route: Route, event: ApiEvent): Principal | null => {
    if (route.access === 'public') return null;
    const principal = principalOf(event);
    if (route.access === 'write' && !districts.some((d) => canWriteDistrict(principal, d))) {
      // Refused before the body is read: a viewer learns nothing about what it sent.
      throw new ForbiddenError('your role may read but not change projects');
    }
    if (typeof route.access === 'object') assertBureauOrAdmin(principal, route.access.bureauOnly);
    return principal;
  };

  const bodyOf = (route: Route, event: ApiEvent): unknown => {
    const body = route.body;
    if (!body) return undefined;
    if (body.type === 'json') return jsonBody(event, body.schema);
    requireMediaType(event, 'text/csv', 'the spreadsheet');
    // The bytes as sent: the import reads UTF-8 or GBK, as Excel saves it.
    return bodyBytes(event, body.maxBytes);
  };

  const bind =
    (route: Route) =>
    async (event: ApiEvent): Promise<ApiResult> => {
      const principal = authorize(route, event);
      const params = parseInput(route.params ?? NoParams, { ...event.pathParameters });
      const query = queryParams(event, route.query ?? NoParams);
      const ifMatch = route.ifMatch ? ifMatchVersion(event) : undefined;
      return route.handler({ event, principal, params, query, ifMatch, body: bodyOf(route, event) });
    };

  const known = routes.map((r) => ({ method: r.method, pattern: new RegExp(`^${r.path.replace(/\{[^/]+\}/g, '[^/]+')}/?$`) }));
  const router = httpRouterHandler<ApiEvent, ApiResult>({
    routes: routes.map((r) => ({ method: r.method, path: r.path, handler: bind(r) })) as RouterRoute<ApiEvent, ApiResult>[],
    notFoundResponse: ({ method, path }) => {
      const allowed = known.filter((k) => k.pattern.test(path)).map((k) => k.method);
      if (allowed.length > 0) {
        throw new HttpProblem(
          405,
          'method-not-allowed',
          'Method not allowed',
          `${method} is not allowed on ${path}; use ${allowed.join(', ')}`,
          { allow: allowed },
        );
      }
      throw new HttpProblem(404, 'no-such-route', 'No such route', `there is no route ${method} ${path}`);
    },
  });

  return middy<ApiEvent, ApiResult>()
    .use(problemErrors(deps.onServerError))
    .handler((event, context) => router(event, context));
}
