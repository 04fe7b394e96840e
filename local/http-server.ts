// The HTTP front of the local runtime: what API Gateway's HTTP API with a JWT authorizer does in
// AWS. A request becomes an API Gateway v2 event (claims as the authorizer passes them: strings,
// groups as "[a b]"); a missing or bad token is a 401 before the body is read; /openapi.json and
// /healthz need no token.
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { verifyToken } from './dev-tokens';

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Lambda's response limit (a synchronous invocation's payload, the body as returned: base64 counts). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
const PUBLIC_PATHS = new Set(['/openapi.json']);
const TEXT_TYPES = /^(text\/|application\/(json|problem\+json|x-www-form-urlencoded|xml))/;

export interface HttpServerOptions {
  handler: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;
  jwtSecret: string;
  onError?: (error: unknown) => void;
  /** Serves the web app's paths (true when it did); the API gets the rest. */
  app?: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;
}

/** Until the runtime is ready every request, /healthz included, is a 503. */
export const startingListener: RequestListener = (_req, res) => {
  res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"starting"}');
};

export function apiRequestListener(options: HttpServerOptions): RequestListener {
  return async (req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz') return send(200, { status: 'ok' });
      if (await options.app?.(req, res, url.pathname)) return;

      let claims: Record<string, string> | undefined;
      if (!PUBLIC_PATHS.has(url.pathname)) {
        const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const payload = token ? await verifyToken(options.jwtSecret, token) : null;
        // Closing the connection leaves the body unread: without a token no one makes it take 10 MiB.
        if (!payload) return send(401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer', connection: 'close' });
        claims = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
      }
      const body = await readBody(req);
      if (body === null) return send(413, { message: 'Request Entity Too Large' });

      const result = await options.handler(apiEventOf(req, url, body, claims));
      // As in AWS: Lambda refuses a larger response, and API Gateway answers 500 for it.
      const returned = Buffer.byteLength(JSON.stringify(result));
      if (returned > MAX_RESPONSE_BYTES) {
        options.onError?.(
          new Error(`the response of ${req.method} ${url.pathname} is ${returned} bytes, past Lambda's ${MAX_RESPONSE_BYTES}`),
        );
        return send(500, { message: 'Internal Server Error' });
      }
      const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
      const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
      res.writeHead(result.statusCode ?? 200, headers).end(payload);
    } catch (error) {
      options.onError?.(error);
      if (!res.headersSent) send(500, { message: 'Internal Server Error' });
    }
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function apiEventOf(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  claims: Record<string, string> | undefined,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  // No prototype: a parameter named __proto__ or constructor is a parameter, as API Gateway passes it.
  const query: Record<string, string> = Object.create(null);
  for (const [k, v] of url.searchParams) query[k] = Object.hasOwn(query, k) ? `${query[k]},${v}` : v;
  // As API Gateway does, a body that is not UTF-8 is passed base64-encoded, never decoded with U+FFFD.
  const text = body.length === 0 || (TEXT_TYPES.test(headers['content-type'] ?? 'text/plain') && isUtf8(body));
  const now = new Date();
  const method = req.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length > 0 ? query : undefined,
    body: body.length === 0 ? undefined : text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !text,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: claims ? { claims, scopes: [] } : (undefined as never) },
    },
  };
}
