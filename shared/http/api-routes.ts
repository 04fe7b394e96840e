// Every route of the API in one list, the document's order: the api function serves its share
// (api-handler.ts), and api.ts describes them all.
import type { OpenApiDocument } from './openapi';
import type { Route } from './route';
import type { RouteContext } from './routes/context';
import { problemRoutes } from './routes/problems';
import { projectRoutes } from './routes/projects';
import { cityRoutes } from './routes/city';
import { digestRoutes } from './routes/digests';
import { openApiRoute } from './routes/openapi';
import { rollupRoutes } from './routes/rollups';
import { spreadsheetRoutes } from './routes/spreadsheets';
import { targetRoutes } from './routes/targets';

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
