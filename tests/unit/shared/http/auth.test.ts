import { describe, expect, it } from 'vitest';
import {
  assertBureauOrAdmin,
  assertCanMoveAcrossYears,
  assertCanRead,
  assertCanWrite,
  ForbiddenError,
  groupsOf,
  principalFromClaims,
  UnauthenticatedError,
} from '../../../../shared/http/auth';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { project } from '../../../support/fixtures';

const districts = LIANYUNGANG.districts.map((d) => d.code);
const as = (...groups: string[]) => principalFromClaims({ sub: 'u-1', 'cognito:groups': groups }, districts);

describe('claims', () => {
  const claims = (groups: unknown) => ({ sub: 'u-1', 'cognito:groups': groups });
  /** A bearer token as the authorizer verified it (its signature is not the handler's to check). */
  const bearer = (payload: object) => `Bearer e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

  it('reads groups as API Gateway flattens them ("[a b]", split on spaces only) or as an array', () => {
    expect(groupsOf(claims('[admin bureau]'))).toEqual(['admin', 'bureau']);
    expect(groupsOf(claims(['viewer']))).toEqual(['viewer']);
    expect(groupsOf(claims(undefined))).toEqual([]);
  });

  it('a group whose name holds a separator grants nothing, however it arrives', () => {
    const roles = (c: Record<string, unknown>, authorization?: string) => principalFromClaims(c, districts, authorization).roles;
    // Flattened by API Gateway: "viewer,bureau" stays one (unknown) group.
    expect(roles(claims('[viewer,bureau]'))).toEqual([]);
    // One group named "viewer admin": the flattened claim reads like two groups, the token does not.
    const token = bearer({ sub: 'u-1', 'cognito:groups': ['viewer admin'] });
    expect(roles(claims('[viewer admin]'), token)).toEqual([]);
    expect(roles(claims(['viewer admin']))).toEqual([]);
    // The token's own array is used only when it is the authorizer's subject's.
    const someoneElse = bearer({ sub: 'u-2', 'cognito:groups': ['viewer'] });
    expect(roles(claims('[bureau]'), someoneElse)).toEqual([{ kind: 'bureau' }]);
    expect(roles(claims('[district:haizhou viewer]'), bearer({ sub: 'u-1', 'cognito:groups': ['district:haizhou', 'viewer'] }))).toEqual([
      { kind: 'district', code: 'haizhou' },
      { kind: 'viewer' },
    ]);
  });

  it('no claims or no subject is unauthenticated', () => {
    expect(() => principalFromClaims(undefined, districts)).toThrow(UnauthenticatedError);
    expect(() => principalFromClaims({ 'cognito:groups': '[admin]' }, districts)).toThrow(UnauthenticatedError);
  });

  it('unknown groups and districts grant nothing', () => {
    expect(principalFromClaims({ sub: 'u', 'cognito:groups': '[root district:pudong]' }, districts).roles).toEqual([]);
    expect(() => assertCanRead(as('root'))).toThrow(ForbiddenError);
  });
});

describe('authorization matrix', () => {
  // role → [read, write own district (haizhou), write other (ganyu), move haizhou → ganyu, targets]
  const matrix: [string[], boolean, boolean, boolean, boolean, boolean][] = [
    [['admin'], true, true, true, true, true],
    [['bureau'], true, true, true, true, true],
    [['district:haizhou'], true, true, false, false, false],
    [['district:haizhou', 'district:ganyu'], true, true, true, true, false],
    [['viewer'], true, false, false, false, false],
    [[], false, false, false, false, false],
  ];
  const allowed = (fn: () => void) => {
    try {
      fn();
      return true;
    } catch (error) {
      if (error instanceof ForbiddenError) return false;
      throw error;
    }
  };

  it.each(matrix)('%j: read %s, own %s, other %s, move %s, targets %s', (groups, read, own, other, move, targets) => {
    const p = as(...groups);
    expect(allowed(() => assertCanRead(p))).toBe(read);
    expect(allowed(() => assertCanWrite(p, 'haizhou'))).toBe(own);
    expect(allowed(() => assertCanWrite(p, 'ganyu'))).toBe(other);
    expect(allowed(() => assertCanWrite(p, 'haizhou', 'ganyu'))).toBe(move);
    expect(allowed(() => assertBureauOrAdmin(p, 'change targets'))).toBe(targets);
  });

  it('only the bureau and admin move a signing or a start into another year, in Chinese and English', () => {
    const before = project({ district: 'haizhou', signedOn: '2025-03-01', startedOn: '2025-05-01' });
    const office = as('district:haizhou');
    expect(() => assertCanMoveAcrossYears(office, before, { ...before, signedOn: '2000-01-01' })).toThrow(
      /只有市局和管理员可以把签约日期改到另一年.*only the bureau and administrators may move signedOn into another year \(2025-03-01 → 2000-01-01\)/,
    );
    expect(() => assertCanMoveAcrossYears(office, before, { ...before, startedOn: '2026-01-02' })).toThrow(/开工日期/);
    expect(() => assertCanMoveAcrossYears(office, before, { ...before, signedOn: '2025-01-01', startedOn: '2025-12-31' })).not.toThrow();
    expect(() => assertCanMoveAcrossYears(as('bureau'), before, { ...before, signedOn: '2024-12-31' })).not.toThrow();
  });

  it('says what was refused', () => {
    expect(() => assertBureauOrAdmin(as('district:haizhou'), 'compose digests')).toThrow(
      'only the bureau and administrators may compose digests',
    );
  });
});
