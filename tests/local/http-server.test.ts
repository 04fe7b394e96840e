// The local API's door, as API Gateway's JWT authorizer keeps it: which development tokens pass,
// and that a request without one is turned away before its body is read.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEV_ISSUER, mintToken } from '../../local/dev-tokens';
import { apiRequestListener, MAX_RESPONSE_BYTES } from '../../local/http-server';

const SECRET = 'http-server-test-secret-32-bytes';
const DAY = 86_400;
const handled: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
    handled.push(event);
    // A handler that answers more than Lambda returns.
    if (event.rawPath === '/huge') return { statusCode: 200, body: 'x'.repeat(MAX_RESPONSE_BYTES) };
    return { statusCode: 200, body: 'handled' };
  };
  server = createServer(apiRequestListener({ handler, jwtSecret: SECRET }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});
beforeEach(() => void handled.splice(0));

/** A token signed with the right secret, with the given issue and expiry times (seconds from now; null: none). */
function tokenWith(times: { iat: number | null; exp: number | null }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ 'cognito:groups': ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('someone').setIssuer(DEV_ISSUER);
  if (times.iat !== null) jwt.setIssuedAt(now + times.iat);
  if (times.exp !== null) jwt.setExpirationTime(now + times.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

const get = async (token: string) => (await fetch(`${url}/rollups/2025`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('the local API and its development tokens', () => {
  it('passes a token as npm start mints it, with its claims', async () => {
    expect(await get(await mintToken(SECRET, 'dev-admin', ['admin']))).toBe(200);
    expect(handled[0]?.requestContext.authorizer.jwt.claims).toMatchObject({ sub: 'dev-admin', 'cognito:groups': '[admin]' });
  });

  it('refuses a token that never expires', async () => {
    expect(await get(await tokenWith({ iat: 0, exp: null }))).toBe(401);
    expect(handled).toEqual([]);
  });

  it('refuses a token issued over 30 days ago, whatever its expiry, or one without its issue time', async () => {
    expect(await get(await tokenWith({ iat: -31 * DAY, exp: 365 * DAY }))).toBe(401);
    expect(await get(await tokenWith({ iat: null, exp: DAY }))).toBe(401);
    expect(handled).toEqual([]);
  });

  it('answers 401 to a request without a token before its body arrives, and closes the connection', async () => {
    // Ten MiB announced, one KiB sent: the answer must not wait for the rest.
    const upload = request(`${url}/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
    });
    upload.write(`{"name":"${'x'.repeat(1024)}`);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      upload.once('response', resolve).once('error', reject);
      upload.setTimeout(5_000, () => reject(new Error('no answer while the body was still to come')));
    });
    upload.destroy();
    expect(response.statusCode).toBe(401);
    expect(response.headers.connection).toBe('close');
    expect(handled).toEqual([]);
  });
});

describe('bodies as API Gateway passes them', () => {
  it('UTF-8 text as text; bytes that are not UTF-8 base64-encoded, never decoded with U+FFFD', async () => {
    const token = await mintToken(SECRET, 'clerk', ['admin']);
    const post = (body: Buffer) =>
      fetch(`${url}/projects`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    await post(Buffer.from('{"name":"连云港"}'));
    await post(Buffer.from([0x7b, 0xc4, 0xe3, 0x7d]));
    expect(handled.map((e) => [e.isBase64Encoded, e.body])).toEqual([
      [false, '{"name":"连云港"}'],
      [true, Buffer.from([0x7b, 0xc4, 0xe3, 0x7d]).toString('base64')],
    ]);
  });
});

describe('query strings as API Gateway passes them', () => {
  it('a parameter named __proto__ or constructor is a parameter like any other (the route then refuses it)', async () => {
    const token = await mintToken(SECRET, 'clerk', ['admin']);
    await fetch(`${url}/rollups/2025?__proto__=1&constructor=x&asOf=2025-01-01&asOf=2025-02-01`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const query = handled[0]!.queryStringParameters!;
    expect(Object.entries(query)).toEqual([
      ['__proto__', '1'],
      ['constructor', 'x'],
      ['asOf', '2025-01-01,2025-02-01'],
    ]);
  });
});

describe('responses as Lambda returns them', () => {
  it('a response past Lambda’s 6 MB is API Gateway’s 500, as in AWS, not delivered', async () => {
    const token = await mintToken(SECRET, 'clerk', ['admin']);
    const huge = await fetch(`${url}/huge`, { headers: { authorization: `Bearer ${token}` } });
    expect(huge.status).toBe(500);
    expect(await huge.json()).toEqual({ message: 'Internal Server Error' });
    expect((await fetch(`${url}/small`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
