// Traffic lights at every boundary of the thresholds (60 / 90 days, planned dates, due dates).
import { describe, expect, it } from 'vitest';
import type { OpenProblem } from '../../../../events';
import { alertChangeText, alertOf, assessed, assessmentDiffers, reasonText } from '../../../../shared/domain/alerts';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { addDays } from '../../../../shared/domain/dates';
import { decide } from '../../../../shared/domain/project';
import { context, NOW, project } from '../../../support/fixtures';

const SIGNED = '2025-01-10';
const signed = (overrides = {}) => project({ signedOn: SIGNED, plannedStartOn: undefined, ...overrides });
const levelOn = (p: ReturnType<typeof project>, today: string) => alertOf(p, today, LIANYUNGANG)?.level ?? null;
const problem = (dueOn: string): OpenProblem => ({
  problemId: '01JPROBLEM0000000000000000',
  category: 'land',
  description: '用地指标未落实',
  responsibleUnit: '市自然资源和规划局',
  dueOn,
  overdue: false,
});

describe('alertOf: a signed project, by days since signing', () => {
  it.each([
    [0, 'green'],
    [60, 'green'],
    [61, 'yellow'],
    [90, 'yellow'],
    [91, 'red'],
  ])('day %i is %s', (days, level) => {
    expect(levelOn(signed(), addDays(SIGNED, days))).toBe(level);
  });

  it('counts across the year edge: signed on 31 December, day 61 is 2 March', () => {
    const p = signed({ signedOn: '2024-12-31' });
    expect(levelOn(p, '2025-03-01')).toBe('green');
    expect(levelOn(p, '2025-03-02')).toBe('yellow');
  });
});

describe('alertOf: the planned start', () => {
  const planned = '2025-02-01';
  const p = signed({ plannedStartOn: planned });
  it.each([
    [0, 'green'],
    [1, 'yellow'],
    [30, 'yellow'],
    [31, 'red'],
  ])('passed by %i days is %s', (days, level) => {
    expect(levelOn(p, addDays(planned, days))).toBe(level);
  });

  it('says every reason, with the days counted to today', () => {
    const a = alertOf(p, addDays(planned, 40), LIANYUNGANG)!;
    expect(a.reasons.map((r) => [r.level, reasonText(r, addDays(planned, 40))])).toEqual([
      ['yellow', '签约已 62 天未开工'],
      ['red', '计划开工日期 2025-02-01 已过 40 天'],
    ]);
  });
});

describe('alertOf: started projects, finished ones, problems', () => {
  it('a project started the day it turns red has no "not started" reason: green', () => {
    const redDay = addDays(SIGNED, 91);
    expect(levelOn(signed(), redDay)).toBe('red');
    expect(levelOn(signed({ startedOn: redDay }), redDay)).toBe('green');
  });

  it('a started project is judged by its planned production: passed, yellow; by more than 90 days, red', () => {
    const p = signed({ startedOn: '2025-02-01', plannedProductionOn: '2025-06-01' });
    expect(levelOn(p, '2025-06-01')).toBe('green');
    expect(levelOn(p, '2025-06-02')).toBe('yellow');
    expect(levelOn(p, addDays('2025-06-01', 90))).toBe('yellow');
    expect(levelOn(p, addDays('2025-06-01', 91))).toBe('red');
    expect(levelOn(signed({ startedOn: '2025-02-01' }), '2030-01-01')).toBe('green');
  });

  it('in production and terminated projects have no light', () => {
    expect(alertOf(signed({ startedOn: '2025-02-01', producedOn: '2025-03-01' }), '2030-01-01', LIANYUNGANG)).toBeNull();
    expect(alertOf(signed({ terminatedOn: '2025-02-01', terminationReason: '撤资' }), '2030-01-01', LIANYUNGANG)).toBeNull();
  });

  it('an open problem overdue is yellow, by more than 30 days red; the worst reason wins', () => {
    const p = signed({ startedOn: '2025-01-20', openProblems: [problem('2025-03-01')] });
    expect(levelOn(p, '2025-03-01')).toBe('green');
    expect(levelOn(p, '2025-03-02')).toBe('yellow');
    expect(levelOn(p, '2025-03-31')).toBe('yellow');
    expect(levelOn(p, '2025-04-01')).toBe('red');
    const a = alertOf(p, '2025-04-01', LIANYUNGANG)!;
    expect(reasonText(a.reasons[0]!, '2025-04-13')).toBe('问题「用地」逾期 43 天（市自然资源和规划局）');
  });

  it('thresholds come from the configuration', () => {
    const config = { ...LIANYUNGANG, alerts: { ...LIANYUNGANG.alerts, yellowAfterDays: 10, redAfterDays: 20 } };
    expect(alertOf(signed(), addDays(SIGNED, 11), config)?.level).toBe('yellow');
    expect(alertOf(signed(), addDays(SIGNED, 21), config)?.level).toBe('red');
  });
});

describe('assessed: what a project carries', () => {
  it('keeps `since` while the level stays, and moves it when the level moves', () => {
    const yellow = assessed(signed(), addDays(SIGNED, 61), LIANYUNGANG);
    expect(yellow.alert).toMatchObject({ level: 'yellow', since: addDays(SIGNED, 61) });
    const later = assessed(yellow, addDays(SIGNED, 70), LIANYUNGANG);
    expect(later.alert?.since).toBe(addDays(SIGNED, 61));
    expect(assessmentDiffers(yellow, later)).toBe(false);
    const red = assessed(later, addDays(SIGNED, 91), LIANYUNGANG);
    expect(red.alert).toMatchObject({ level: 'red', since: addDays(SIGNED, 91) });
    expect(assessmentDiffers(later, red)).toBe(true);
    expect(alertChangeText(later.alert, red.alert, addDays(SIGNED, 91))).toBe('黄灯 → 红灯：签约已 91 天未开工');
  });

  it('marks open problems overdue, for the counters', () => {
    const p = assessed(signed({ startedOn: '2025-01-20', openProblems: [problem('2025-03-01')] }), '2025-03-02', LIANYUNGANG);
    expect(p.openProblems?.[0]?.overdue).toBe(true);
  });
});

describe('commands recompute the light as they write', () => {
  it('a sign of a project signed 97 days ago is red at once; its start clears it', () => {
    const signedDecision = decide(null, { type: 'sign', ...signed({ signedOn: '2025-03-10' }) }, context());
    if (signedDecision.kind !== 'changed') throw new Error('expected a change');
    expect(signedDecision.after.alert).toMatchObject({ level: 'red', since: '2025-06-15' });
    const started = decide(
      signedDecision.after,
      { type: 'start', projectId: signedDecision.after.projectId, startedOn: '2025-06-15' },
      context(),
    );
    if (started.kind !== 'changed') throw new Error('expected a change');
    expect(started.after.alert).toEqual({ level: 'green', since: '2025-06-15', reasons: [] });
  });

  it("the sweep's review records a move once, and nothing when nothing moved", () => {
    const signedDecision = decide(null, { type: 'sign', ...signed({ signedOn: '2025-04-10' }) }, context());
    if (signedDecision.kind !== 'changed') throw new Error('expected a change');
    expect(signedDecision.after.alert?.level).toBe('yellow');
    const sameDay = decide(signedDecision.after, { type: 'reviewAlert', projectId: signedDecision.after.projectId }, context());
    expect(sameDay.kind).toBe('unchanged');
    const later = new Date(NOW.getTime() + 25 * 86_400_000); // 2025-07-10: day 91
    const review = decide(
      signedDecision.after,
      { type: 'reviewAlert', projectId: signedDecision.after.projectId },
      context({ now: later, actor: 'system:alerts' }),
    );
    if (review.kind !== 'changed') throw new Error('expected a change');
    expect(review.event.detailType).toBe('ProjectAlertChanged');
    expect(review.event.detail.reason).toBe('黄灯 → 红灯：签约已 91 天未开工');
    expect(review.after.version).toBe(2);
  });
});
