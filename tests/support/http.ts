// API Gateway v2 events as the HTTP API with a JWT authorizer delivers them.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  /** Bytes as API Gateway passes a body it does not take as text: base64-encoded. */
  bytes?: Buffer;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** Groups of the caller; null sends no claims at all. */
  groups?: string[] | null;
  sub?: string;
}

/**
 * The bearer token the authorizer verified, as it reaches the handler in the Authorization header
 * (its signature is the authorizer's business, so this one is not signed).
 */
export function bearerToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `Bearer ${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.unsigned`;
}

export function apiEvent(method: string, path: string, options: RequestOptions = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const body =
    options.bytes?.toString('base64') ?? options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const groups = options.groups === undefined ? ['bureau'] : options.groups;
  const sub = options.sub ?? 'clerk-1';
  const headers: Record<string, string> = {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(groups === null ? {} : { authorization: bearerToken({ sub, 'cognito:groups': groups }) }),
    ...options.headers,
  };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    queryStringParameters: options.query,
    body,
    isBase64Encoded: options.bytes !== undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'req',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: groups === null ? (undefined as never) : { claims: { sub, 'cognito:groups': `[${groups.join(' ')}]` }, scopes: [] },
      },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}
