// A route is data: method, path, operationId, who may call it, the zod schemas of its path, query,
// body and responses, and its handler. The router (api.ts) and the OpenAPI document (openapi.ts)
// are both made from the same list, so neither can describe a route the other does not serve.
import type { Method } from '@middy/http-router';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { Principal } from './auth';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/**
 * Who may call a route: anyone (no token), any role, a role that writes some district's projects
 * (the project's own district is checked by the command), or the bureau and admin only (`action`
 * says what is refused to the others, e.g. "change targets").
 */
export type Access = 'public' | 'read' | 'write' | { bureauOnly: string };

/** Response headers a route documents and always sends. */
export type ResponseHeader = 'etag' | 'location' | 'content-disposition';

export type ResponseSpec =
  | {
      description: string;
      /** The JSON body. */
      body: z.ZodType;
      headers?: readonly ResponseHeader[];
    }
  | {
      description: string;
      /** A file of this media type (a workbook, a CSV), sent with its file name. */
      file: string;
      headers?: readonly ResponseHeader[];
    };

/** A file body (a spreadsheet): its bytes as sent, with the media type it was sent as. */
export interface FileBody {
  mediaType: string;
  bytes: Buffer;
}

export type RequestBody<B> =
  | { type: 'json'; schema: z.ZodType<B, unknown> }
  | {
      type: 'file';
      /** The media types accepted; any other is a 415. */
      mediaTypes: readonly string[];
      maxBytes: number;
      /** What the file is, for the 415's message ("the spreadsheet"). */
      what: string;
      description: string;
    };

/** The function that serves a route: the api, or spreadsheets, which carries the spreadsheet libraries. */
export type ServedBy = 'api' | 'spreadsheets';

export interface RouteInput<P, Q, B> {
  event: ApiEvent;
  /** Null on a public route. */
  principal: Principal | null;
  params: P;
  query: Q;
  body: B;
  /** The version named by If-Match, on routes that take it. */
  ifMatch: number | undefined;
}

export interface Route<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** `/projects/{id}`: each `{name}` has a schema in `params`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** The resource it belongs to: projects, rollups, targets, digests, meta. */
  tag: string;
  access: Access;
  params?: z.ZodType<P, unknown>;
  query?: z.ZodType<Q, unknown>;
  body?: RequestBody<B>;
  /** The route needs If-Match (the version a change was decided on); without it, a 428. */
  ifMatch?: boolean;
  /** The function that serves it; the api when not named. */
  servedBy?: ServedBy;
  /** Success responses by status. */
  responses: Partial<Record<200 | 201 | 202, ResponseSpec>>;
  /** Problem statuses the route's own logic answers (the common ones are added from the above). */
  problems?: readonly (404 | 409 | 412 | 413)[];
  handler: (input: RouteInput<P, Q, B>) => Promise<ApiResult>;
}

/** Infers a route's parameter types from its schemas. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(spec: Route<P, Q, B>): Route {
  return spec as unknown as Route;
}
