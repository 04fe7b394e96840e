// Alerts and problems against DynamoDB Local: the routes (with the contract, the role matrix and
// hostile bodies), the alert filter, the chase list, and the daily sweep (idempotent, paged, and
// reading only the projects time can move).
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { composeDigest } from '../../shared/digest/compose';
import { createGatewayHandler } from '../support/gateway';
import { reconcileYear } from '../../shared/monitoring/reconcile';
import { ALERT_SWEEP_ACTOR, sweepAlerts } from '../../shared/monitoring/alert-sweep';
import { DigestStore } from '../../shared/store/digest-store';
import { ImportStore } from '../../shared/store/import-store';
import { ProblemStore } from '../../shared/store/problem-store';
import { ProjectStore } from '../../shared/store/project-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { contractViolations } from '../support/contract';
import { NOW, signInput } from '../support/fixtures';
import { apiEvent, type RequestOptions } from '../support/http';
import { createTestTable } from '../support/table';

// NOW is 2025-06-15 in Shanghai. A project signed on 2025-03-10 without a start is red (97 days).
let table: Awaited<ReturnType<typeof createTestTable>>;
let api: ReturnType<typeof createGatewayHandler>;
let projects: ProjectStore;
let problems: ProblemStore;
let clock = NOW;
const serverErrors: unknown[] = [];

beforeAll(async () => {
  table = await createTestTable();
  projects = new ProjectStore(table.doc, table.tableName);
  problems = new ProblemStore(table.doc, table.tableName);
  api = createGatewayHandler({
    projects,
    problems,
    rollups: new RollupStore(table.doc, table.tableName, LIANYUNGANG),
    digests: new DigestStore(table.doc, table.tableName),
    imports: new ImportStore(table.doc, table.tableName),
    config: LIANYUNGANG,
    now: () => clock,
    onServerError: (e) => serverErrors.push(e),
  });
});
afterAll(() => table.drop());

/** DynamoDB requests by command name, from now until `stop`. */
function countRequests(doc: typeof table.doc) {
  const commands: Record<string, number> = {};
  const name = `count-requests-${Math.random()}`;
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? '').replace(/Command$/, '');
      commands[command] = (commands[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { commands, stop: () => doc.middlewareStack.remove(name) };
}

async function call(method: string, path: string, options: RequestOptions = {}) {
  const response = await api(apiEvent(method, path, options), {} as Context);
  const body = response.body ? JSON.parse(response.body) : undefined;
  const received = { status: response.statusCode!, headers: response.headers ?? {}, body };
  expect(contractViolations(method, path, received), `${method} ${path}`).toEqual([]);
  return received;
}

const sign = (projectId: string, overrides: Record<string, unknown> = {}) =>
  call('POST', '/projects', { body: { ...signInput({ projectId }), ...overrides } });
const problemBody = (overrides: Record<string, unknown> = {}) => ({
  category: 'land',
  description: '用地指标未落实',
  responsibleUnit: '市自然资源和规划局',
  dueOn: '2025-07-01',
  ...overrides,
});

describe('the alert on a project', () => {
  it('is red with its reasons in words when signed 97 days ago; a start clears it; the list filters by it', async () => {
    const red = await sign('AL-RED', { plannedStartOn: undefined });
    expect(red.body.alert).toEqual({
      level: 'red',
      since: '2025-06-15',
      reasons: [{ rule: 'notStarted', level: 'red', date: '2025-03-10', text: '签约已 97 天未开工' }],
    });
    await sign('AL-GREEN', { signedOn: '2025-06-01', plannedStartOn: undefined });
    await sign('AL-STARTED', { plannedStartOn: undefined });
    const started = await call('POST', '/projects/AL-STARTED/start', { body: { startedOn: '2025-06-10' } });
    expect(started.body.alert).toEqual({ level: 'green', since: '2025-06-15', reasons: [] });

    const reds = await call('GET', '/projects', { query: { alert: 'red', district: 'xuwei' } });
    expect(reds.body.items.map((p: { projectId: string }) => p.projectId)).toContain('AL-RED');
    expect(reds.body.items.every((p: { alert: { level: string } }) => p.alert.level === 'red')).toBe(true);
    const greens = await call('GET', '/projects', { query: { alert: 'green', district: 'xuwei' } });
    expect(greens.body.items.map((p: { projectId: string }) => p.projectId).sort()).toEqual(['AL-GREEN', 'AL-STARTED']);
    const bad = await call('GET', '/projects', { query: { alert: 'orange' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('alert');
  });

  it('takes plannedProductionOn on sign and correction, and refuses one before the planned start', async () => {
    const created = await sign('AL-PROD', { plannedProductionOn: '2026-03-01' });
    expect(created.body.plannedProductionOn).toBe('2026-03-01');
    const early = await call('PATCH', '/projects/AL-PROD', {
      headers: { 'if-match': '"1"' },
      body: { plannedProductionOn: '2025-06-01', reason: '更正' },
    });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([{ field: 'plannedProductionOn', rule: 'must not be before plannedStartOn (2025-07-01)' }]);
  });
});

describe('problems', () => {
  let problemId: string;

  it('a clerk raises one (201, Location, ETag); the project carries it and its version moves; a repeat is the same problem', async () => {
    await sign('PB-1', { signedOn: '2025-06-01' });
    const raised = await call('POST', '/projects/PB-1/problems', { body: problemBody() });
    expect(raised.status).toBe(201);
    problemId = raised.body.problemId;
    expect(raised.headers).toMatchObject({ location: `/projects/PB-1/problems/${problemId}`, etag: '"1"' });
    expect(raised.body).toMatchObject({ status: 'open', raisedOn: '2025-06-15', overdue: false, daysOverdue: 0, district: 'xuwei' });

    const located = await call('GET', String(raised.headers.location), { groups: ['viewer'] });
    expect(located).toMatchObject({ status: 200, headers: { etag: '"1"' }, body: { problemId, status: 'open' } });
    expect((await call('GET', '/projects/PB-1/problems/01JZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);

    const again = await call('POST', '/projects/PB-1/problems', { body: problemBody() });
    expect(again.status).toBe(200);
    expect(again.body.problemId).toBe(problemId);

    const got = await call('GET', '/projects/PB-1');
    expect(got.body.version).toBe(2);
    expect(got.body.openProblems).toHaveLength(1);
    expect(got.body.problems.map((p: { problemId: string }) => p.problemId)).toEqual([problemId]);
    expect(got.body.history[0]).toMatchObject({ detailType: 'ProblemRaised', actor: 'clerk-1', problem: { problemId, category: 'land' } });
  });

  it('a new due date needs If-Match with the problem’s version: none 428, stale 412, current 200', async () => {
    const path = `/projects/PB-1/problems/${problemId}`;
    const body = { dueOn: '2025-08-01', reason: '省厅审批延期' };
    expect((await call('PATCH', path, { body })).status).toBe(428);
    const stale = await call('PATCH', path, { body, headers: { 'if-match': '"7"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.title).toBe('The problem changed since you read it');
    const ok = await call('PATCH', path, { body, headers: { 'if-match': '"1"' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ dueOn: '2025-08-01', version: 2 });
    expect(ok.headers.etag).toBe('"2"');
    const nothing = await call('PATCH', path, { body: { reason: '无' }, headers: { 'if-match': '"2"' } });
    expect(nothing.status).toBe(422);
    expect(nothing.body.errors).toEqual([{ field: 'dueOn', rule: 'give a new dueOn or responsibleUnit' }]);
  });

  it('resolving closes it: the project has no open problem, the same resolution again is 200, another 409', async () => {
    const path = `/projects/PB-1/problems/${problemId}/resolve`;
    const body = { resolvedOn: '2025-06-15', resolution: '已调剂用地指标' };
    const done = await call('POST', path, { body });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'resolved', resolvedOn: '2025-06-15', version: 3 });
    expect((await call('GET', '/projects/PB-1')).body.openProblems).toBeUndefined();
    expect((await call('POST', path, { body })).status).toBe(200);
    expect((await call('POST', path, { body: { ...body, resolution: '另一说法' } })).status).toBe(409);
  });

  it('role matrix: the project’s district office and the bureau may write; another district and a viewer get 403; anyone reads', async () => {
    await sign('PB-ROLES', { signedOn: '2025-06-01' });
    const as = (groups: string[]) =>
      call('POST', '/projects/PB-ROLES/problems', { body: problemBody({ description: `由 ${groups[0]} 提出` }), groups });
    expect((await as(['viewer'])).status).toBe(403);
    expect((await as(['district:haizhou'])).status).toBe(403);
    expect((await as(['district:xuwei'])).status).toBe(201);
    expect((await as(['admin'])).status).toBe(201);
    expect((await call('GET', '/problems', { groups: ['viewer'] })).status).toBe(200);
    expect((await call('GET', '/projects/PB-ROLES', { groups: ['district:haizhou'] })).body.problems).toHaveLength(2);
    expect((await call('POST', '/projects/NOPE-1/problems', { body: problemBody() })).status).toBe(404);
    expect(
      (
        await call('POST', '/projects/PB-ROLES/problems/01JZZZZZZZZZZZZZZZZZZZZZZZ/resolve', {
          body: { resolvedOn: '2025-06-15', resolution: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('hostile bodies get a 422 naming the field and the rule, never a 500', async () => {
    const post = (body: unknown) => call('POST', '/projects/PB-ROLES/problems', { body });
    const cases: [unknown, string, RegExp][] = [
      [problemBody({ category: 'bribery' }), 'category', /must be one of: land, planning/],
      [problemBody({ description: '用地\u202e指标' }), 'description', /bidirectional control character/],
      [problemBody({ description: 'x'.repeat(501) }), 'description', /at most 500 characters/],
      [problemBody({ responsibleUnit: '  ' }), 'responsibleUnit', /must not be empty/],
      [problemBody({ dueOn: '2025-02-30' }), 'dueOn', /calendar date/],
      [problemBody({ dueOn: '2025-01-01' }), 'dueOn', /must not be before 2025-06-01/],
      [{ ...problemBody(), status: 'resolved' }, 'status', /not a known field/],
      [problemBody({ category: { $ne: null } }), 'category', /must be one of/],
    ];
    for (const [body, field, rule] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(r.body.errors.find((e: { field: string }) => e.field === field)?.rule).toMatch(rule);
    }
    const badId = await call('POST', '/projects/PB-ROLES/problems/not-an-id/resolve', {
      body: { resolvedOn: '2025-06-15', resolution: 'x' },
    });
    expect(badId.status).toBe(422);
    expect(badId.body.errors[0].field).toBe('problemId');
    expect(serverErrors).toEqual([]);
  });

  it('concurrent writes: the same raise eight times makes one problem (201 once, 200 after); two problems adjusted at once both land', async () => {
    await sign('PB-RACE', { signedOn: '2025-06-01' });
    const raises = await Promise.all(
      Array.from({ length: 8 }, () =>
        call('POST', '/projects/PB-RACE/problems', { body: problemBody({ description: '并发提出的同一问题' }) }),
      ),
    );
    expect(raises.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(raises.map((r) => r.body.problemId)).size).toBe(1);
    const second = await call('POST', '/projects/PB-RACE/problems', {
      body: problemBody({ description: '另一个问题', category: 'finance' }),
    });
    const adjust = (id: string) =>
      call('PATCH', `/projects/PB-RACE/problems/${id}`, { headers: { 'if-match': '"1"' }, body: { dueOn: '2025-09-01', reason: '延期' } });
    const [a, b] = await Promise.all([adjust(raises[0]!.body.problemId), adjust(second.body.problemId)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const got = await call('GET', '/projects/PB-RACE');
    expect(got.body.openProblems.map((o: { dueOn: string }) => o.dueOn)).toEqual(['2025-09-01', '2025-09-01']);
  });

  it('terminating a project closes its open problems: resolved with the reason, out of the chase list and the counts', async () => {
    await sign('PB-END', { signedOn: '2025-06-01' });
    const raised = await call('POST', '/projects/PB-END/problems', { body: problemBody({ dueOn: '2025-06-10' }) });
    expect(
      (await call('GET', '/problems', { query: { status: 'overdue' } })).body.items.map((p: { projectId: string }) => p.projectId),
    ).toContain('PB-END');
    const ended = await call('POST', '/projects/PB-END/terminate', { body: { terminatedOn: '2025-06-15', reason: '投资方撤资' } });
    expect(ended.body).toMatchObject({ status: 'terminated' });
    expect(ended.body.openProblems).toBeUndefined();
    const got = await call('GET', '/projects/PB-END');
    expect(got.body.problems).toMatchObject([
      {
        problemId: raised.body.problemId,
        status: 'resolved',
        resolvedOn: '2025-06-15',
        resolution: '项目已终止，问题随之关闭',
        version: 2,
        overdue: false,
      },
    ]);
    const open = await call('GET', '/problems', { query: { limit: '200' } });
    expect(open.body.items.map((p: { projectId: string }) => p.projectId)).not.toContain('PB-END');
  });

  it('a problem on a project in production is refused with 409 naming the rule', async () => {
    await sign('PB-DONE', { signedOn: '2025-04-01' });
    await call('POST', '/projects/PB-DONE/start', { body: { startedOn: '2025-04-10' } });
    await call('POST', '/projects/PB-DONE/produce', { body: { producedOn: '2025-06-01' } });
    const refused = await call('POST', '/projects/PB-DONE/problems', { body: problemBody() });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].rule).toMatch(/signed or started projects/);
  });
});

describe('the chase list', () => {
  beforeAll(async () => {
    for (const [id, district, unit, dueOn] of [
      ['CH-1', 'ganyu', '市生态环境局', '2025-05-01'],
      ['CH-2', 'ganyu', '国网连云港供电公司', '2025-06-10'],
      ['CH-3', 'haizhou', '市生态环境局', '2025-06-01'],
      ['CH-4', 'haizhou', '市生态环境局', '2025-09-01'],
    ] as const) {
      await sign(id, { district, signedOn: '2025-04-20' });
      await call('POST', `/projects/${id}/problems`, { body: problemBody({ responsibleUnit: unit, dueOn, category: 'environment' }) });
    }
  });

  it('overdue: past their due date, the longest overdue first, across districts, with the days overdue', async () => {
    const page = await call('GET', '/problems', { query: { status: 'overdue' } });
    const rows = page.body.items.filter((p: { projectId: string }) => p.projectId.startsWith('CH-'));
    expect(rows.map((p: { projectId: string; daysOverdue: number }) => [p.projectId, p.daysOverdue])).toEqual([
      ['CH-1', 45],
      ['CH-3', 14],
      ['CH-2', 5],
    ]);
  });

  it('by district and by responsible unit; pages by cursor, each problem exactly once; a forged cursor is a 422', async () => {
    const unit = await call('GET', '/problems', { query: { unit: '生态环境', district: 'haizhou' } });
    expect(unit.body.items.map((p: { projectId: string }) => p.projectId)).toEqual(['CH-3', 'CH-4']);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', '/problems', { query: { limit: '1', ...(cursor ? { cursor } : {}) } });
      seen.push(...page.body.items.map((p: { problemId: string }) => p.problemId));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    const all = await call('GET', '/problems', { query: { limit: '200' } });
    expect(seen).toEqual(all.body.items.map((p: { problemId: string }) => p.problemId));
    expect(new Set(seen).size).toBe(seen.length);
    const forged = await call('GET', '/problems', { query: { cursor: Buffer.from('{"q":"x","k":"y"}').toString('base64url') } });
    expect(forged.status).toBe(422);
  });

  it('a correction that moves the project to another district moves its open problems in the chase list', async () => {
    const moved = await call('PATCH', '/projects/CH-1', {
      headers: { 'if-match': '"2"' },
      body: { district: 'donghai', reason: '更正属地' },
    });
    expect(moved.status).toBe(200);
    const donghai = await call('GET', '/problems', { query: { district: 'donghai' } });
    expect(donghai.body.items.map((p: { projectId: string; district: string }) => [p.projectId, p.district])).toEqual([
      ['CH-1', 'donghai'],
    ]);
    const ganyu = await call('GET', '/problems', { query: { district: 'ganyu' } });
    expect(ganyu.body.items.map((p: { projectId: string }) => p.projectId)).toEqual(['CH-2']);
  });
});

describe('the daily sweep', () => {
  it('records what time alone moved, once: a second run the same day changes nothing', async () => {
    await sign('SW-1', { district: 'yuntai', signedOn: '2025-05-01', plannedStartOn: undefined }); // 45 days: green
    clock = new Date('2025-07-01T17:00:00Z'); // 01:00 on 2 July in Shanghai: day 62, yellow
    const first = await sweepAlerts({ projects, problems, config: LIANYUNGANG, now: clock });
    expect(first.today).toBe('2025-07-02');
    expect(first.failed).toEqual([]);
    expect(first.changed).toBeGreaterThan(0);
    const got = await call('GET', '/projects/SW-1');
    expect(got.body.alert).toMatchObject({ level: 'yellow', since: '2025-07-02' });
    expect(got.body.history[0]).toMatchObject({
      detailType: 'ProjectAlertChanged',
      actor: ALERT_SWEEP_ACTOR,
      reason: '绿灯 → 黄灯：签约已 62 天未开工',
    });
    const second = await sweepAlerts({ projects, problems, config: LIANYUNGANG, now: clock });
    expect(second.changed).toBe(0);
    expect(second.examined).toBe(first.examined);
    expect((await call('GET', '/projects/SW-1')).body.version).toBe(got.body.version);
  });

  it('reads only signed and started projects and overdue problems, never the whole table, and no project twice', async () => {
    const usage = countRequests(table.doc);
    const report = await sweepAlerts({ projects, problems, config: LIANYUNGANG, now: clock });
    usage.stop();
    expect(report.changed).toBe(0);
    expect(usage.commands.Scan ?? 0).toBe(0);
    // One query per status and district (every page fits in one here), one per district's open problems,
    // and a GetItem only for a project in production with an overdue problem.
    expect(usage.commands.Query).toBe(LIANYUNGANG.districts.length * 3);
    expect(usage.commands.GetItem ?? 0).toBe(0);
  });

  it('pages through a partition larger than one page', async () => {
    const many = Array.from({ length: 30 }, (_, i) => `SW-PAGE-${String(i).padStart(2, '0')}`);
    clock = NOW;
    for (const id of many) await sign(id, { district: 'lianyun', signedOn: '2025-06-01', plannedStartOn: undefined });
    const pages: number[] = [];
    for await (const page of projects.pagesOf('signed', 'lianyun')) pages.push(page.length);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(30);
    clock = new Date('2025-09-01T04:00:00Z'); // day 92: red
    const report = await sweepAlerts({ projects, problems, config: LIANYUNGANG, now: clock });
    expect(report.failed).toEqual([]);
    const reds = await call('GET', '/projects', { query: { district: 'lianyun', alert: 'red', limit: '100' } });
    expect(reds.body.items).toHaveLength(30);
  });
});

describe('counters, reconcile and the digest', () => {
  it('reconcile recomputes the alert and problem counters; the digest counts the lights by district and lists overdue problems by unit', async () => {
    clock = new Date('2025-09-01T16:30:00Z'); // the Monday digest's time: 00:30 on 2 September in Shanghai
    const rollups = new RollupStore(table.doc, table.tableName, LIANYUNGANG);
    // The pipeline is not running here: reconcile writes the counters the events would have.
    const repaired = await reconcileYear(rollups, LIANYUNGANG, 2025, { repair: true });
    expect(repaired.drift.map((d) => d.counter)).toEqual(expect.arrayContaining(['alertRed', 'problemsOpen', 'problemsOverdue']));
    expect((await reconcileYear(rollups, LIANYUNGANG, 2025, { repair: false })).drift).toEqual([]);
    // The live view belongs to no year: the nightly run checks it with its first year only.
    await rollups.adjust([{ cohort: { view: 'live', year: 0, scope: { kind: 'total' } }, counters: { alertRed: 1 } }]);
    expect((await reconcileYear(rollups, LIANYUNGANG, 2024, { repair: false, live: false })).drift).toEqual([]);
    const live = await reconcileYear(rollups, LIANYUNGANG, 2025, { repair: true });
    expect(live.drift).toEqual([
      { cohort: 'live|0|total|', counter: 'alertRed', stored: expect.any(Number), expected: expect.any(Number) },
    ]);

    const view = (await call('GET', '/rollups/2025')).body;
    const lianyun = view.live.byDistrict.find((d: { district: string }) => d.district === 'lianyun');
    expect(lianyun.alertRed).toBe(30);
    const reds = await call('GET', '/projects', { query: { alert: 'red', limit: '100' } });
    expect(view.live.totals.alertRed).toBe(reds.body.items.length);

    const digest = await composeDigest('weekly', clock, {
      projects,
      problems,
      rollups,
      digests: new DigestStore(table.doc, table.tableName),
      config: LIANYUNGANG,
    });
    expect(digest.alerts?.red).toBe(view.live.totals.alertRed);
    const district = digest.alerts?.byDistrict.find((d) => d.district === 'lianyun');
    expect(district).toMatchObject({ red: 30, oldestRed: { projectId: 'SW-PAGE-00', signedOn: '2025-06-01' } });
    expect(digest.leaderboard.find((r) => r.district === 'lianyun')?.red).toBe(30);
    const units = digest.overdueProblems?.byUnit.map((u) => u.responsibleUnit);
    expect(units?.[0]).toBe('市生态环境局'); // CH-1's, due 2025-05-01: the longest overdue
    expect(digest.overdueProblems?.count).toBe(
      (await call('GET', '/problems', { query: { status: 'overdue', limit: '200' } })).body.items.length,
    );
    expect(digest.renderings.brief).toContain('## 逾期问题');
  });
});
