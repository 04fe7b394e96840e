// The api function's handler: every route but those API Gateway sends to the spreadsheets function.
// The OpenAPI document, which describes them all, is not loaded at init: it is made on its first
// request, from a chunk of the bundle (api.ts).
import type { OpenApiDocument } from './openapi';
import type { Route } from './route';
import { createRouteHandler } from './router';
import { routeContext, type ApiDependencies, type RouteContext } from './routes/context';
import { problemRoutes } from './routes/problems';
import { projectRoutes } from './routes/projects';
import { cityRoutes } from './routes/city';
import { digestRoutes } from './routes/digests';
import { openApiRoute } from './routes/openapi';
import { rollupRoutes } from './routes/rollups';
import { spreadsheetRoutes } from './routes/spreadsheets';
import { targetRoutes } from './routes/targets';

export type { ApiDependencies } from './routes/context';

/** Every route of the API, the document's own included, in the document's order. */
export function apiRoutes(ctx: RouteContext, document: () => Promise<OpenApiDocument>): Route[] {
  return [
    ...projectRoutes(ctx),
    ...spreadsheetRoutes(ctx),
    ...problemRoutes(ctx),
    ...rollupRoutes(ctx),
    ...targetRoutes(ctx),
    ...digestRoutes(ctx),
    ...cityRoutes(ctx),
    openApiRoute(document),
  ];
}

export function createApiHandler(deps: ApiDependencies) {
  let document: OpenApiDocument | undefined;
  // The result is kept, not the promise: a load that fails is tried again on the next request.
  const loadDocument = async () => (document ??= (await import('./api')).apiDocument(deps.config));
  return createRouteHandler(
    apiRoutes(routeContext(deps), loadDocument).filter((r) => (r.servedBy ?? 'api') === 'api'),
    deps,
  );
}
