import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { alertsFrom, changesFrom, stalledFrom, upcomingFrom } from '../../../../shared/digest/sections';
import { decide, type ProjectCommand, type ProjectEvent, type ProjectSnapshot } from '../../../../shared/domain/project';
import { context, signCommand } from '../../../support/fixtures';

function run(commands: ProjectCommand[]): { events: ProjectEvent[]; final: ProjectSnapshot } {
  let state: ProjectSnapshot | null = null;
  const events: ProjectEvent[] = [];
  for (const command of commands) {
    const decision = decide(state, command, context());
    if (decision.kind !== 'changed') throw new Error('expected a change');
    events.push(decision.event);
    state = decision.after;
  }
  return { events, final: state! };
}

describe('changes in a period', () => {
  const a = run([
    signCommand({ projectId: 'A', agreedInvestment: 500_000_000, district: 'haizhou' }),
    { type: 'start', projectId: 'A', startedOn: '2025-06-01' },
  ]);
  const b = run([signCommand({ projectId: 'B', agreedInvestment: 3_000_000_000 })]);
  const c = run([
    signCommand({ projectId: 'C', agreedInvestment: 1_000_000_000 }),
    { type: 'terminate', projectId: 'C', terminatedOn: '2025-06-10', reason: '撤资' },
  ]);
  const d = run([
    signCommand({ projectId: 'D', agreedInvestment: 200_000_000 }),
    { type: 'correct', projectId: 'D', name: '新名', reason: '更正' },
  ]);
  const e = run([signCommand({ projectId: 'E', agreedInvestment: 800_000_000 })]);
  const events = [...a.events, ...b.events, ...c.events, ...d.events, ...e.events];

  it('counts each kind of change with its investment, naming the largest three', () => {
    const changes = changesFrom([...events, ...events], LIANYUNGANG); // duplicates count once
    expect(changes.signed).toMatchObject({ count: 5, agreedInvestment: 5_500_000_000 });
    expect(changes.signed.largest.map((l) => l.projectId)).toEqual(['B', 'C', 'E']);
    expect(changes.started).toMatchObject({ count: 1, largest: [{ projectId: 'A', districtName: '海州区' }] });
    expect(changes.terminated.count).toBe(1);
    expect(changes.inProduction).toEqual({ count: 0, agreedInvestment: 0, largest: [] });
    expect(changes.corrected).toBe(1);
  });

  it('an empty period has zero everywhere', () => {
    expect(changesFrom([], LIANYUNGANG).signed).toEqual({ count: 0, agreedInvestment: 0, largest: [] });
  });
});

describe('stalled and upcoming', () => {
  const p = (projectId: string, signedOn: string, plannedStartOn?: string): ProjectSnapshot => ({
    projectId,
    name: projectId,
    investor: 'i',
    district: 'ganyu',
    industry: 'pharma',
    agreedInvestment: 100_000_000,
    signedOn,
    ...(plannedStartOn ? { plannedStartOn } : {}),
    version: 1,
    updatedAt: '2025-01-01T00:00:00.000Z',
    updatedBy: 'u',
  });

  it('lists each stalled project once with every reason, oldest signing first', () => {
    const old = p('OLD', '2025-01-05', '2025-02-01');
    const lines = stalledFrom([old, p('OLDER', '2024-12-01')], [old, p('LATE', '2025-05-01', '2025-06-01')], '2025-06-16', LIANYUNGANG);
    expect(lines.map((l) => [l.projectId, l.reasons, l.daysSinceSigned])).toEqual([
      ['OLDER', ['not-started-in-time'], 197],
      ['OLD', ['not-started-in-time', 'past-planned-start'], 162],
      ['LATE', ['past-planned-start'], 46],
    ]);
    expect(lines[0]).toMatchObject({ districtName: '赣榆区', responsibleUnit: null, plannedStartOn: null });
  });

  it('orders planned starts soonest first', () => {
    expect(
      upcomingFrom([p('X', '2025-05-01', '2025-07-10'), p('Y', '2025-05-01', '2025-06-20')], LIANYUNGANG).map((l) => l.projectId),
    ).toEqual(['Y', 'X']);
  });
});

describe('the lights section', () => {
  it('gives the earliest red project’s reasons without the problems’ units (typed text the renderings would have to escape)', () => {
    const unit = '<script>alert(1)</script>[市国土局](https://evil.example)@所有人';
    const { final } = run([signCommand({ projectId: 'RED-U', signedOn: '2025-03-10' })]);
    const red: ProjectSnapshot = {
      ...final,
      alert: {
        level: 'red',
        since: '2025-06-01',
        reasons: [{ rule: 'problemOverdue', level: 'red', date: '2025-04-01', problemId: 'P1', category: 'land', responsibleUnit: unit }],
      },
    };
    const live = {
      totals: { alertRed: 1, alertYellow: 0, problemsOpen: 1, problemsOverdue: 1 },
      byDistrict: [{ district: 'xuwei', name: '徐圩新区', alertRed: 1, alertYellow: 0, problemsOpen: 1, problemsOverdue: 1 }],
    };
    const section = alertsFrom(live, new Map([['xuwei', red]]), '2025-06-09', LIANYUNGANG);
    expect(section.byDistrict[0]?.oldestRed?.reasons).toEqual(['问题「用地」逾期 69 天']);
  });
});
