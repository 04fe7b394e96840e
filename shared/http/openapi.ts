// The OpenAPI 3.1 document of the HTTP API, generated from the same zod schemas the handlers parse
// with, so the document cannot drift from what the API accepts.
import { z } from 'zod';
import { ProjectSnapshotSchema } from '../../events';
import { TargetsSchema } from '../domain/city-config';
import { ComposeDigestInputSchema } from '../digest/compose';
import { DIGEST_KINDS } from '../domain/digest-period';
import {
  CorrectInputSchema,
  ProduceInputSchema,
  SignInputSchema,
  StartInputSchema,
  STATUSES,
  TerminateInputSchema,
} from '../domain/project';

const schema = (s: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const ProjectSchema = ProjectSnapshotSchema.extend({ status: z.enum(STATUSES) });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const jsonBody = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const project = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Project' } } } });
const errors = {
  '400': problem('Malformed request (JSON, If-Match)'),
  '401': problem('No token'),
  '403': problem('Not allowed for your role or district'),
  '413': problem('Body too large'),
  '415': problem('Wrong content type'),
  '422': problem('Invalid fields, each named with its rule'),
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$' } };
const yearParam = { name: 'year', in: 'path', required: true, schema: { type: 'integer', minimum: 2000, maximum: 2100 } };
const transition = (summary: string, ref: string) => ({
  post: {
    summary,
    parameters: [idParam],
    requestBody: jsonBody(ref),
    responses: { '200': project('The project after the change (or unchanged, for a repeat)'), '404': problem('No such project'), '409': problem('Not allowed in the current status'), ...errors },
  },
});

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Project pipeline tracker API', version: '1' },
    security: [{ jwt: [] }],
    paths: {
      '/projects': {
        post: {
          summary: 'Sign a project (idempotent: the same project again returns it)',
          requestBody: jsonBody('SignInput'),
          responses: { '201': project('Signed'), '200': project('Already signed with the same content'), '409': problem('The id is taken by a different project'), ...errors },
        },
        get: {
          summary: 'List projects by status, district and signing year',
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: [...STATUSES] } },
            { name: 'district', in: 'query', schema: { type: 'string' } },
            { name: 'signedYear', in: 'query', schema: { type: 'integer' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'A page of projects and the cursor of the next' }, ...errors },
        },
      },
      '/projects/import': {
        post: {
          summary: 'Import a spreadsheet (CSV, UTF-8, English or Chinese headers): one sign per row',
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: { '200': { description: 'Created, unchanged and failed rows with row numbers and reasons' }, ...errors },
        },
      },
      '/projects/{id}': {
        get: {
          summary: 'A project with a page of its event history, newest first',
          parameters: [
            idParam,
            { name: 'historyLimit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'historyBefore', in: 'query', description: 'Only events older than this version: the previous page’s historyNextBefore', schema: { type: 'integer', minimum: 1 } },
          ],
          responses: { '200': project('The project, `history` (newest first) and `historyNextBefore` (null on the last page)'), '404': problem('No such project'), ...errors },
        },
        patch: {
          summary: 'Correct a project (If-Match: the version being corrected)',
          parameters: [idParam, { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } }],
          requestBody: jsonBody('CorrectInput'),
          responses: { '200': project('Corrected'), '404': problem('No such project'), '409': problem('Saved concurrently'), '412': problem('Stale If-Match'), '428': problem('If-Match missing'), ...errors },
        },
      },
      '/projects/{id}/start': transition('Record the start of construction', 'StartInput'),
      '/projects/{id}/produce': transition('Record the start of production', 'ProduceInput'),
      '/projects/{id}/terminate': transition('Terminate a signed or started project', 'TerminateInput'),
      '/rollups/{year}': { get: { summary: 'The year’s rollups against its targets', parameters: [yearParam], responses: { '200': { description: 'Totals, by district, industry and month' }, ...errors } } },
      '/targets/{year}': {
        get: { summary: 'The year’s targets', parameters: [yearParam], responses: { '200': { description: 'Targets' }, ...errors } },
        put: { summary: 'Set the year’s targets (admin, bureau)', parameters: [yearParam], requestBody: jsonBody('Targets'), responses: { '200': { description: 'Targets' }, ...errors } },
      },
      '/digests/latest': {
        get: {
          summary: 'The latest digest of a kind',
          parameters: [{ name: 'kind', in: 'query', schema: { type: 'string', enum: [...DIGEST_KINDS], default: 'weekly' } }],
          responses: { '200': { description: 'The digest' }, '404': problem('None composed yet'), ...errors },
        },
      },
      '/digests': {
        post: {
          summary: 'Compose the period’s digest now (admin, bureau); the stored one when it exists, unless force',
          requestBody: jsonBody('ComposeDigestInput'),
          responses: { '201': { description: 'Composed' }, '200': { description: 'The period already had this digest' }, ...errors },
        },
      },
      '/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      securitySchemes: { jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        SignInput: schema(SignInputSchema),
        StartInput: schema(StartInputSchema),
        ProduceInput: schema(ProduceInputSchema),
        TerminateInput: schema(TerminateInputSchema),
        CorrectInput: schema(CorrectInputSchema),
        Targets: schema(TargetsSchema),
        ComposeDigestInput: schema(ComposeDigestInputSchema),
        Project: schema(ProjectSchema),
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, rule: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
