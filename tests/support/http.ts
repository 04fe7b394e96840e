// API Gateway v2 events as the HTTP API with a JWT authorizer delivers them.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** Groups of the caller; null sends no claims at all. */
  groups?: string[] | null;
  sub?: string;
}

export function apiEvent(method: string, path: string, options: RequestOptions = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers };
  const groups = options.groups === undefined ? ['bureau'] : options.groups;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers,
    queryStringParameters: options.query,
    body,
    isBase64Encoded: false,
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
        jwt: groups === null ? (undefined as never) : { claims: { sub: options.sub ?? 'clerk-1', 'cognito:groups': `[${groups.join(' ')}]` }, scopes: [] },
      },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}
