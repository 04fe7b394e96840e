// The api function's handler: every route but those API Gateway sends to the spreadsheets function.
// The OpenAPI document, which describes them all, is not loaded at init: it is made on its first
// request, from a chunk of the bundle (api.ts).
import type { OpenApiDocument } from './openapi';
import { createRouteHandler } from './router';
import { routeContext, type ApiDependencies } from './routes/context';
import { problemRoutes } from './routes/problems';
import { projectRoutes } from './routes/projects';
import { cityRoutes } from './routes/city';
import { digestRoutes } from './routes/digests';
import { openApiRoute } from './routes/openapi';
import { rollupRoutes } from './routes/rollups';
import { spreadsheetRoutes } from './routes/spreadsheets';
import { targetRoutes } from './routes/targets';

export type { ApiDependencies } from './routes/context';

export function createApiHandler(deps: ApiDependencies) {
  const ctx = routeContext(deps);
  let document: Promise<OpenApiDocument> | undefined;
  const loadDocument = () => (document ??= import('./api').then((api) => api.apiDocument(deps.config)));
  const routes = [
    ...projectRoutes(ctx),
    ...spreadsheetRoutes(ctx),
    ...problemRoutes(ctx),
    ...rollupRoutes(ctx),
    ...targetRoutes(ctx),
    ...digestRoutes(ctx),
    ...cityRoutes(ctx),
    openApiRoute(loadDocument),
  ];
  return createRouteHandler(
    routes.filter((r) => (r.servedBy ?? 'api') === 'api'),
    deps,
  );
}
