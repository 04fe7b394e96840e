// The bureau's HTTP API (API Gateway HTTP API, payload v2). The routes are data (routes/), served by
// two functions: api (api-handler.ts), and spreadsheets (the spreadsheet libraries would take the
// api's bundle past its budget). This module describes them all: the OpenAPI document, the gateway's
// routes and the local runtime's dispatch.
import type { CityConfig } from '../domain/city-config';
import { apiRoutes } from './api-routes';
import { openApiDocument, type OpenApiDocument } from './openapi';
import type { Route, ServedBy } from './route';
import { pathPattern } from './router';
import { routeContext } from './routes/context';

/**
 * Every route of the API for a configuration, the document's own included: to describe them, so
 * without stores (routes touch stores only when handling) and never served from here.
 */
function describedRoutes(config: CityConfig): Route[] {
  const unused = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the routes are described without stores');
      },
    },
  ) as never;
  const ctx = routeContext({ projects: unused, problems: unused, rollups: unused, digests: unused, imports: unused, config });
  return apiRoutes(ctx, () => Promise.reject(new Error('the document is served by the api function')));
}

export function apiDocument(config: CityConfig): OpenApiDocument {
  return openApiDocument(describedRoutes(config), config);
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
  return describedRoutes(config).map((r) => ({
    method: r.method,
    path: r.path,
    gatewayPath: gatewayPath(r.path),
    servedBy: r.servedBy ?? 'api',
  }));
}

/**
 * The function a request goes to, as API Gateway routes it: a spreadsheets route by its method and
 * gateway path, the rest to the api (`/{proxy+}`).
 */
export function servedByOf(table: readonly RouteTableEntry[]): (method: string, path: string) => ServedBy {
  const own = table.filter((r) => r.servedBy !== 'api').map((r) => ({ ...r, pattern: pathPattern(r.gatewayPath) }));
  return (method, path) => own.find((r) => r.method === method && r.pattern.test(path))?.servedBy ?? 'api';
}
