// GET /openapi.json: the API's own description.
import * as z from 'zod';
import type { OpenApiDocument } from '../openapi';
import { json } from '../request';
import type { Route } from '../route';

export function openApiRoute(document: () => Promise<OpenApiDocument>): Route {
  return {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This document',
    tag: 'meta',
    access: 'public',
    responses: { 200: { description: 'OpenAPI 3.1', body: z.record(z.string(), z.unknown()) } },
    handler: async () => json(200, await document()),
  };
}
