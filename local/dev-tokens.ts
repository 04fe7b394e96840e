// Development tokens: HS256 JWTs with the claims the Cognito authorizer passes on (`sub`,
// `cognito:groups`), signed with LOCAL_JWT_SECRET so a script can mint its own.
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';

export const DEV_ISSUER = 'pipeline-local';
/** HS256 wants a key at least as long as its hash, 256 bits. */
export const MIN_SECRET_BYTES = 32;
/** How long a token is good for at most, from its issue (`iat`): what tokensPerRole mints. */
export const MAX_TOKEN_LIFETIME_SECONDS = 30 * 86_400;

export async function mintToken(secret: string, sub: string, groups: string[], ttlSeconds = MAX_TOKEN_LIFETIME_SECONDS): Promise<string> {
  return new SignJWT({ 'cognito:groups': groups })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(DEV_ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}

/** The verified claims, or null for a missing, forged or expired token, one without `exp` or `iat`, or one issued over 30 days ago. */
export async function verifyToken(secret: string, token: string): Promise<JWTPayload | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: DEV_ISSUER,
      // A token that never expires, or expires years on, would outlive any leak of it.
      requiredClaims: ['exp'],
      maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
    });
    return payload;
  } catch {
    return null;
  }
}

/** Every development role: admin, bureau, each district's office, viewer; each with its token. */
export async function devTokens(secret: string, districts: readonly string[]): Promise<{ role: string; token: string }[]> {
  const roles = ['admin', 'bureau', ...districts.map((d) => `district:${d}`), 'viewer'];
  return Promise.all(roles.map(async (role) => ({ role, token: await mintToken(secret, `dev-${role.replace(':', '-')}`, [role]) })));
}

/** One token per role, to print at start-up. */
export async function tokensPerRole(secret: string, district: string): Promise<Record<string, string>> {
  const roles: [string, string[]][] = [
    ['admin', ['admin']],
    ['bureau', ['bureau']],
    [`district:${district}`, [`district:${district}`]],
    ['viewer', ['viewer']],
  ];
  return Object.fromEntries(
    await Promise.all(roles.map(async ([role, groups]) => [role, await mintToken(secret, `dev-${role.replace(':', '-')}`, groups)])),
  );
}
