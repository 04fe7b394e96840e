import { describe, expect, it } from 'vitest';
import {
  assertCanManageTargets,
  assertCanRead,
  assertCanWrite,
  ForbiddenError,
  groupsOf,
  principalFromClaims,
  UnauthenticatedError,
} from '../../shared/http/auth';
import { LIANYUNGANG } from '../../shared/domain/city-config';

const districts = LIANYUNGANG.districts.map((d) => d.code);
const as = (...groups: string[]) => principalFromClaims({ sub: 'u-1', 'cognito:groups': groups }, districts);

describe('claims', () => {
  it('reads groups as API Gateway passes them (one string) or as an array', () => {
    expect(groupsOf('[admin bureau]')).toEqual(['admin', 'bureau']);
    expect(groupsOf('[district:haizhou, viewer]')).toEqual(['district:haizhou', 'viewer']);
    expect(groupsOf(['viewer'])).toEqual(['viewer']);
    expect(groupsOf(undefined)).toEqual([]);
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
    expect(allowed(() => assertCanManageTargets(p))).toBe(targets);
  });
});
