// Routes → one Lambda handler: it checks who is calling, parses the path, query, If-Match and body
// with each route's schemas, and runs the route; every error becomes problem+json in one
// middleware. The api and spreadsheets functions each serve their share of the routes with it.
import middy from '@middy/core';
import httpRouterHandler, { type Route as RouterRoute } from '@middy/http-router';
import * as z from 'zod';
import type { CityConfig } from '../domain/city-config';
import { parseInput } from '../domain/project';
import { assertBureauOrAdmin, assertCanRead, canWriteDistrict, ForbiddenError, principalFromClaims, type Principal } from './auth';
import { HttpProblem, problemErrors } from './problem';
import { bodyBytes, header, ifMatchVersion, jsonBody, queryParams } from './request';
import type { ApiEvent, ApiResult, Route } from './route';

const NoParams = z.strictObject({});

export interface RouteHandlerOptions {
  config: CityConfig;
  onServerError?: (error: unknown) => void;
}

/** The media type of a request's body, without its parameters (`text/csv; charset=gbk` → `text/csv`). */
export function mediaTypeOf(event: ApiEvent): string {
  return (header(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export function createRouteHandler(routes: readonly Route[], options: RouteHandlerOptions) {
  const districts = options.config.districts.map((d) => d.code);

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
    const mediaType = mediaTypeOf(event);
    if (!body.mediaTypes.includes(mediaType)) {
      throw new HttpProblem(
        415,
        'unsupported-media-type',
        'Unsupported media type',
        `send ${body.what} as ${body.mediaTypes.join(' or ')} (got ${mediaType || 'no content-type'})`,
      );
    }
    // The bytes as sent: a spreadsheet is read as what it is (UTF-8 or GBK text, an .xlsx zip).
    return { mediaType, bytes: bodyBytes(event, body.maxBytes) };
  };

  const bind =
    (route: Route) =>
    async (event: ApiEvent): Promise<ApiResult> => {
      const principal = authorize(route, event);
      // From the route's own path: API Gateway's pathParameters name its route's (`{proxy+}`), not ours.
      const params = parseInput(route.params ?? NoParams, pathParamsOf(route.path, event.requestContext.http.path));
      const query = queryParams(event, route.query ?? NoParams);
      const ifMatch = route.ifMatch ? ifMatchVersion(event) : undefined;
      return route.handler({ event, principal, params, query, ifMatch, body: bodyOf(route, event) });
    };

  const known = routes.map((r) => ({ method: r.method, pattern: pathPattern(r.path) }));
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
    .use(problemErrors(options.onServerError))
    .handler((event, context) => router(event, context));
}

/** A route's path as a pattern of request paths: `/projects/{id}` matches `/projects/P-1` (and `/projects/P-1/`). */
export function pathPattern(path: string): RegExp {
  const pattern = path.replace(/\./g, '\\.').replace(/\{([^/{}]+)\}/g, '(?<$1>[^/]+?)');
  return new RegExp(`^${pattern}/?$`);
}

/** The `{name}` parts of a request path, by the route's path (`/reports/{year}.xlsx`, `/reports/2026.xlsx` → year 2026). */
export function pathParamsOf(routePath: string, requestPath: string): Record<string, string> {
  return { ...pathPattern(routePath).exec(requestPath)?.groups };
}
