// Rollups against DynamoDB Local: duplicated, shuffled, split and interrupted delivery all converge
// to exactly what reconcile recomputes from the projects.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { businessDateOf } from '../../shared/domain/dates';
import type { ProjectEvent } from '../../shared/domain/project';
import { contribution, mergeCohortCounters } from '../../shared/domain/rollup';
import { composeRollupView } from '../../shared/domain/rollup-view';
import { consumeRollupMessages } from '../../shared/pipeline/rollup-consumer';
import { reconcileYear } from '../../shared/monitoring/reconcile';
import { ProjectStore } from '../../shared/store/project-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { sqsRecord } from '../support/messages';
import { runScenario } from '../support/scenario';
import { createTestTable } from '../support/table';

async function freshPipeline() {
  const table = await createTestTable();
  return {
    table,
    projects: new ProjectStore(table.doc, table.tableName),
    rollups: new RollupStore(table.doc, table.tableName, LIANYUNGANG),
  };
}

/** Deterministic shuffle from a seed, so a failure can be replayed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let s = seed >>> 0 || 1;
  for (let i = result.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

async function deliver(rollups: RollupStore, events: readonly ProjectEvent[], batchSizes: number[]) {
  const failed: string[] = [];
  let at = 0;
  for (let b = 0; at < events.length; b++) {
    const size = batchSizes[b % batchSizes.length]!;
    const batch = events.slice(at, at + size).map((e) => sqsRecord(e));
    at += size;
    const result = await consumeRollupMessages(rollups, batch);
    failed.push(...result.batchItemFailures.map((f) => f.itemIdentifier));
  }
  return failed;
}

async function expectExact(rollups: RollupStore) {
  for (const year of [2024, 2025]) {
    const report = await reconcileYear(rollups, LIANYUNGANG, year, { repair: false });
    expect(report.drift, `drift in ${year}`).toEqual([]);
    expect(report.cohorts).toBeGreaterThan(0);
  }
}

// Every event writes its facts by day and month too: under a full suite's load, a minute or more.
describe('rollups from a realistic scenario', { timeout: 120_000 }, () => {
  let p: Awaited<ReturnType<typeof freshPipeline>>;
  let events: ProjectEvent[];
  beforeAll(async () => {
    p = await freshPipeline();
    events = await runScenario(p.projects, 36);
  });
  afterAll(() => p.table.drop());

  it('every message delivered twice, shuffled, across batches of 1–10: rollups equal the recomputation', async () => {
    const twice = shuffle([...events, ...events], 42);
    expect(await deliver(p.rollups, twice, [10, 3, 1, 7, 10, 2])).toEqual([]);
    await expectExact(p.rollups);

    // And the reader's view carries the same totals, with the derived figures.
    const rows = await p.rollups.read(2025);
    const view = composeRollupView(2025, rows, await p.rollups.getTargets(2025), LIANYUNGANG, new Date());
    const recomputed = (await reconcileYear(p.rollups, LIANYUNGANG, 2025, { repair: false })).cohorts;
    expect(recomputed).toBeGreaterThan(0);
    expect(view.totals.signed).toBe(24);
    expect(view.byDistrict.reduce((n, d) => n + d.signed, 0)).toBe(view.totals.signed);
    expect(view.byMonth.reduce((n, m) => n + m.agreedInvestment, 0)).toBe(view.totals.agreedInvestment);
    expect(view.totals.sameYearStartRate).toBeCloseTo(view.totals.startedSameYear / 24);

    // 内资/外资 and the bands, counted straight from the stored projects: a USD project's B5 by its
    // dollars (its rate corrected or not), 外资's dollars as agreed.
    const signed = (await p.rollups.scanProjects()).filter((project) => project.signedOn.startsWith('2025'));
    const foreign = signed.filter((project) => project.capitalSource === 'foreign');
    const inDollars = foreign.filter((project) => project.currency === 'USD');
    expect(inDollars.length).toBeGreaterThan(2);
    expect(view.totals.foreign).toEqual({
      count: foreign.length,
      agreedInvestment: foreign.reduce((n, project) => n + project.agreedInvestment, 0),
      agreedUsd: inDollars.reduce((n, project) => n + project.agreedInvestmentOriginal!, 0),
    });
    expect(view.totals.domestic.count + view.totals.foreign.count).toBe(24);
    const b5 = signed.filter((project) =>
      project.currency === 'USD' ? project.agreedInvestmentOriginal! >= 30_000_000 : project.agreedInvestment >= 500_000_000,
    );
    expect(view.totals.bands.B5).toEqual({
      count: b5.length,
      agreedInvestment: b5.reduce((n, project) => n + project.agreedInvestment, 0),
    });
    expect(view.totals.bands.B1.count).toBe(24);
    expect(view.byDistrict.reduce((n, d) => n + d.foreign.agreedUsd, 0)).toBe(view.totals.foreign.agreedUsd);
  });

  it('the view as of any date of the year equals a recomputation from the projects as they stood that day', async () => {
    const projects = await p.rollups.scanProjects();
    const stood = (date: string) =>
      projects.flatMap((project) => {
        if (project.signedOn > date) return [];
        const { startedOn, producedOn, terminatedOn, terminationReason, ...rest } = project;
        return [
          {
            ...rest,
            ...(startedOn && startedOn <= date ? { startedOn } : {}),
            ...(producedOn && producedOn <= date ? { producedOn } : {}),
            ...(terminatedOn && terminatedOn <= date ? { terminatedOn, terminationReason } : {}),
          },
        ];
      });
    const targets = await p.rollups.getTargets(2025);
    // Month-ends (months alone), days inside a month (months and days), and a date after the year.
    for (const date of ['2025-01-01', '2025-01-31', '2025-03-10', '2025-06-30', '2025-12-01', '2025-12-17', '2025-12-31', '2026-02-01']) {
      const view = composeRollupView(2025, await p.rollups.readForView(2025, date), targets, LIANYUNGANG, new Date(), date);
      const rows = mergeCohortCounters(stood(date).flatMap((project) => contribution(project, LIANYUNGANG)));
      const expected = composeRollupView(2025, rows, targets, LIANYUNGANG, new Date(), undefined);
      // Alerts and problems are today's, whatever the date.
      const facts = <T extends object>(row: T) =>
        Object.fromEntries(Object.entries(row).filter(([k]) => !/^(alert|problems|progress|startedInYear)/.test(k)));
      const figures = (v: typeof view) => ({
        totals: facts(v.totals),
        byDistrict: v.byDistrict.map(facts),
        byIndustry: v.byIndustry.map(facts),
        byMonth: v.byMonth.map(facts),
        happenedInYear: v.happenedInYear,
      });
      expect(figures(view), date).toEqual(figures(expected));
      expect(view.totals.progress.signed.actual).toBe(view.totals.signed);
      expect(view.asOfDate).toBe(date);
    }
    // Today's view (the stored counters, the dated items of the city alone) is the view as of today.
    const now = new Date();
    const today = businessDateOf(now);
    const live = composeRollupView(2025, await p.rollups.readForView(2025, today, { asOf: false }), targets, LIANYUNGANG, now);
    const asOfToday = composeRollupView(2025, await p.rollups.readForView(2025, today), targets, LIANYUNGANG, now, today);
    expect(live).toEqual(asOfToday);
  });

  it('reconcile finds drift it did not cause, names the counter, and repairs it', async () => {
    await p.rollups.adjust([
      { cohort: { view: 'signed', year: 2025, scope: { kind: 'district', code: 'haizhou' } }, counters: { signed: 999 } },
    ]);
    const report = await reconcileYear(p.rollups, LIANYUNGANG, 2025, { repair: true });
    const drifted = report.drift.find((d) => d.cohort === 'signed|2025|district|haizhou' && d.counter === 'signed');
    expect(drifted && Number(drifted.stored) - drifted.expected).toBe(999);
    expect(report.drift).toHaveLength(1);
    expect(report.repaired).toBe(true);
    await expectExact(p.rollups);
  });

  it('reconcile covers the band and capital-source counters', async () => {
    await p.rollups.adjust([
      { cohort: { view: 'signed', year: 2025, scope: { kind: 'total' } }, counters: { foreignUsd: 5_000_000, bandB10: -1 } },
    ]);
    const report = await reconcileYear(p.rollups, LIANYUNGANG, 2025, { repair: true });
    expect(report.drift.map((d) => `${d.cohort} ${d.counter}`).sort()).toEqual([
      'signed|2025|total| bandB10',
      'signed|2025|total| foreignUsd',
    ]);
    await expectExact(p.rollups);
  });

  it('reconcile checks the figures by date too: a drifted day, or a stray one, is found and repaired', async () => {
    const day = { view: 'dated' as const, year: 2025, scope: { kind: 'district' as const, code: 'haizhou' }, on: '2025-03-10' };
    // A month the register has nothing in: its days are read because its month item names it.
    const strayMonth = { view: 'dated' as const, year: 2025, scope: { kind: 'total' as const }, on: '2027-02' };
    const strayDay = { ...strayMonth, on: '2027-02-03' };
    await p.rollups.adjust([
      { cohort: day, counters: { signed: 2 } },
      { cohort: strayMonth, counters: { started: 1 } },
      { cohort: strayDay, counters: { started: 1 } },
    ]);
    const report = await reconcileYear(p.rollups, LIANYUNGANG, 2025, { repair: true });
    expect(report.drift.map((d) => [d.cohort, d.counter, Number(d.stored) - d.expected]).sort()).toEqual([
      ['dated|2025|district|haizhou|2025-03-10', 'signed', 2],
      ['dated|2025|total||2027-02', 'started', 1],
      ['dated|2025|total||2027-02-03', 'started', 1],
    ]);
    await expectExact(p.rollups);
  });

  it('a counter past 2^53 is reported as stored, exactly, and set back to the recomputed value', async () => {
    const cohort = { view: 'signed' as const, year: 2025, scope: { kind: 'district' as const, code: 'ganyu' } };
    await p.rollups.adjust([
      { cohort, counters: { agreedInvestment: Number.MAX_SAFE_INTEGER } },
      { cohort, counters: { agreedInvestment: 2 } },
    ]);
    await expect(p.rollups.read(2025)).rejects.toThrow(/ROLLUP#2025 DISTRICT#ganyu: counter agreedInvestment is \d+, past/);
    const report = await reconcileYear(p.rollups, LIANYUNGANG, 2025, { repair: true });
    expect(report.drift).toHaveLength(1);
    const [drift] = report.drift;
    expect(drift).toMatchObject({ cohort: 'signed|2025|district|ganyu', counter: 'agreedInvestment' });
    expect(BigInt(drift!.stored)).toBe(BigInt(Number.MAX_SAFE_INTEGER) + 2n + BigInt(drift!.expected));
    await expectExact(p.rollups);
  });
});

// The same scenario as above, delivered twice: the same two minutes (each event writes its facts by
// day and month, and the scenario has dollar projects with corrected rates).
describe('a crash between batches, then redelivery', { timeout: 120_000 }, () => {
  let p: Awaited<ReturnType<typeof freshPipeline>>;
  beforeAll(async () => {
    p = await freshPipeline();
  });
  afterAll(() => p.table.drop());

  it('rollups stay exact when the handler throws midway and everything is delivered again', async () => {
    const events = await runScenario(p.projects, 24, 'CR');
    // A store whose client dies after a few writes: the handler throws partway through.
    let writes = 0;
    const dying = new Proxy(p.table.doc, {
      get(target, prop, receiver) {
        if (prop !== 'send') return Reflect.get(target, prop, receiver);
        return (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
          if (++writes > 4) throw new Error('container killed');
          return target.send(command);
        };
      },
    });
    const crashing = new RollupStore(dying, p.table.tableName, LIANYUNGANG);
    const firstAttempt = await deliver(crashing, events, [10]).catch((e: Error) => e);
    expect(firstAttempt instanceof Error || firstAttempt.length > 0).toBe(true);

    // SQS redelivers everything not deleted: here, all of it.
    expect(await deliver(p.rollups, shuffle(events, 7), [10, 4])).toEqual([]);
    await expectExact(p.rollups);
  });
});

describe('rollup property against DynamoDB Local', () => {
  it('random projects, duplication, reordering and batch splits: rollups equal the recomputation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 50 }),
        fc.integer(),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 5 }),
        async (count, duplicate, seed, batchSizes) => {
          const run = await freshPipeline(); // its own table: runs never see each other's rollups
          try {
            const events = await runScenario(run.projects, count);
            const delivered = shuffle(
              events.flatMap((e, i) => (duplicate[i % duplicate.length] ? [e, e] : [e])),
              seed,
            );
            expect(await deliver(run.rollups, delivered, batchSizes)).toEqual([]);
            await expectExact(run.rollups);
          } finally {
            await run.table.drop();
          }
        },
      ),
      { numRuns: 8 },
    );
    // Each run writes its table's rollups by the day and the month: up to a minute under a full suite's load.
  }, 120_000);
});
