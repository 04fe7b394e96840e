import { describe, expect, it } from 'vitest';
import { DetailType, ProjectEventDetailSchema } from '../../../../events';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import {
  DuplicateProjectError,
  InvalidTransitionError,
  ProjectNotFoundError,
  ValidationError,
  type FieldIssue,
} from '../../../../shared/domain/errors';
import {
  CorrectInputSchema,
  decide,
  parseInput,
  SignInputSchema,
  statusOf,
  type Decision,
  type ProjectCommand,
  type ProjectSnapshot,
} from '../../../../shared/domain/project';
import { context, NOW, signCommand, signInput } from '../../../support/fixtures';

function changed(decision: Decision) {
  if (decision.kind !== 'changed') throw new Error(`expected a change, got ${decision.kind}`);
  return decision;
}

function signed(overrides = {}): ProjectSnapshot {
  return changed(decide(null, signCommand(overrides), context())).after;
}

function apply(project: ProjectSnapshot, command: ProjectCommand, ctx = context()): ProjectSnapshot {
  return changed(decide(project, command, ctx)).after;
}

function issuesOf(fn: () => unknown): readonly FieldIssue[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError || error instanceof InvalidTransitionError) return error.issues;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

const id = 'LYG-2025-001';

describe('sign', () => {
  it('creates version 1 with a ProjectSigned event carrying the snapshot', () => {
    const decision = changed(decide(null, signCommand(), context({ actor: 'alice' })));
    expect(decision.after).toMatchObject({ projectId: id, version: 1, updatedBy: 'alice', updatedAt: NOW.toISOString() });
    expect(statusOf(decision.after)).toBe('signed');
    expect(decision.event.detailType).toBe(DetailType.signed);
    expect(decision.event.detail).toMatchObject({ schemaVersion: 1, actor: 'alice', version: 1, before: null, after: decision.after });
    expect(ProjectEventDetailSchema.parse(decision.event.detail)).toEqual(decision.event.detail);
  });

  it('signing the same project again changes nothing', () => {
    const project = signed();
    expect(decide(project, signCommand(), context())).toEqual({ kind: 'unchanged', project });
  });

  it('the same id with other content is refused, naming the fields that differ', () => {
    const project = signed();
    const attempt = () => decide(project, signCommand({ agreedInvestment: 2_000_000_000, district: 'ganyu' }), context());
    expect(attempt).toThrow(DuplicateProjectError);
    expect(attempt).toThrow(/district, agreedInvestment|agreedInvestment/);
    try {
      attempt();
    } catch (error) {
      expect((error as DuplicateProjectError).differingFields).toEqual(['district', 'agreedInvestment']);
    }
  });

  it.each([
    [{ district: 'pudong' }, 'district', /configured districts/],
    [{ industry: 'mining' }, 'industry', /configured industries/],
    [{ agreedInvestment: 99_999_999 }, 'agreedInvestment', /at least 100000000 yuan/],
    [{ signedOn: '2025-06-16' }, 'signedOn', /not be after today \(2025-06-15, Asia\/Shanghai\)/],
    [{ plannedStartOn: '2025-03-01' }, 'plannedStartOn', /not be before signedOn/],
    // 2^53 − 1 yuan: once summed, a counter past 2^53 cannot be held exactly.
    [{ agreedInvestment: Number.MAX_SAFE_INTEGER }, 'agreedInvestment', /at most 1000000000000 yuan \(10000 亿元\): check the unit/],
    [{ agreedInvestment: 1_000_000_000_001 }, 'agreedInvestment', /at most 1000000000000 yuan/],
    [{ signedOn: '0100-01-01', plannedStartOn: undefined }, 'signedOn', /must not be before 2000-01-01/],
    [{ signedOn: '1999-12-31', plannedStartOn: undefined }, 'signedOn', /must not be before 2000-01-01/],
    [{ plannedStartOn: '2035-03-11' }, 'plannedStartOn', /at most 10 years after signedOn \(2035-03-10\)/],
    [{ plannedStartOn: '9999-12-31' }, 'plannedStartOn', /at most 10 years after signedOn/],
  ])('refuses %o, naming %s', (overrides, field, rule) => {
    const issues = issuesOf(() => decide(null, signCommand(overrides), context()));
    expect(issues).toEqual([{ field, rule: expect.stringMatching(rule) }]);
  });

  it('accepts exactly the floor, and a lower floor from configuration', () => {
    expect(signed({ agreedInvestment: 100_000_000 }).agreedInvestment).toBe(100_000_000);
    const config = { ...LIANYUNGANG, minAgreedInvestment: 50_000_000 };
    const decision = changed(decide(null, signCommand({ agreedInvestment: 60_000_000 }), context({ config })));
    expect(decision.after.agreedInvestment).toBe(60_000_000);
  });

  it('a planned start may be in the future, up to 10 years after signing (configurable)', () => {
    expect(signed({ plannedStartOn: '2026-01-01' }).plannedStartOn).toBe('2026-01-01');
    expect(signed({ plannedStartOn: '2035-03-10' }).plannedStartOn).toBe('2035-03-10');
    expect(signed({ signedOn: '2000-01-01', plannedStartOn: undefined }).signedOn).toBe('2000-01-01');
    expect(signed({ agreedInvestment: 1_000_000_000_000 }).agreedInvestment).toBe(1_000_000_000_000);
    const config = { ...LIANYUNGANG, plannedWithinYears: 2, maxAgreedInvestment: 5_000_000_000 };
    const issues = issuesOf(() =>
      decide(null, signCommand({ plannedStartOn: '2027-03-11', agreedInvestment: 5_000_000_001 }), context({ config })),
    );
    expect(issues.map((i) => i.field)).toEqual(['agreedInvestment', 'plannedStartOn']);
  });

  it('a correction is held to the same window', () => {
    const issues = issuesOf(() => apply(signed(), { type: 'correct', projectId: id, signedOn: '0100-01-01', reason: '更正' }));
    expect(issues).toContainEqual({ field: 'signedOn', rule: 'must not be before 2000-01-01' });
  });
});

describe('input shapes', () => {
  it.each([
    [{ agreedInvestment: 1.5e9 + 0.5 }, 'agreedInvestment', /whole number/],
    [{ agreedInvestment: '1500000000' }, 'agreedInvestment', /expected number/],
    [{ signedOn: '2025-02-30' }, 'signedOn', /calendar date/],
    [{ signedOn: '2025/03/10' }, 'signedOn', /calendar date/],
    [{ projectId: 'a' }, 'projectId', /3-64 letters/],
    [{ projectId: '-abc' }, 'projectId', /starting with a letter or digit/],
    [{ name: '   ' }, 'name', /must not be empty/],
    [{ name: 'x'.repeat(201) }, 'name', /at most 200/],
    [{ name: undefined }, 'name', /is required/],
    [{ name: '项目\u0000' }, 'name', /control character \(U\+0000 at character 3\)/],
    [{ investor: '\u202E司公' }, 'investor', /bidirectional control character \(U\+202E at character 1\)/],
    [{ responsibleUnit: '招商局\u2028' }, 'responsibleUnit', /line or paragraph separator/],
    [{ name: '\u200B\u2060' }, 'name', /visible characters/],
  ])('refuses %o, naming %s', (overrides, field, rule) => {
    const issues = issuesOf(() => parseInput(SignInputSchema, { ...signInput(), ...overrides }));
    expect(issues).toEqual([{ field, rule: expect.stringMatching(rule) }]);
  });

  it('refuses unknown fields by name', () => {
    const issues = issuesOf(() => parseInput(SignInputSchema, { ...signInput(), status: 'started', __proto__x: 1 }));
    expect(issues).toEqual([
      { field: 'status', rule: 'is not a known field' },
      { field: '__proto__x', rule: 'is not a known field' },
    ]);
  });

  it('a correction needs a reason', () => {
    expect(issuesOf(() => parseInput(CorrectInputSchema, { name: 'x' }))).toEqual([{ field: 'reason', rule: 'is required' }]);
  });
});

describe('start, produce, terminate', () => {
  it('moves signed → started → in production, one version and one event each', () => {
    const started = apply(signed(), { type: 'start', projectId: id, startedOn: '2025-05-01' });
    expect([statusOf(started), started.version]).toEqual(['started', 2]);
    const decision = changed(decide(started, { type: 'produce', projectId: id, producedOn: '2025-06-15' }, context()));
    expect([statusOf(decision.after), decision.after.version]).toEqual(['in_production', 3]);
    expect(decision.event.detailType).toBe(DetailType.inProduction);
    expect(decision.event.detail.before).toEqual(started);
  });

  it('a start dated today in Shanghai is accepted even while it is still yesterday in UTC', () => {
    // 2025-06-15T16:30Z is 00:30 on 2025-06-16 in Asia/Shanghai.
    const ctx = context({ now: new Date('2025-06-15T16:30:00Z') });
    expect(apply(signed(), { type: 'start', projectId: id, startedOn: '2025-06-16' }, ctx).startedOn).toBe('2025-06-16');
    // …and one minute before midnight in Shanghai, the 16th is still the future.
    const before = context({ now: new Date('2025-06-15T15:59:00Z') });
    expect(issuesOf(() => decide(signed(), { type: 'start', projectId: id, startedOn: '2025-06-16' }, before))).toEqual([
      { field: 'startedOn', rule: expect.stringMatching(/not be after today \(2025-06-15/) },
    ]);
  });

  it.each([
    [{ type: 'start', projectId: id, startedOn: '2025-03-09' }, 'startedOn', /not be before signedOn \(2025-03-10\)/],
    [{ type: 'start', projectId: id, startedOn: '2025-07-01' }, 'startedOn', /not be after today/],
    [{ type: 'produce', projectId: id, producedOn: '2025-05-01' }, 'producedOn', /only a started project/],
    [{ type: 'terminate', projectId: id, terminatedOn: '2025-03-01', reason: '投资方撤资' }, 'terminatedOn', /not be before signedOn/],
  ] as [ProjectCommand, string, RegExp][])('refuses %o on a signed project, naming %s', (command, field, rule) => {
    expect(issuesOf(() => decide(signed(), command, context()))).toEqual([{ field, rule: expect.stringMatching(rule) }]);
  });

  it('dates after today are refused for production and termination too', () => {
    const started = apply(signed(), { type: 'start', projectId: id, startedOn: '2025-05-01' });
    expect(issuesOf(() => decide(started, { type: 'produce', projectId: id, producedOn: '2025-06-16' }, context()))).toEqual([
      { field: 'producedOn', rule: expect.stringMatching(/not be after today/) },
    ]);
    expect(
      issuesOf(() => decide(started, { type: 'terminate', projectId: id, terminatedOn: '2025-06-16', reason: '撤资' }, context())),
    ).toEqual([{ field: 'terminatedOn', rule: expect.stringMatching(/not be after today/) }]);
  });

  it('a started project may not be terminated before its start', () => {
    const started = apply(signed(), { type: 'start', projectId: id, startedOn: '2025-05-01' });
    expect(
      issuesOf(() => decide(started, { type: 'terminate', projectId: id, terminatedOn: '2025-04-01', reason: '撤资' }, context())),
    ).toEqual([{ field: 'terminatedOn', rule: 'must not be before startedOn (2025-05-01)' }]);
  });

  it('production may not precede the start', () => {
    const started = apply(signed(), { type: 'start', projectId: id, startedOn: '2025-05-01' });
    expect(issuesOf(() => decide(started, { type: 'produce', projectId: id, producedOn: '2025-04-30' }, context()))).toEqual([
      { field: 'producedOn', rule: 'must not be before startedOn (2025-05-01)' },
    ]);
  });

  it('terminates a signed or started project with its reason, but not one in production', () => {
    const fromSigned = changed(
      decide(signed(), { type: 'terminate', projectId: id, terminatedOn: '2025-06-01', reason: '投资方撤资' }, context()),
    );
    expect(statusOf(fromSigned.after)).toBe('terminated');
    expect(fromSigned.after.terminationReason).toBe('投资方撤资');
    expect(fromSigned.event.detail.reason).toBe('投资方撤资');

    const started = apply(signed(), { type: 'start', projectId: id, startedOn: '2025-05-01' });
    expect(statusOf(apply(started, { type: 'terminate', projectId: id, terminatedOn: '2025-06-01', reason: '停建' }))).toBe('terminated');

    const producing = apply(started, { type: 'produce', projectId: id, producedOn: '2025-06-01' });
    const refused = () => decide(producing, { type: 'terminate', projectId: id, terminatedOn: '2025-06-02', reason: '停产' }, context());
    expect(refused).toThrow(InvalidTransitionError);
    expect(issuesOf(refused)).toEqual([{ field: 'terminatedOn', rule: expect.stringMatching(/only a signed or started project/) }]);
  });

  it('a terminated project can be neither started nor terminated again', () => {
    const terminated = apply(signed(), { type: 'terminate', projectId: id, terminatedOn: '2025-06-01', reason: '撤资' });
    expect(() => decide(terminated, { type: 'start', projectId: id, startedOn: '2025-06-02' }, context())).toThrow(
      /is terminated since 2025-06-01/,
    );
    expect(() => decide(terminated, { type: 'terminate', projectId: id, terminatedOn: '2025-06-02', reason: '撤资' }, context())).toThrow(
      InvalidTransitionError,
    );
  });

  it('repeating a command that already took effect changes nothing', () => {
    const started = apply(signed(), { type: 'start', projectId: id, startedOn: '2025-05-01' });
    expect(decide(started, { type: 'start', projectId: id, startedOn: '2025-05-01' }, context()).kind).toBe('unchanged');
    expect(() => decide(started, { type: 'start', projectId: id, startedOn: '2025-05-02' }, context())).toThrow(
      /already|only a signed project/,
    );
  });

  it('a command on a missing project is a not-found error', () => {
    expect(() => decide(null, { type: 'start', projectId: id, startedOn: '2025-05-01' }, context())).toThrow(ProjectNotFoundError);
  });
});

describe('correct', () => {
  it('amends attributes with a reason, in a ProjectCorrected event', () => {
    const decision = changed(
      decide(
        signed(),
        { type: 'correct', projectId: id, agreedInvestment: 2_000_000_000, district: 'ganyu', reason: '合同金额更正' },
        context(),
      ),
    );
    expect(decision.after).toMatchObject({ agreedInvestment: 2_000_000_000, district: 'ganyu', version: 2 });
    expect(decision.event).toMatchObject({ detailType: DetailType.corrected, detail: { reason: '合同金额更正' } });
  });

  it('may move the status backwards: null clears a start posted by mistake', () => {
    const started = apply(signed(), { type: 'start', projectId: id, startedOn: '2025-05-01' });
    const corrected = apply(started, { type: 'correct', projectId: id, startedOn: null, reason: '误报开工' });
    expect(statusOf(corrected)).toBe('signed');
    expect(corrected).not.toHaveProperty('startedOn');
  });

  it('re-checks every invariant on the corrected state', () => {
    const producing = apply(apply(signed(), { type: 'start', projectId: id, startedOn: '2025-05-01' }), {
      type: 'produce',
      projectId: id,
      producedOn: '2025-06-01',
    });
    expect(issuesOf(() => decide(producing, { type: 'correct', projectId: id, startedOn: null, reason: 'x' }, context()))).toEqual([
      { field: 'producedOn', rule: expect.stringMatching(/requires startedOn/) },
    ]);
    expect(issuesOf(() => decide(producing, { type: 'correct', projectId: id, signedOn: '2025-05-02', reason: 'x' }, context()))).toEqual([
      { field: 'startedOn', rule: 'must not be before signedOn (2025-05-02)' },
    ]);
    expect(
      issuesOf(() => decide(signed(), { type: 'correct', projectId: id, terminatedOn: '2025-06-01', reason: 'x' }, context())),
    ).toEqual([{ field: 'terminationReason', rule: 'is required when terminatedOn is set' }]);
    expect(issuesOf(() => decide(signed(), { type: 'correct', projectId: id, terminationReason: '撤资', reason: 'x' }, context()))).toEqual(
      [{ field: 'terminationReason', rule: 'is allowed only with terminatedOn' }],
    );
  });

  it('a correction that changes nothing writes nothing', () => {
    const project = signed();
    expect(decide(project, { type: 'correct', projectId: id, name: project.name, reason: '核对' }, context()).kind).toBe('unchanged');
  });
});
