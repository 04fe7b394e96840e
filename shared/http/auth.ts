// Who is calling and what they may do, from the JWT authorizer's claims (Cognito: `sub` and
// `cognito:groups`). Roles: admin, bureau (all districts), district:<code> (its own district's
// projects only), viewer (read only).

export type Role =
  | { kind: 'admin' }
  | { kind: 'bureau' }
  | { kind: 'district'; code: string }
  | { kind: 'viewer' };

export interface Principal {
  userId: string;
  roles: Role[];
}

/** No usable identity in the request: 401. */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

/** An identity that may not do this: 403. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/**
 * API Gateway's HTTP API JWT authorizer hands array claims over as one string, "[a b]" or
 * "[a, b]"; a locally built event may carry a real array. Both become a list of groups.
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String).filter(Boolean);
  if (typeof claim !== 'string') return [];
  const trimmed = claim.trim().replace(/^\[/, '').replace(/\]$/, '');
  return trimmed.split(/[\s,]+/).filter(Boolean);
}

function roleOf(group: string, districts: readonly string[]): Role | null {
  if (group === 'admin' || group === 'bureau' || group === 'viewer') return { kind: group };
  const match = /^district:(.+)$/.exec(group);
  if (match && districts.includes(match[1]!)) return { kind: 'district', code: match[1]! };
  return null;
}

/** The caller, from the authorizer's claims; unknown groups grant nothing. */
export function principalFromClaims(claims: Record<string, unknown> | undefined, districts: readonly string[]): Principal {
  const userId = typeof claims?.sub === 'string' ? claims.sub : '';
  if (!userId) throw new UnauthenticatedError('a signed-in user is required: the request carries no token claims');
  const roles = groupsOf(claims?.['cognito:groups'])
    .map((g) => roleOf(g, districts))
    .filter((r): r is Role => r !== null);
  return { userId, roles };
}

export function canRead(p: Principal): boolean {
  return p.roles.length > 0;
}

/** May write projects of `district` (admin and bureau: any; a district office: its own). */
export function canWriteDistrict(p: Principal, district: string): boolean {
  return p.roles.some((r) => r.kind === 'admin' || r.kind === 'bureau' || (r.kind === 'district' && r.code === district));
}

/** Targets are the city's: admin and bureau only. */
export function canManageTargets(p: Principal): boolean {
  return p.roles.some((r) => r.kind === 'admin' || r.kind === 'bureau');
}

export function assertCanRead(p: Principal): void {
  if (!canRead(p)) throw new ForbiddenError('your account has no role in the tracker: ask an administrator for one');
}

/** A write that keeps or moves a project must be allowed for every district it touches. */
export function assertCanWrite(p: Principal, ...districts: string[]): void {
  for (const district of new Set(districts)) {
    if (!canWriteDistrict(p, district)) {
      throw new ForbiddenError(`you may not write projects of district ${district}`);
    }
  }
}

export function assertCanManageTargets(p: Principal): void {
  if (!canManageTargets(p)) throw new ForbiddenError('only the bureau and administrators may change targets');
}
