// Problems: raised, updated and resolved with the project, each exactly one event; repeats change nothing.
import { describe, expect, it } from 'vitest';
import type { ProblemSnapshot } from '../../../../events';
import { InvalidTransitionError, ProblemNotFoundError, ValidationError } from '../../../../shared/domain/errors';
import { decideProblem, MAX_OPEN_PROBLEMS, type ProblemCommand } from '../../../../shared/domain/problems';
import { decide, type ProjectSnapshot } from '../../../../shared/domain/project';
import { context, project } from '../../../support/fixtures';

// NOW is 2025-06-15; the project was signed on 2025-03-10 and is red (97 days, not started).
const raise = (overrides: Partial<Extract<ProblemCommand, { type: 'raiseProblem' }>> = {}): ProblemCommand => ({
  type: 'raiseProblem',
  projectId: 'LYG-2025-001',
  problemId: '01JZPROBLEM000000000000001',
  category: 'land',
  description: '用地指标未落实',
  responsibleUnit: '市自然资源和规划局',
  dueOn: '2025-07-01',
  ...overrides,
});

function raised(p: ProjectSnapshot = project({ startedOn: '2025-04-01' }), command = raise()) {
  const d = decideProblem(p, null, command, context());
  if (d.kind !== 'changed') throw new Error('expected a change');
  return d;
}

describe('raising a problem', () => {
  it('adds it to the project’s open problems, bumps the version, and yields one ProblemRaised carrying the problem', () => {
    const d = raised();
    expect(d.after.version).toBe(2);
    expect(d.after.openProblems).toEqual([
      {
        problemId: '01JZPROBLEM000000000000001',
        category: 'land',
        description: '用地指标未落实',
        responsibleUnit: '市自然资源和规划局',
        dueOn: '2025-07-01',
        overdue: false,
      },
    ]);
    expect(d.problem.before).toBeNull();
    expect(d.problem.after).toMatchObject({
      status: 'open',
      raisedOn: '2025-06-15',
      version: 1,
      district: 'xuwei',
      projectName: d.after.name,
    });
    expect(d.event.detailType).toBe('ProblemRaised');
    expect(d.event.detail.problem).toEqual(d.problem.after);
  });

  it('overdue on the day it is raised (entered late): the project turns yellow at once', () => {
    const d = raised(project({ startedOn: '2025-04-01' }), raise({ dueOn: '2025-06-01' }));
    expect(d.after.openProblems?.[0]?.overdue).toBe(true);
    expect(d.after.alert).toMatchObject({ level: 'yellow', reasons: [{ rule: 'problemOverdue', level: 'yellow', date: '2025-06-01' }] });
  });

  it('the same problem again while open is a repeat: unchanged, naming the problem raised before', () => {
    const first = raised();
    const again = decideProblem(first.after, null, raise({ problemId: '01JZPROBLEM000000000000002' }), context());
    expect(again).toMatchObject({ kind: 'unchanged', problemId: '01JZPROBLEM000000000000001' });
  });

  it('only on signed or started projects, at most 20 open, due not before signing nor past the planning horizon', () => {
    const produced = project({ startedOn: '2025-04-01', producedOn: '2025-05-01' });
    expect(() => decideProblem(produced, null, raise(), context())).toThrow(InvalidTransitionError);
    const full = project({
      openProblems: Array.from({ length: MAX_OPEN_PROBLEMS }, (_, i) => ({
        problemId: `P${i}`,
        category: 'other',
        description: `问题 ${i}`,
        responsibleUnit: '单位',
        dueOn: '2025-07-01',
        overdue: false,
      })),
    });
    expect(() => decideProblem(full, null, raise(), context())).toThrow(/at most 20 open problems/);
    expect(() => decideProblem(project(), null, raise({ dueOn: '2025-01-01' }), context())).toThrow(ValidationError);
    expect(() => decideProblem(project(), null, raise({ dueOn: '2036-01-01' }), context())).toThrow(/at most 10 years from today/);
    expect(() => decideProblem(null, null, raise(), context())).toThrow(/does not exist/);
  });
});

describe('updating and resolving', () => {
  const stored = (): { project: ProjectSnapshot; problem: ProblemSnapshot } => {
    const d = raised();
    return { project: d.after, problem: d.problem.after };
  };

  it('a new due date: the problem’s version and the project’s summary move together, with the reason', () => {
    const { project: p, problem } = stored();
    const d = decideProblem(
      p,
      problem,
      { type: 'updateProblem', projectId: p.projectId, problemId: problem.problemId, dueOn: '2025-08-01', reason: '省厅审批延期' },
      context(),
    );
    if (d.kind !== 'changed') throw new Error('expected a change');
    expect(d.problem.after).toMatchObject({ dueOn: '2025-08-01', version: 2 });
    expect(d.after.openProblems?.[0]?.dueOn).toBe('2025-08-01');
    expect(d.event).toMatchObject({ detailType: 'ProblemUpdated', detail: { reason: '省厅审批延期' } });
    const same = decideProblem(
      p,
      problem,
      { type: 'updateProblem', projectId: p.projectId, problemId: problem.problemId, dueOn: problem.dueOn, reason: '无变化' },
      context(),
    );
    expect(same.kind).toBe('unchanged');
  });

  it('resolving removes it from the open problems; the same resolution again changes nothing, another is refused', () => {
    const { project: p, problem } = stored();
    const resolve = {
      type: 'resolveProblem' as const,
      projectId: p.projectId,
      problemId: problem.problemId,
      resolvedOn: '2025-06-15',
      resolution: '已调剂用地指标',
    };
    const d = decideProblem(p, problem, resolve, context());
    if (d.kind !== 'changed') throw new Error('expected a change');
    expect(d.after.openProblems).toBeUndefined();
    expect(d.problem.after).toMatchObject({ status: 'resolved', resolvedOn: '2025-06-15', resolution: '已调剂用地指标', version: 2 });
    expect(d.event.detailType).toBe('ProblemResolved');
    expect(decideProblem(d.after, d.problem.after, resolve, context()).kind).toBe('unchanged');
    expect(() => decideProblem(d.after, d.problem.after, { ...resolve, resolution: '另一说法' }, context())).toThrow(/already resolved/);
  });

  it('a resolution date before the day it was raised or after today is refused, naming resolvedOn', () => {
    const { project: p, problem } = stored();
    const at = (resolvedOn: string) =>
      decideProblem(
        p,
        problem,
        { type: 'resolveProblem', projectId: p.projectId, problemId: problem.problemId, resolvedOn, resolution: '已解决' },
        context(),
      );
    expect(() => at('2025-06-14')).toThrow(/resolvedOn: must not be before the day it was raised/);
    expect(() => at('2025-06-16')).toThrow(/resolvedOn: must not be after today/);
  });

  it('a problem of another project, or none, is not found', () => {
    const { project: p, problem } = stored();
    const other = { ...problem, projectId: 'OTHER-1' };
    const command = {
      type: 'resolveProblem' as const,
      projectId: p.projectId,
      problemId: problem.problemId,
      resolvedOn: '2025-06-15',
      resolution: 'x',
    };
    expect(() => decideProblem(p, other, command, context())).toThrow(ProblemNotFoundError);
    expect(() => decideProblem(p, null, command, context())).toThrow(ProblemNotFoundError);
  });
});

describe('a project that leaves signed and started closes its open problems', () => {
  it('terminated or in production: the problems are listed to close, the project carries none and has no light', () => {
    const { after: withProblem } = raised(project({ startedOn: '2025-04-01' }), raise({ dueOn: '2025-06-01' }));
    const terminated = decide(
      withProblem,
      { type: 'terminate', projectId: withProblem.projectId, terminatedOn: '2025-06-15', reason: '撤资' },
      context(),
    );
    if (terminated.kind !== 'changed') throw new Error('expected a change');
    expect(terminated.closes).toEqual({
      problemIds: ['01JZPROBLEM000000000000001'],
      resolvedOn: '2025-06-15',
      resolution: '项目已终止，问题随之关闭',
    });
    expect(terminated.after.openProblems).toBeUndefined();
    expect(terminated.after.alert).toBeUndefined();
    const produced = decide(withProblem, { type: 'produce', projectId: withProblem.projectId, producedOn: '2025-06-15' }, context());
    if (produced.kind !== 'changed') throw new Error('expected a change');
    expect(produced.closes?.resolution).toBe('项目已投产，问题随之关闭');
    const started = decide(project(), { type: 'start', projectId: 'LYG-2025-001', startedOn: '2025-06-15' }, context());
    expect(started.kind === 'changed' && started.closes).toBeFalsy();
  });
});
