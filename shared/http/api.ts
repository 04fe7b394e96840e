// The bureau's HTTP API (API Gateway HTTP API, payload v2). The routes are data (routes/), served by
// two functions: api, and spreadsheets (the spreadsheet libraries would take the api's bundle past
// its budget). This module lists them all, for the OpenAPI document, and makes the api's handler.
import * as z from 'zod';
import type { CityConfig } from '../domain/city-config';
import { openApiDocument, type OpenApiDocument } from './openapi';
import { json } from './request';
import type { Route, ServedBy } from './route';
import { createRouteHandler, pathPattern } from './router';
import { routeContext, type ApiDependencies, type RouteContext } from './routes/context';
import { problemRoutes } from './routes/problems';
import { projectRoutes } from './routes/projects';
import { cityRoutes } from './routes/city';
import { digestRoutes } from './routes/digests';
import { rollupRoutes } from './routes/rollups';
import { spreadsheetRoutes } from './routes/spreadsheets';
import { targetRoutes } from './routes/targets';

export type { ApiDependencies } from './routes/context';

/** Every route of the API, the document's own included. */
export function apiRoutes(ctx: RouteContext, document: () => OpenApiDocument): Route[] {
  return [
    ...projectRoutes(ctx),
    ...spreadsheetRoutes(ctx),
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

/** The routes for a configuration, without stores: to describe them (routes touch stores only when handling). */
function describedRoutes(config: CityConfig, document: () => OpenApiDocument): Route[] {
  const unused = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the routes are described without stores');
      },
    },
  ) as never;
  return apiRoutes(
    routeContext({ projects: unused, problems: unused, rollups: unused, digests: unused, imports: unused, config }),
    document,
  );
}

export function apiDocument(config: CityConfig): OpenApiDocument {
  const document = openApiDocument(
    describedRoutes(config, () => document),
    config,
  );
  return document;
}

/** The api function's handler: every route but those the spreadsheets function serves. */
export function createApiHandler(deps: ApiDependencies) {
  const ctx = routeContext(deps);
  let document: OpenApiDocument | undefined;
  const routes = apiRoutes(ctx, () => (document ??= openApiDocument(routes, deps.config)));
  return createRouteHandler(
    routes.filter((r) => (r.servedBy ?? 'api') === 'api'),
    deps,
  );
}

/**
 * A route's path as API Gateway takes it: a path variable is a whole segment, so the function's
 * `/reports/{year}.xlsx` is the gateway's `/reports/{year}`, and the function reads the year itself.
 */
export function gatewayPath(path: string): string {
  return path.replace(/\/[^/]*\{([^/{}]+)\}[^/]*/g, '/{$1}');
}

export interface RouteTableEntry {
  method: string;
  path: string;
  gatewayPath: string;
  servedBy: ServedBy;
}

/** Which function serves each route, for the gateway's routes (infra) and the local runtime's dispatch. */
export function routeTable(config: CityConfig): RouteTableEntry[] {
  return describedRoutes(config, () => {
    throw new Error('not served here');
  }).map((r) => ({ method: r.method, path: r.path, gatewayPath: gatewayPath(r.path), servedBy: r.servedBy ?? 'api' }));
}

/**
 * The function a request goes to, as API Gateway routes it: a spreadsheets route by its method and
 * gateway path, the rest to the api (`/{proxy+}`).
 */
export function servedByOf(table: readonly RouteTableEntry[]): (method: string, path: string) => ServedBy {
  const own = table.filter((r) => r.servedBy !== 'api').map((r) => ({ ...r, pattern: pathPattern(r.gatewayPath) }));
  return (method, path) => own.find((r) => r.method === method && r.pattern.test(path))?.servedBy ?? 'api';
}
