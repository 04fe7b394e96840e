// AWS Signature Version 4, checked on the receiving end: the signature an AWS SDK client wrote is
// computed again from the request and the secret. Written for the AWS JSON protocol's requests (a
// POST to a path without a query); anything it does not cover fails to match, so it only refuses.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface SignedRequest {
  method: string;
  /** The request target, e.g. "/". */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Authorization {
  accessKeyId: string;
  /** YYYYMMDD/region/service/aws4_request */
  scope: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8}\/[^/\s]+\/[^/\s]+\/aws4_request), ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** The parts of a SigV4 Authorization header, or null when there is none. */
export function parseAuthorization(header: string | undefined): Authorization | null {
  const match = AUTHORIZATION.exec(header ?? '');
  if (!match) return null;
  const [, accessKeyId = '', scope = '', signedHeaders = '', signature = ''] = match;
  return { accessKeyId, scope, signedHeaders: signedHeaders.split(';'), signature };
}

export function signatureMatches(request: SignedRequest, authorization: Authorization, secretAccessKey: string): boolean {
  const header = (name: string) =>
    String(request.headers[name] ?? '')
      .trim()
      .replace(/\s+/g, ' ');
  const canonicalRequest = [
    request.method,
    request.path,
    '', // the query
    ...authorization.signedHeaders.map((name) => `${name}:${header(name)}`),
    '',
    authorization.signedHeaders.join(';'),
    sha256(request.body),
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', header('x-amz-date'), authorization.scope, sha256(canonicalRequest)].join('\n');
  const signingKey = authorization.scope.split('/').reduce<Buffer | string>((key, part) => hmac(key, part), `AWS4${secretAccessKey}`);
  return timingSafeEqual(hmac(signingKey, stringToSign), Buffer.from(authorization.signature, 'hex'));
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
