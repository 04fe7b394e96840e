// The api function's handler: every route but those API Gateway sends to the spreadsheets function.
// The OpenAPI document, which describes them all, is not loaded at init: it is made on its first
// request, from a chunk of the bundle (api.ts).
import { apiRoutes } from './api-routes';
import type { OpenApiDocument } from './openapi';
import { createRouteHandler } from './router';
import { routeContext, type ApiDependencies } from './routes/context';

export type { ApiDependencies } from './routes/context';

export function createApiHandler(deps: ApiDependencies) {
  let document: OpenApiDocument | undefined;
  // The result is kept, not the promise: a load that fails is tried again on the next request.
  const loadDocument = async () => (document ??= (await import('./api')).apiDocument(deps.config));
  return createRouteHandler(
    apiRoutes(routeContext(deps), loadDocument).filter((r) => (r.servedBy ?? 'api') === 'api'),
    deps,
  );
}
