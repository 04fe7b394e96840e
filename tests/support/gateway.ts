// The HTTP API as API Gateway puts it together: the spreadsheet routes to the spreadsheets
// function's handler, every other request to the api's, each made with the same dependencies.
import type { Context } from 'aws-lambda';
import { expect } from 'vitest';
import { routeTable, servedByOf } from '../../shared/http/api';
import { createApiHandler, type ApiDependencies } from '../../shared/http/api-handler';
import type { ApiEvent, ApiResult } from '../../shared/http/route';
import { createSpreadsheetsHandler } from '../../shared/http/routes/spreadsheets';
import { workbooks } from '../../shared/spreadsheets/workbooks';
import { contractViolations } from './contract';
import { apiEvent, type RequestOptions } from './http';

export function createGatewayHandler(deps: ApiDependencies): (event: ApiEvent, context: Context) => Promise<ApiResult> {
  const api = createApiHandler(deps);
  const spreadsheets = createSpreadsheetsHandler(deps, async () => workbooks);
  const servedBy = servedByOf(routeTable(deps.config));
  return (event, context) =>
    servedBy(event.requestContext.http.method, event.requestContext.http.path) === 'spreadsheets'
      ? spreadsheets(event, context)
      : api(event, context);
}

/**
 * A request through `handler`, its response held to the contract: the body parsed (JSON), or the
 * file's bytes (a base64 body).
 */
export async function callThrough(
  handler: (event: ApiEvent, context: Context) => Promise<ApiResult>,
  method: string,
  path: string,
  options: RequestOptions = {},
) {
  const response = await handler(apiEvent(method, path, options), {} as Context);
  const body = response.isBase64Encoded
    ? Buffer.from(response.body ?? '', 'base64')
    : response.body
      ? JSON.parse(response.body)
      : undefined;
  const received = { status: response.statusCode!, headers: response.headers ?? {}, body };
  expect(contractViolations(method, path, received), `${method} ${path}`).toEqual([]);
  return received;
}
