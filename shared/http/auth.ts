// Who is calling and what they may do, from the JWT authorizer's claims (Cognito: `sub` and
// `cognito:groups`). Roles: admin, bureau (all districts), district:<code> (its own district's
// projects only), viewer (read only).
import type { ProjectSnapshot } from '../../events';
import { yearOf } from '../domain/dates';

import type { Principal, Role } from '../domain/principal';

export type { Principal, Role } from '../domain/principal';

/** No usable identity in the request: 401. */
export class UnauthenticatedError extends Error {
  override readonly name = 'UnauthenticatedError';
}

/** An identity that may not do this: 403. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

const GROUPS_CLAIM = 'cognito:groups';

/**
 * The caller's groups. API Gateway's JWT authorizer flattens an array claim into one string,
 * "[a b]", which cannot tell the groups ["viewer", "admin"] from one group named "viewer admin"
 * (ordinary with an external OIDC issuer). So the array is read from the bearer token itself, the
 * token the authorizer verified, when its subject is the authorizer's; the flattened string is the
 * fallback, split on spaces only. Each group must then be a role's exact name (see roleOf).
 */
export function groupsOf(claims: Record<string, unknown> | undefined, authorization?: string): string[] {
  const fromToken = tokenPayload(authorization);
  if (fromToken && fromToken.sub === claims?.sub && Array.isArray(fromToken[GROUPS_CLAIM])) {
    return fromToken[GROUPS_CLAIM].filter((g): g is string => typeof g === 'string');
  }
  const claim = claims?.[GROUPS_CLAIM];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  if (typeof claim !== 'string') return [];
  return claim.trim().replace(/^\[/, '').replace(/\]$/, '').split(/\s+/).filter(Boolean);
}

/** The payload of a bearer JWT, unverified: only ever read after the authorizer verified it. */
function tokenPayload(authorization: string | undefined): Record<string, unknown> | null {
  const payload = /^Bearer [\w-]+\.([\w-]+)\.[\w-]*$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!payload) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function roleOf(group: string, districts: readonly string[]): Role | null {
  if (group === 'admin' || group === 'bureau' || group === 'viewer') return { kind: group };
  const match = /^district:(.+)$/.exec(group);
  if (match && districts.includes(match[1]!)) return { kind: 'district', code: match[1]! };
  return null;
}

/** The caller, from the authorizer's claims (and its verified token); unknown groups grant nothing. */
export function principalFromClaims(
  claims: Record<string, unknown> | undefined,
  districts: readonly string[],
  authorization?: string,
): Principal {
  const userId = typeof claims?.sub === 'string' ? claims.sub : '';
  if (!userId) throw new UnauthenticatedError('a signed-in user is required: the request carries no token claims');
  const roles = groupsOf(claims, authorization)
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

const YEAR_FIELDS = { signedOn: '签约日期', startedOn: '开工日期' } as const;

/**
 * Moving a project's signing or start into another year moves it between years' same-year start
 * rates: the bureau's call, not the district office whose rate it is.
 */
export function assertCanMoveAcrossYears(p: Principal, before: ProjectSnapshot, after: ProjectSnapshot): void {
  if (canManageTargets(p)) return;
  for (const [field, label] of Object.entries(YEAR_FIELDS) as [keyof typeof YEAR_FIELDS, string][]) {
    const from = before[field];
    const to = after[field];
    if (from && to && yearOf(from) !== yearOf(to)) {
      throw new ForbiddenError(
        `只有市局和管理员可以把${label}改到另一年（${from} → ${to}）; only the bureau and administrators may move ${field} into another year (${from} → ${to})`,
      );
    }
  }
}

/** Targets and digests are the city's: `action` says what was refused, e.g. "change targets". */
export function assertBureauOrAdmin(p: Principal, action: string): void {
  if (!canManageTargets(p)) throw new ForbiddenError(`only the bureau and administrators may ${action}`);
}
