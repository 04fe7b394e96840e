// The OpenAPI 3.1 document of the HTTP API, made from the route table: every route's path, query,
// If-Match, body and responses come from the same zod schemas the router parses and answers with.
import * as z from 'zod';
import type { CityConfig } from '../domain/city-config';
import { RollupViewSchema } from '../domain/rollup-view';
import type { Route } from './route';
import { ProblemSchema, ProjectSchema } from './routes/context';
import { ProblemPageSchema } from './routes/problems';
import { ProjectPageSchema, ProjectWithHistorySchema } from './routes/projects';
import { ImportResultSchema } from './routes/spreadsheets';
import { CitySchema } from './routes/city';
import { StoredDigestSchema } from './routes/digests';
import { YearTargetsSchema } from './routes/targets';

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

type JsonSchema = Record<string, unknown>;

/** Response bodies shared by several operations, by the name the document gives them. */
const NAMED_RESPONSES: [string, z.ZodType][] = [
  ['Project', ProjectSchema],
  ['ProjectPage', ProjectPageSchema],
  ['ProjectWithHistory', ProjectWithHistorySchema],
  ['ProjectProblem', ProblemSchema],
  ['ProjectProblemPage', ProblemPageSchema],
  ['ImportResult', ImportResultSchema],
  ['RollupView', RollupViewSchema],
  ['YearTargets', YearTargetsSchema],
  ['StoredDigest', StoredDigestSchema],
  ['City', CitySchema],
];

const TAGS = [
  { name: 'projects', description: 'The register: sign, list, read, start, produce, terminate, correct, import' },
  { name: 'problems', description: 'What blocks a project, who must clear it and by when; the chase list' },
  { name: 'rollups', description: 'Where a year stands against its targets' },
  { name: 'targets', description: 'The year’s targets' },
  { name: 'digests', description: 'Weekly and monthly digests for leaders' },
  { name: 'meta', description: 'This document and the city’s configuration' },
];

const PROBLEMS: Record<number, string> = {
  400: 'Malformed request: JSON, UTF-8 or If-Match',
  403: 'Not allowed for your role or district',
  404: 'No such project (or digest)',
  409: 'Not allowed in the project’s current status, or saved concurrently',
  412: 'The project changed since the version named in If-Match',
  413: 'Body too large',
  415: 'Wrong content type',
  422: 'Invalid fields, each named with its rule',
  428: 'If-Match missing',
  500: 'Unexpected error (logged); nothing was changed that a retry would not repeat',
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemJson = { 'application/problem+json': { schema: ref('Problem') } };
/** API Gateway's own answers (authorizer, throttling, limits, timeouts): `{"message": "…"}`. */
const gatewayMessage = { 'application/json': { schema: ref('GatewayMessage') } };
const capitalized = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Named schemas with their cross-references, in one pass so a schema named twice is one component. */
function components(named: [string, z.ZodType][], io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) if (!registry.has(schema)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => ref(id).$ref });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _dialect, $id: _id, ...rest } = s as JsonSchema;
      return [id, rest];
    }),
  );
}

function parametersOf(route: Route): JsonSchema[] {
  const fields = (schema: z.ZodType | undefined) =>
    Object.entries((schema as z.ZodObject | undefined)?.shape ?? {}) as [string, z.ZodType][];
  const parameters: JsonSchema[] = [
    ...fields(route.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchemaOf(schema, 'input') })),
    ...fields(route.query).map(([name, schema]) => {
      const json = jsonSchemaOf(schema, 'input');
      const optional = schema.safeParse(undefined).success;
      return { name, in: 'query', required: !optional, ...(json.description ? { description: json.description } : {}), schema: json };
    }),
  ];
  if (route.ifMatch) {
    // Documented as optional so that a validating gateway lets the API's own 428 through.
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description: 'The version being changed, as the ETag gave it ("3"); without it, a 428',
      schema: { type: 'string' },
    });
  }
  return parameters;
}

function problemStatuses(route: Route): number[] {
  const statuses = new Set<number>(route.problems ?? []);
  if (route.access !== 'public') statuses.add(403);
  // Every route refuses an unknown query parameter, naming it.
  statuses.add(422);
  if (route.body) for (const s of [400, 413, 415]) statuses.add(s);
  if (route.ifMatch) for (const s of [400, 428]) statuses.add(s);
  statuses.add(500);
  return [...statuses].sort();
}

/** The schemas of the routes and the fixed ones; a route's schema named like a fixed one would silently replace it. */
function withoutCollisions(named: Record<string, JsonSchema>, fixed: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const clash = Object.keys(named).find((name) => name in fixed);
  if (clash) throw new Error(`the schema name ${clash} is taken by a fixed component of the document`);
  return { ...named, ...fixed };
}

export function openApiDocument(routes: readonly Route[], config: CityConfig): OpenApiDocument {
  const responseNames = new Map(NAMED_RESPONSES.map(([name, schema]) => [schema, name]));
  const outputs: [string, z.ZodType][] = [...NAMED_RESPONSES];
  const inputs: [string, z.ZodType][] = [];
  const paths: OpenApiDocument['paths'] = {};

  for (const route of routes) {
    const op = capitalized(route.operationId);
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      if (!spec) continue;
      let content: Record<string, unknown>;
      if ('file' in spec) {
        content = { [spec.file]: { schema: { type: 'string', format: 'binary' } } };
      } else {
        let name = responseNames.get(spec.body);
        if (!name) {
          name = `${op}Response`;
          outputs.push([name, spec.body]);
        }
        content = { 'application/json': { schema: ref(name) } };
      }
      const headers: Record<string, unknown> = {};
      if (spec.headers?.includes('etag'))
        headers.ETag = {
          description: 'The version of what was read or changed (the project, or the problem), for If-Match',
          required: true,
          schema: { type: 'string' },
        };
      if (spec.headers?.includes('location'))
        headers.Location = { description: 'The URL of what was created', required: true, schema: { type: 'string' } };
      if (spec.headers?.includes('content-disposition'))
        headers['Content-Disposition'] = {
          description: 'attachment, with the file’s name (RFC 6266: an ASCII name and a UTF-8 filename*)',
          required: true,
          schema: { type: 'string' },
        };
      responses[status] = {
        description: spec.description,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        content,
      };
    }
    if (route.access !== 'public') {
      responses['401'] = {
        description: 'No valid token: the gateway’s authorizer answers; a request that reaches the API without claims is a problem',
        content: { ...gatewayMessage, ...problemJson },
      };
    }
    for (const status of problemStatuses(route)) {
      // The gateway answers a body too large, and a failure of the function itself, before the API can.
      const fromGateway = status === 413 || status === 500;
      responses[String(status)] = {
        description: PROBLEMS[status],
        content: fromGateway ? { ...problemJson, ...gatewayMessage } : problemJson,
      };
    }
    responses['429'] = { description: 'Throttled by the gateway (the stage’s rate, or the import route’s own)', content: gatewayMessage };
    responses['503'] = { description: 'The gateway gave up waiting for the function (29 s)', content: gatewayMessage };

    let requestBody: unknown;
    if (route.body?.type === 'json') {
      inputs.push([`${op}Body`, route.body.schema]);
      requestBody = { required: true, content: { 'application/json': { schema: ref(`${op}Body`) } } };
    } else if (route.body?.type === 'file') {
      const { maxBytes } = route.body;
      requestBody = {
        required: true,
        description: `${route.body.description} At most ${maxBytes} bytes.`,
        content: Object.fromEntries(route.body.mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
      };
    }

    const parameters = parametersOf(route);
    const pathItem = paths[route.path] ?? {};
    paths[route.path] = pathItem;
    pathItem[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: `Project pipeline tracker API (${config.city})`,
      version: '1',
      description:
        'The register of signed investment projects and where the year stands against its targets. Errors are application/problem+json naming each failing field and its rule; the gateway’s own answers (401, 413, 429, 500, 503) are {"message"}. A path that exists answers another method with 405 and an Allow header. An unknown query parameter is refused (422), naming it.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'The host that serves this document' }],
    security: [{ jwt: [] }],
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        jwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito (or the configured OIDC issuer); roles from the groups claim',
        },
      },
      schemas: withoutCollisions(
        {
          ...components(inputs, 'input'),
          ...components(outputs, 'output'),
        },
        {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status', 'detail'],
            properties: {
              type: { type: 'string' },
              title: { type: 'string' },
              status: { type: 'integer' },
              detail: { type: 'string' },
              errors: {
                type: 'array',
                items: { type: 'object', required: ['field', 'rule'], properties: { field: { type: 'string' }, rule: { type: 'string' } } },
              },
            },
          },
          GatewayMessage: {
            type: 'object',
            description: 'As API Gateway answers, e.g. {"message":"Unauthorized"} or {"message":"Too Many Requests"}',
            required: ['message'],
            properties: { message: { type: 'string' } },
          },
        },
      ),
    },
  };
}
