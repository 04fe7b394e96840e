// The demo data set is valid, varied and the same every time.
import { describe, expect, it } from 'vitest';
import { demoCommands } from '../../local/demo';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { decide, type ProjectSnapshot } from '../../shared/domain/project';

describe('demo data', () => {
  const today = '2026-11-22';
  const commands = demoCommands(LIANYUNGANG, today);

  it('about 1,000 projects over last year and this year, every command accepted on its day', () => {
    const states = new Map<string, ProjectSnapshot>();
    for (const { on, command } of commands) {
      expect(on <= today).toBe(true);
      const decision = decide(states.get(command.projectId) ?? null, command, {
        actor: 'demo',
        config: LIANYUNGANG,
        now: new Date(`${on}T02:00:00Z`),
        newEventId: () => 'e',
      });
      expect(decision.kind).toBe('changed');
      if (decision.kind === 'changed') states.set(command.projectId, decision.after);
    }
    const projects = [...states.values()];
    expect(projects).toHaveLength(1000);
    expect(new Set(projects.map((p) => p.signedOn.slice(0, 4)))).toEqual(new Set(['2025', '2026']));
    expect(new Set(projects.map((p) => p.district)).size).toBe(LIANYUNGANG.districts.length);
    const types = new Set(commands.map((c) => c.command.type));
    expect(types).toEqual(new Set(['sign', 'start', 'produce', 'terminate', 'correct']));
    const average = projects.reduce((n, p) => n + p.agreedInvestment, 0) / projects.length;
    expect(average / 1e8).toBeGreaterThan(2);
    expect(average / 1e8).toBeLessThan(8);
  });

  it('is the same data set every time', () => {
    expect(demoCommands(LIANYUNGANG, today)).toEqual(commands);
  });
});
