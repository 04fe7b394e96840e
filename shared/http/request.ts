// Reading an API Gateway v2 request: body, query, If-Match, and JSON responses.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { ValidationError } from '../domain/errors';
import { parseInput } from '../domain/project';
import { HttpProblem } from './problem';

export const MAX_JSON_BODY_BYTES = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The raw body's bytes, refused past `maxBytes`. API Gateway base64-encodes a body it does not pass as text. */
export function bodyBytes(event: APIGatewayProxyEventV2, maxBytes: number): Buffer {
  const raw = event.body ?? '';
  const buffer = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (buffer.byteLength > maxBytes) {
    throw new HttpProblem(
      413,
      'body-too-large',
      'Request body too large',
      `the body is ${buffer.byteLength} bytes; at most ${maxBytes} are accepted`,
    );
  }
  return buffer;
}

/** The raw body as UTF-8 text; one that is not UTF-8 is refused rather than read with U+FFFD in place of its bytes. */
export function bodyText(event: APIGatewayProxyEventV2, maxBytes: number): string {
  const buffer = bodyBytes(event, maxBytes);
  try {
    return utf8.decode(buffer);
  } catch {
    throw new HttpProblem(400, 'malformed-utf8', 'Body is not UTF-8', 'the body is not valid UTF-8: save or send it as UTF-8');
  }
}

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Refuses (415) a body not sent as `mediaType` (parameters such as charset allowed). */
export function requireMediaType(event: APIGatewayProxyEventV2, mediaType: string, what: string): void {
  const contentType = header(event, 'content-type') ?? '';
  if (contentType.split(';')[0]!.trim().toLowerCase() !== mediaType) {
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `send ${what} as ${mediaType} (got ${contentType || 'no content-type'})`,
    );
  }
}

/** A JSON body parsed and validated against `schema`. */
export function jsonBody<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  requireMediaType(event, 'application/json', 'the body');
  const text = bodyText(event, MAX_JSON_BODY_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, 'malformed-json', 'Malformed JSON', `the body is not valid JSON: ${(error as Error).message}`);
  }
  const reserved = reservedKeyPath(parsed);
  if (reserved !== null) throw new ValidationError([{ field: reserved, rule: 'is not a field the API accepts' }]);
  return parseInput(schema, parsed);
}

/**
 * Where a "__proto__" key is in a parsed body, or null. JSON.parse keeps it as data, and a strict
 * object refuses it, but a record (a map of codes) would drop it without a word.
 */
function reservedKeyPath(value: unknown, path: readonly string[] = []): string | null {
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__proto__') return [...path, key].join('.');
    const found = reservedKeyPath(inner, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** The query string validated against `schema` (unknown parameters are refused by a strict schema). */
export function queryParams<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  return parseInput(schema, { ...(event.queryStringParameters ?? {}) });
}

/** The version named by If-Match: `"3"`, `W/"3"` or `3`. Required where a route asks for it. */
export function ifMatchVersion(event: APIGatewayProxyEventV2): number {
  const value = header(event, 'if-match');
  if (!value) {
    throw new HttpProblem(
      428,
      'precondition-required',
      'If-Match required',
      'send If-Match with the version you are changing (the ETag you read it with)',
    );
  }
  const match = /^(?:W\/)?"?(\d{1,10})"?$/.exec(value.trim());
  if (!match) {
    throw new HttpProblem(
      400,
      'bad-if-match',
      'Malformed If-Match',
      `If-Match must be a version such as "3" (an ETag of this API), got ${value}`,
    );
  }
  return Number(match[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}
