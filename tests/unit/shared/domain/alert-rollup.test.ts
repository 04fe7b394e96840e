// Property: after any sequence of commands, problems and daily sweeps (the clock moving on), the
// rollups' alert and problem counters, summed from the events' deltas in any order, equal a
// recomputation from the projects; and right after a sweep they are today's lights.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProblemSnapshot } from '../../../../events';
import { alertOf } from '../../../../shared/domain/alerts';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { addDays } from '../../../../shared/domain/dates';
import { decideProblem, type ProblemCommand } from '../../../../shared/domain/problems';
import { decide, type ProjectCommand, type ProjectSnapshot } from '../../../../shared/domain/project';
import { type CohortCounters, contribution, delta, mergeCohortCounters } from '../../../../shared/domain/rollup';
import { context, signCommand } from '../../../support/fixtures';

const config = LIANYUNGANG;
const START = '2025-01-01';

type Step =
  | { kind: 'command'; project: number; command: (projectId: string, today: string) => ProjectCommand }
  | { kind: 'raise'; project: number; dueIn: number; category: 'land' | 'finance' }
  | { kind: 'resolve'; project: number }
  | { kind: 'sweep'; days: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('command' as const),
    project: fc.nat(3),
    command: fc.constantFrom(
      (projectId: string, today: string): ProjectCommand => ({ type: 'start', projectId, startedOn: today }),
      (projectId: string, today: string): ProjectCommand => ({ type: 'produce', projectId, producedOn: today }),
      (projectId: string, today: string): ProjectCommand => ({ type: 'terminate', projectId, terminatedOn: today, reason: '撤资' }),
      (projectId: string, today: string): ProjectCommand => ({
        type: 'correct',
        projectId,
        plannedProductionOn: addDays(today, -20),
        reason: '更正计划投产日期',
      }),
      (projectId: string): ProjectCommand => ({ type: 'correct', projectId, startedOn: null, producedOn: null, reason: '误报开工' }),
      (projectId: string): ProjectCommand => ({ type: 'correct', projectId, district: 'ganyu', reason: '更正属地' }),
    ),
  }),
  fc.record({
    kind: fc.constant('raise' as const),
    project: fc.nat(3),
    dueIn: fc.integer({ min: -40, max: 40 }),
    category: fc.constantFrom('land' as const, 'finance' as const),
  }),
  fc.record({ kind: fc.constant('resolve' as const), project: fc.nat(3) }),
  fc.record({ kind: fc.constant('sweep' as const), days: fc.integer({ min: 1, max: 70 }) }),
);

const counters = (rows: CohortCounters[]) => Object.fromEntries(rows.map((r) => [JSON.stringify(r.cohort), r.counters]));

describe('alert and problem counters', () => {
  it('equal a recomputation from the projects after any commands and sweeps, and are today’s after a sweep', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100, max: 0 }), { minLength: 1, maxLength: 4 }),
        fc.array(stepArb, { maxLength: 30 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (signedDaysAgo, steps, order) => {
          let today = START;
          let sequence = 0;
          const ctx = (actor = 'clerk-1') => context({ now: new Date(`${today}T04:00:00Z`), actor, newEventId: () => `e-${++sequence}` });
          const projects = new Map<string, ProjectSnapshot>();
          const problems = new Map<string, ProblemSnapshot>();
          const deltas: CohortCounters[][] = [];
          const apply = (decision: ReturnType<typeof decide>) => {
            if (decision.kind !== 'changed') return;
            deltas.push(delta(decision.before, decision.after, config));
            projects.set(decision.after.projectId, decision.after);
          };
          const attempt = (run: () => void) => {
            try {
              run();
            } catch {
              // a refused command writes nothing
            }
          };
          for (const [i, days] of signedDaysAgo.entries()) {
            apply(decide(null, signCommand({ projectId: `P-${i}`, signedOn: addDays(START, days), plannedStartOn: undefined }), ctx()));
          }
          const ids = [...projects.keys()];
          const pick = (n: number) => projects.get(ids[n % ids.length]!)!;

          for (const step of steps) {
            if (step.kind === 'sweep') {
              today = addDays(today, step.days);
              for (const id of ids) apply(decide(projects.get(id)!, { type: 'reviewAlert', projectId: id }, ctx('system:alerts')));
              continue;
            }
            const p = pick(step.project);
            if (step.kind === 'command') {
              attempt(() => apply(decide(p, step.command(p.projectId, today), ctx())));
              continue;
            }
            let command: ProblemCommand;
            if (step.kind === 'raise') {
              command = {
                type: 'raiseProblem',
                projectId: p.projectId,
                problemId: `PR-${++sequence}`,
                category: step.category,
                description: '待协调',
                responsibleUnit: '市发展改革委',
                dueOn: addDays(today, step.dueIn),
              };
            } else {
              const open = p.openProblems?.[0];
              if (!open) continue;
              command = {
                type: 'resolveProblem',
                projectId: p.projectId,
                problemId: open.problemId,
                resolvedOn: today,
                resolution: '已解决',
              };
            }
            attempt(() => {
              const decision = decideProblem(
                p,
                command.type === 'raiseProblem' ? null : (problems.get(command.problemId) ?? null),
                command,
                ctx(),
              );
              if (decision.kind !== 'changed') return;
              apply(decision);
              problems.set(decision.problem.after.problemId, decision.problem.after);
            });
          }

          // Any order of the deltas sums to the counters of the final states.
          const keys = [...order.take(deltas.length)];
          const shuffled = deltas.map((d, i) => ({ d, k: keys[i] ?? 0 })).sort((a, b) => a.k - b.k);
          const summed = mergeCohortCounters(shuffled.flatMap((x) => x.d));
          const finals = [...projects.values()];
          expect(counters(summed)).toEqual(counters(mergeCohortCounters(finals.flatMap((p) => contribution(p, config)))));

          // After one more sweep, the live counters are today's lights and overdue problems.
          today = addDays(today, 1);
          for (const id of ids) apply(decide(projects.get(id)!, { type: 'reviewAlert', projectId: id }, ctx('system:alerts')));
          const live = mergeCohortCounters(deltas.flat()).find((r) => r.cohort.view === 'live' && r.cohort.scope.kind === 'total');
          const now = [...projects.values()];
          const expected = {
            alertRed: now.filter((p) => alertOf(p, today, config)?.level === 'red').length,
            alertYellow: now.filter((p) => alertOf(p, today, config)?.level === 'yellow').length,
            problemsOpen: now.reduce((n, p) => n + (p.openProblems?.length ?? 0), 0),
            problemsOverdue: now.reduce((n, p) => n + (p.openProblems ?? []).filter((o) => o.dueOn < today).length, 0),
          };
          expect({ ...{ alertRed: 0, alertYellow: 0, problemsOpen: 0, problemsOverdue: 0 }, ...live?.counters }).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
