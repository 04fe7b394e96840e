// The HTTP API as API Gateway puts it together: the spreadsheet routes to the spreadsheets
// function's handler, every other request to the api's, each made with the same dependencies.
import type { Context } from 'aws-lambda';
import { createApiHandler, routeTable, servedByOf, type ApiDependencies } from '../../shared/http/api';
import type { ApiEvent, ApiResult } from '../../shared/http/route';
import { createSpreadsheetsHandler } from '../../shared/http/routes/spreadsheets';
import { workbooks } from '../../shared/spreadsheets/workbooks';

export function createGatewayHandler(deps: ApiDependencies): (event: ApiEvent, context: Context) => Promise<ApiResult> {
  const api = createApiHandler(deps);
  const spreadsheets = createSpreadsheetsHandler(deps, workbooks);
  const servedBy = servedByOf(routeTable(deps.config));
  return (event, context) =>
    servedBy(event.requestContext.http.method, event.requestContext.http.path) === 'spreadsheets'
      ? spreadsheets(event, context)
      : api(event, context);
}
