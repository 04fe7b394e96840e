// Every response a test receives is checked against the API's contract (contract/openapi.json):
// the status is documented for the operation, the body matches its schema, and the documented
// headers are there. A route cannot change what it returns without its description.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface Operation {
  responses: Record<string, { headers?: Record<string, { required?: boolean }>; content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const document: Document = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../contract/openapi.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
// The components become one schema's $defs, and every reference points there.
const rewriteRefs = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"contract#/$defs/'));
ajv.addSchema(rewriteRefs({ $id: 'contract', $defs: document.components.schemas }) as object);

// Literal paths before templated ones, so /projects/import is not taken for /projects/{id}.
const templates = Object.keys(document.paths)
  .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
  .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^/]+\}/g, '[^/]+')}/?$`) }));

const validators = new Map<string, ValidateFunction>();
function validatorFor(key: string, schema: unknown): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(rewriteRefs(schema) as object);
    validators.set(key, validate);
  }
  return validate;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string | number | boolean | undefined>;
  body: unknown;
}

/** What in `response` breaks the contract for `method path` (the path as requested), or []. */
export function contractViolations(method: string, requestPath: string, response: ReceivedResponse): string[] {
  const pathOnly = requestPath.split('?')[0]!;
  const found = templates.find((t) => t.pattern.test(pathOnly));
  const operation = found && document.paths[found.template]![method.toLowerCase()];
  const contentType = String(response.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  if (!operation) {
    // No operation: the API's own 404 (no such route) or 405 (with Allow), as problem+json.
    const expected = found ? 405 : 404;
    return response.status === expected && contentType === 'application/problem+json'
      ? []
      : [`${method} ${pathOnly} is not in the contract, yet answered ${response.status}`];
  }
  const where = `${method} ${found.template} → ${response.status}`;
  const documented = operation.responses[String(response.status)];
  if (!documented) return [`${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
  const problems: string[] = [];
  for (const [name, header] of Object.entries(documented.headers ?? {})) {
    if (header.required && response.headers[name.toLowerCase()] === undefined) problems.push(`${where}: header ${name} missing`);
  }
  const media = documented.content?.[contentType];
  if (!media)
    return [
      ...problems,
      `${where}: content-type ${contentType || '(none)'} not documented (${Object.keys(documented.content ?? {}).join(', ')})`,
    ];
  // A file (a workbook, a CSV) is documented as binary: its media type and headers are the contract.
  if (response.body instanceof Uint8Array) {
    return (media.schema as { format?: string }).format === 'binary'
      ? problems
      : [...problems, `${where}: a file where JSON is documented`];
  }
  const validate = validatorFor(`${where} ${contentType}`, media.schema);
  if (!validate(response.body)) {
    problems.push(...(validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
  }
  return problems;
}
