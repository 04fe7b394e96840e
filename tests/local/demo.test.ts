// The demo data set is valid, varied and the same every time.
import { describe, expect, it } from 'vitest';
import { demoCommands, demoTargets } from '../../local/demo';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { decideProblem } from '../../shared/domain/problems';
import { decide, projectBands, type ProjectSnapshot } from '../../shared/domain/project';
import type { ProblemSnapshot } from '../../events';

describe('demo data', () => {
  const today = '2026-11-22';
  const commands = demoCommands(LIANYUNGANG, today);

  it('about 1,800 projects over this year and the three before, every command accepted on its day', () => {
    const states = new Map<string, ProjectSnapshot>();
    const problems = new Map<string, ProblemSnapshot>();
    for (const { on, command } of commands) {
      expect(on <= today).toBe(true);
      const ctx = { actor: 'demo', config: LIANYUNGANG, now: new Date(`${on}T02:00:00Z`), newEventId: () => 'e' };
      const current = states.get(command.projectId) ?? null;
      if (command.type === 'raiseProblem' || command.type === 'updateProblem' || command.type === 'resolveProblem') {
        const decision = decideProblem(current, problems.get(command.problemId) ?? null, command, ctx);
        expect(decision.kind).toBe('changed');
        if (decision.kind === 'changed') {
          states.set(command.projectId, decision.after);
          problems.set(command.problemId, decision.problem.after);
        }
        continue;
      }
      const decision = decide(current, command, ctx);
      expect(decision.kind).toBe('changed');
      if (decision.kind === 'changed') states.set(command.projectId, decision.after);
    }
    const projects = [...states.values()];
    expect(projects).toHaveLength(1800);
    expect(new Set(projects.map((p) => p.signedOn.slice(0, 4)))).toEqual(new Set(['2023', '2024', '2025', '2026']));
    expect(new Set(projects.map((p) => p.district)).size).toBe(LIANYUNGANG.districts.length);
    const types = new Set(commands.map((c) => c.command.type));
    expect(types).toEqual(new Set(['sign', 'start', 'produce', 'terminate', 'correct', 'raiseProblem', 'resolveProblem']));
    const open = [...problems.values()].filter((p) => p.status === 'open');
    expect(open.length).toBeGreaterThan(10);
    expect(open.some((p) => p.dueOn < today)).toBe(true);
    const average = projects.reduce((n, p) => n + p.agreedInvestment, 0) / projects.length;
    expect(average / 1e8).toBeGreaterThan(2);
    expect(average / 1e8).toBeLessThan(8);
    // 外资 in dollars and in yuan, and every band from ¥1亿 up has projects for 总览's counts.
    const inDollars = projects.filter((p) => p.currency === 'USD');
    expect(inDollars.length).toBeGreaterThan(100);
    expect(projects.filter((p) => p.capitalSource === 'foreign' && p.currency === 'CNY').length).toBeGreaterThan(30);
    for (const band of ['B5', 'B10'] as const) expect(inDollars.some((p) => projectBands(p).includes(band))).toBe(true);
    expect(projects.some((p) => projectBands(p).includes('B50'))).toBe(true);
  });

  it('sets targets at its own size, each district by its share of the signings, one district without', () => {
    const targets = demoTargets(LIANYUNGANG);
    const byDistrict = Object.entries(targets.byDistrict ?? {});
    expect(byDistrict.map(([code]) => code)).toEqual(LIANYUNGANG.districts.slice(0, -1).map((d) => d.code));
    // This year's signings per district, against its target: some ahead of the time elapsed, some behind.
    const thisYear = commands.filter((c) => c.command.type === 'sign' && c.on.startsWith('2026'));
    const signedBy = (code: string) => thisYear.filter((c) => c.command.type === 'sign' && c.command.district === code).length;
    const completion = byDistrict.map(([code, t]) => signedBy(code) / t.signed!);
    expect(Math.min(...completion)).toBeLessThan(0.85);
    expect(Math.max(...completion)).toBeGreaterThan(0.95);
    expect(targets.signed).toBeGreaterThan(thisYear.length * 0.9);
  });

  it('is the same data set every time', () => {
    expect(demoCommands(LIANYUNGANG, today)).toEqual(commands);
  });
});
