// The API handler against DynamoDB Local: commands, queries, errors and authorization.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { callThrough, createGatewayHandler } from '../support/gateway';
import { ProjectStore, toProjectItem } from '../../shared/store/project-store';
import { ProblemStore } from '../../shared/store/problem-store';
import { DigestStore } from '../../shared/store/digest-store';
import { ImportStore } from '../../shared/store/import-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { NOW, signInput } from '../support/fixtures';
import type { RequestOptions } from '../support/http';
import { createTestTable } from '../support/table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let api: ReturnType<typeof createGatewayHandler>;
let projects: ProjectStore;
let rollups: RollupStore;
const serverErrors: unknown[] = [];

beforeAll(async () => {
  table = await createTestTable();
  projects = new ProjectStore(table.doc, table.tableName);
  rollups = new RollupStore(table.doc, table.tableName, LIANYUNGANG);
  api = createGatewayHandler({
    projects,
    problems: new ProblemStore(table.doc, table.tableName),
    rollups,
    digests: new DigestStore(table.doc, table.tableName),
    imports: new ImportStore(table.doc, table.tableName),
    config: LIANYUNGANG,
    now: () => NOW,
    onServerError: (e) => serverErrors.push(e),
  });
});
afterAll(() => table.drop());

function call(method: string, path: string, options: RequestOptions = {}) {
  return callThrough(api, method, path, options);
}

const sign = (projectId: string, overrides: Record<string, unknown> = {}, options: RequestOptions = {}) =>
  call('POST', '/projects', { body: { ...signInput({ projectId }), ...overrides }, ...options });

describe('commands and queries', () => {
  it('signs (201, Location, ETag), returns the same project on a repeat (200), and 409 naming the differing fields', async () => {
    const created = await sign('API-1');
    expect(created.status).toBe(201);
    expect(created.headers).toMatchObject({ location: '/projects/API-1', etag: '"1"' });
    expect(created.body).toMatchObject({ projectId: 'API-1', status: 'signed', version: 1, updatedBy: 'clerk-1' });

    const again = await sign('API-1');
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);

    const other = await sign('API-1', { agreedInvestment: 900_000_000 });
    expect(other.status).toBe(409);
    expect(other.headers['content-type']).toBe('application/problem+json');
    expect(other.body.errors).toEqual([{ field: 'agreedInvestment', rule: expect.stringMatching(/differs/) }]);
  });

  it('moves a project through start and production, and shows its history', async () => {
    await sign('API-2');
    expect((await call('POST', '/projects/API-2/start', { body: { startedOn: '2025-05-01' } })).body).toMatchObject({
      status: 'started',
      version: 2,
    });
    expect((await call('POST', '/projects/API-2/produce', { body: { producedOn: '2025-06-01' } })).body).toMatchObject({
      status: 'in_production',
      version: 3,
    });
    const got = await call('GET', '/projects/API-2');
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"3"');
    expect(got.body.history.map((h: { detailType: string }) => h.detailType)).toEqual([
      'ProjectInProduction',
      'ProjectStarted',
      'ProjectSigned',
    ]);
    expect(got.body.historyNextBefore).toBeNull();
  });

  it('corrects with If-Match; a stale version is 412 and changes nothing; none at all is 428', async () => {
    await sign('API-3');
    const ok = await call('PATCH', '/projects/API-3', {
      body: { name: '更正后的名称', reason: '名称笔误' },
      headers: { 'if-match': '"1"' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: '更正后的名称', version: 2 });

    const stale = await call('PATCH', '/projects/API-3', { body: { name: '又一次', reason: 'x' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ type: '/problems/stale-version', currentVersion: 2 });
    expect((await projects.get('API-3'))?.name).toBe('更正后的名称');

    expect((await call('PATCH', '/projects/API-3', { body: { name: 'x', reason: 'x' } })).status).toBe(428);
  });

  it('terminates with a reason; a second, different termination is 409', async () => {
    await sign('API-4');
    const done = await call('POST', '/projects/API-4/terminate', { body: { terminatedOn: '2025-06-01', reason: '投资方撤资' } });
    expect(done.body).toMatchObject({ status: 'terminated', terminationReason: '投资方撤资' });
    const again = await call('POST', '/projects/API-4/terminate', { body: { terminatedOn: '2025-06-02', reason: '投资方撤资' } });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].field).toBe('terminatedOn');
  });

  it('lists by status and district with a cursor', async () => {
    for (const id of ['LS-1', 'LS-2', 'LS-3']) await sign(id, { district: 'guannan' });
    const first = await call('GET', '/projects', { query: { district: 'guannan', status: 'signed', limit: '2' } });
    expect(first.body.items).toHaveLength(2);
    const second = await call('GET', '/projects', {
      query: { district: 'guannan', status: 'signed', limit: '2', cursor: first.body.nextCursor },
    });
    expect([...first.body.items, ...second.body.items].map((p: { projectId: string }) => p.projectId)).toEqual(['LS-1', 'LS-2', 'LS-3']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('finds projects by industry and by text in the name or investor', async () => {
    await sign('LQ-1', { district: 'guanyun', industry: 'tourism', name: '花果山文旅综合体' });
    await sign('LQ-2', { district: 'guanyun', industry: 'tourism', investor: 'Huaguo Tourism Ltd' });
    await sign('LQ-3', { district: 'guanyun', industry: 'logistics' });
    const tourism = await call('GET', '/projects', { query: { district: 'guanyun', industry: 'tourism' } });
    expect(tourism.body.items.map((p: { projectId: string }) => p.projectId)).toEqual(['LQ-1', 'LQ-2']);
    const byName = await call('GET', '/projects', { query: { q: '花果山' } });
    expect(byName.body.items.map((p: { projectId: string }) => p.projectId)).toEqual(['LQ-1']);
    const byInvestor = await call('GET', '/projects', { query: { q: 'HUAGUO', industry: 'tourism' } });
    expect(byInvestor.body.items.map((p: { projectId: string }) => p.projectId)).toEqual(['LQ-2']);
  });

  it('reads and sets targets, and serves a year of rollups with the targets', async () => {
    const targets = { signed: 1100, agreedInvestment: 420_000_000_000, leadingShare: 0.72, sameYearStartRate: 0.55 };
    expect((await call('PUT', '/targets/2025', { body: targets })).status).toBe(200);
    expect((await call('GET', '/targets/2025')).body).toEqual({ year: 2025, ...targets });
    const rollup = await call('GET', '/rollups/2025');
    expect(rollup.status).toBe(200);
    expect(rollup.body).toMatchObject({ year: 2025, targets, totals: { signed: expect.any(Number) } });
    expect(rollup.body.byDistrict).toHaveLength(10);
  });

  it('district targets show as each district’s completion against the time elapsed; the figures answer as of a past date', async () => {
    const targets = {
      ...LIANYUNGANG.defaultTargets,
      byDistrict: { haizhou: { signed: 120, agreedInvestment: 50_000_000_000 }, ganyu: { signed: 80 } },
    };
    expect((await call('PUT', '/targets/2025', { body: targets })).status).toBe(200);
    expect((await call('GET', '/targets/2025')).body).toEqual({ year: 2025, ...targets });
    const rollup = await call('GET', '/rollups/2025', { query: { asOf: '2025-03-31' } });
    expect(rollup.status).toBe(200);
    expect(rollup.body.asOfDate).toBe('2025-03-31');
    const row = (code: string) => rollup.body.byDistrict.find((d: { district: string }) => d.district === code);
    expect(row('haizhou').progress.signed).toMatchObject({ target: 120, pace: 0.25 });
    expect(row('ganyu').progress.agreedInvestment).toMatchObject({ target: null, completion: null, paceGap: null });
    expect(row('lianyun').progress.signed).toMatchObject({ target: null, completion: null });
    expect(rollup.body.totals.progress.signed).toMatchObject({ target: targets.signed, pace: 0.25 });
  });

  it('refuses a district target for no district, and an as-of date after today or not a date', async () => {
    const unknown = await call('PUT', '/targets/2025', {
      body: { ...LIANYUNGANG.defaultTargets, byDistrict: { atlantis: { signed: 1 } } },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'byDistrict.atlantis', rule: expect.stringMatching(/one of the city's districts/) }]);
    const later = await call('GET', '/rollups/2025', { query: { asOf: '2025-06-16' } });
    expect(later.status).toBe(422);
    expect(later.body.errors).toEqual([{ field: 'asOf', rule: expect.stringMatching(/not be after today \(2025-06-15/) }]);
    expect((await call('GET', '/rollups/2025', { query: { asOf: 'yesterday' } })).body.errors[0].field).toBe('asOf');
    // A record of district codes would drop a "__proto__" key without a word: it is refused, nothing stored.
    const reserved = await call('PUT', '/targets/2027', {
      rawBody: JSON.stringify({ ...LIANYUNGANG.defaultTargets, byDistrict: {} }).replace(
        '"byDistrict":{}',
        '"byDistrict":{"__proto__":{"signed":5}}',
      ),
    });
    expect(reserved.status).toBe(422);
    expect(reserved.body.errors).toEqual([{ field: 'byDistrict.__proto__', rule: 'is not a field the API accepts' }]);
    expect((await call('GET', '/targets/2027')).body).toEqual({ year: 2027, ...LIANYUNGANG.defaultTargets });
  });

  it.each(['0x7ea', '2026.0', '2e3', '99999', '1999'])('refuses the year %s in a path, naming the rule', async (year) => {
    const response = await call('GET', `/rollups/${year}`);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'year', rule: expect.stringMatching(/^must be a year/) }]);
  });
});

describe('foreign capital and size bands', () => {
  const dollars = (amount: number, fxRate = '7.10') => ({
    capitalSource: 'foreign',
    currency: 'USD',
    agreedInvestment: undefined,
    agreedInvestmentOriginal: amount,
    fxRate,
    fxRateOn: '2025-03-10',
  });
  const ids = (response: { body: { items: { projectId: string }[] } }) => response.body.items.map((p) => p.projectId);

  it('signs a project agreed in dollars: in scope at US$12M (¥85.2M at 7.10), its yuan computed; under US$10M or with a yuan figure is a 422', async () => {
    const created = await sign('FX-1', { district: 'yuntai', ...dollars(12_000_000) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      capitalSource: 'foreign',
      currency: 'USD',
      agreedInvestmentOriginal: 12_000_000,
      fxRate: '7.10',
      fxRateOn: '2025-03-10',
      agreedInvestment: 85_200_000,
      bands: ['B1'],
    });
    const small = await sign('FX-2', { district: 'yuntai', ...dollars(9_999_999) });
    expect(small.status).toBe(422);
    expect(small.body.errors).toEqual([{ field: 'agreedInvestmentOriginal', rule: expect.stringMatching(/at least 10000000 US dollars/) }]);
    const withYuan = await sign('FX-2', { district: 'yuntai', ...dollars(20_000_000), agreedInvestment: 142_000_000 });
    expect(withYuan.status).toBe(422);
    expect(withYuan.body.errors).toEqual([{ field: 'agreedInvestment', rule: expect.stringMatching(/is computed/) }]);
    const badRate = await sign('FX-2', { district: 'yuntai', ...dollars(20_000_000, '0.1408') });
    expect(badRate.status).toBe(422);
    expect(badRate.body.errors).toEqual([{ field: 'fxRate', rule: expect.stringMatching(/from 1 to 20 yuan per US dollar/) }]);
    expect(await projects.get('FX-2')).toBeNull();
    // A CNY request without the new fields is domestic and CNY, as before.
    expect((await sign('FX-3', { district: 'yuntai' })).body).toMatchObject({
      capitalSource: 'domestic',
      currency: 'CNY',
      agreedInvestmentOriginal: signInput().agreedInvestment,
    });
  });

  it('a corrected rate moves the yuan but never the dollar-judged band', async () => {
    await sign('FX-4', { district: 'yuntai', ...dollars(30_000_000) });
    const corrected = await call('PATCH', '/projects/FX-4', {
      body: { fxRate: '6.5', reason: '汇率更正' },
      headers: { 'if-match': '"1"' },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ agreedInvestment: 195_000_000, bands: ['B1', 'B5'], version: 2 });
  });

  it('lists by band (that band and above) and by capital source, projects stored before v3 read as domestic CNY', async () => {
    await sign('FB-1', { district: 'guannan', signedOn: '2024-05-01', agreedInvestment: 500_000_000 }); // ¥5亿: B5
    await sign('FB-2', { district: 'guannan', signedOn: '2024-05-02', agreedInvestment: 499_999_999 }); // B1
    await sign('FB-3', { district: 'guannan', signedOn: '2024-05-03', ...dollars(30_000_000) }); // US$30M: B5
    await sign('FB-4', { district: 'guannan', signedOn: '2024-05-04', ...dollars(29_999_999, '20') }); // ¥6亿 but B1
    // A project as stored before capital source, currency and bands existed.
    const {
      capitalSource: _c,
      currency: _u,
      agreedInvestmentOriginal: _o,
      bands: _b,
      ...old
    } = toProjectItem({
      ...signInput({ projectId: 'FB-5', district: 'guannan', signedOn: '2024-05-05', agreedInvestment: 1_000_000_000 }),
      agreedInvestment: 1_000_000_000,
      version: 1,
      updatedAt: NOW.toISOString(),
      updatedBy: 'clerk-1',
    });
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: old }));
    const list = (query: Record<string, string>) =>
      call('GET', '/projects', { query: { district: 'guannan', signedYear: '2024', ...query } });
    expect(ids(await list({ band: 'B5' }))).toEqual(['FB-1', 'FB-3', 'FB-5']);
    expect(ids(await list({ band: 'B10' }))).toEqual(['FB-5']);
    expect(ids(await list({ capitalSource: 'foreign' }))).toEqual(['FB-3', 'FB-4']);
    expect(ids(await list({ capitalSource: 'domestic' }))).toEqual(['FB-1', 'FB-2', 'FB-5']);
    expect(ids(await list({ capitalSource: 'foreign', band: 'B5' }))).toEqual(['FB-3']);
    expect((await call('GET', '/projects/FB-5')).body).toMatchObject({
      capitalSource: 'domestic',
      currency: 'CNY',
      bands: ['B1', 'B5', 'B10'],
    });
    const bad = await list({ band: 'B3', capitalSource: 'overseas' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['band', 'capitalSource']);
  });
});

describe('bad input: a 4xx naming the problem, nothing stored', () => {
  it.each([
    ['malformed JSON', { rawBody: '{"projectId": ' }, 400, /malformed-json/],
    ['wrong type', { body: { ...signInput({ projectId: 'BAD-1' }), agreedInvestment: 'a lot' } }, 422, /agreedInvestment/],
    ['unknown field', { body: { ...signInput({ projectId: 'BAD-2' }), isAdmin: true } }, 422, /isAdmin/],
    [
      'prototype pollution key',
      { rawBody: JSON.stringify({ ...signInput({ projectId: 'BAD-3' }) }).replace(/^\{/, '{"__proto__":{"polluted":1},') },
      422,
      /__proto__/,
    ],
    ['huge string', { body: { ...signInput({ projectId: 'BAD-4' }), name: 'x'.repeat(100_000) } }, 413, /body-too-large/],
    ['future date', { body: signInput({ projectId: 'BAD-5', signedOn: '2025-06-16' }) }, 422, /signedOn/],
    ['unknown district', { body: signInput({ projectId: 'BAD-6', district: 'pudong' }) }, 422, /district/],
    ['not JSON', { rawBody: 'projectId=x', headers: { 'content-type': 'text/plain' } }, 415, /unsupported-media-type/],
  ] as [string, RequestOptions, number, RegExp][])('%s → %s', async (_, options, status, pattern) => {
    const response = await call('POST', '/projects', options);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.stringify(response.body)).toMatch(pattern);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('list filters are checked: an unknown district, parameter or limit names the field', async () => {
    expect((await call('GET', '/projects', { query: { district: 'pudong' } })).body.errors).toEqual([
      { field: 'district', rule: expect.stringMatching(/configured districts/) },
    ]);
    expect((await call('GET', '/projects', { query: { sort: 'name' } })).body.errors).toEqual([
      { field: 'sort', rule: 'is not a known field' },
    ]);
    expect((await call('GET', '/projects', { query: { limit: '1000' } })).body.errors).toEqual([
      { field: 'limit', rule: expect.stringMatching(/100/) },
    ]);
    expect((await call('GET', '/projects', { query: { industry: 'mining' } })).body.errors).toEqual([
      { field: 'industry', rule: expect.stringMatching(/configured industries/) },
    ]);
    expect((await call('GET', '/projects', { query: { q: 'a\u0000b' } })).body.errors).toEqual([
      { field: 'q', rule: expect.stringMatching(/control character/) },
    ]);
    expect((await call('GET', '/projects', { query: { q: 'x'.repeat(101) } })).body.errors).toEqual([
      { field: 'q', rule: 'must be at most 100 characters' },
    ]);
  });

  it('SQL or script text in a name is stored as plain text, never interpreted', async () => {
    const name = "Robert'); DROP TABLE projects;-- <script>alert(1)</script>";
    expect((await sign('TXT-1', { name })).status).toBe(201);
    expect((await call('GET', '/projects/TXT-1')).body.name).toBe(name);
  });

  it('unknown routes are 404, known routes with the wrong method 405 with Allow', async () => {
    expect((await call('GET', '/nowhere')).status).toBe(404);
    const wrong = await call('DELETE', '/projects/API-1');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, PATCH');
  });

  it('an unknown project is 404; a malformed id is 422', async () => {
    expect((await call('GET', '/projects/NOPE-404')).status).toBe(404);
    expect((await call('POST', '/projects/NOPE-404/start', { body: { startedOn: '2025-05-01' } })).status).toBe(404);
    expect((await call('GET', '/projects/%24')).status).toBe(422);
  });

  it('no input produced a 500', () => {
    expect(serverErrors).toEqual([]);
  });
});

describe('authorization matrix: role × route × own / other district', () => {
  const roles: [string, string[] | null][] = [
    ['no claims', null],
    ['admin', ['admin']],
    ['bureau', ['bureau']],
    ['haizhou office', ['district:haizhou']],
    ['viewer', ['viewer']],
  ];
  // Each role acts on its own pair of projects, so one role's write does not change another's case.
  beforeAll(async () => {
    for (const i of roles.keys()) {
      await sign(`AUTH-HZ-${i}`, { district: 'haizhou' });
      await sign(`AUTH-GY-${i}`, { district: 'ganyu' });
    }
  });

  // expected status per role, in the order above
  const cases: [string, string, (i: number) => string, (i: number) => RequestOptions, number[]][] = [
    ['read own', 'GET', (i) => `/projects/AUTH-HZ-${i}`, () => ({}), [401, 200, 200, 200, 200]],
    ['list', 'GET', () => '/projects', () => ({}), [401, 200, 200, 200, 200]],
    ['rollups', 'GET', () => '/rollups/2025', () => ({}), [401, 200, 200, 200, 200]],
    ['targets', 'GET', () => '/targets/2025', () => ({}), [401, 200, 200, 200, 200]],
    [
      'sign own district',
      'POST',
      () => '/projects',
      (i) => ({ body: signInput({ projectId: `NEW-HZ-${i}`, district: 'haizhou' }) }),
      [401, 201, 201, 201, 403],
    ],
    [
      'sign other district',
      'POST',
      () => '/projects',
      (i) => ({ body: signInput({ projectId: `NEW-GY-${i}`, district: 'ganyu' }) }),
      [401, 201, 201, 403, 403],
    ],
    ['start own', 'POST', (i) => `/projects/AUTH-HZ-${i}/start`, () => ({ body: { startedOn: '2025-05-01' } }), [401, 200, 200, 200, 403]],
    [
      'start other',
      'POST',
      (i) => `/projects/AUTH-GY-${i}/start`,
      () => ({ body: { startedOn: '2025-05-01' } }),
      [401, 200, 200, 403, 403],
    ],
    [
      'produce own',
      'POST',
      (i) => `/projects/AUTH-HZ-${i}/produce`,
      () => ({ body: { producedOn: '2025-06-01' } }),
      [401, 200, 200, 200, 403],
    ],
    [
      'produce other',
      'POST',
      (i) => `/projects/AUTH-GY-${i}/produce`,
      () => ({ body: { producedOn: '2025-06-01' } }),
      [401, 200, 200, 403, 403],
    ],
    [
      'correct own',
      'PATCH',
      (i) => `/projects/AUTH-HZ-${i}`,
      () => ({ body: { responsibleUnit: '海州区招商局', reason: 'x' }, headers: { 'if-match': '"3"' } }),
      [401, 200, 200, 200, 403],
    ],
    [
      'correct other',
      'PATCH',
      (i) => `/projects/AUTH-GY-${i}`,
      () => ({ body: { responsibleUnit: '赣榆区招商局', reason: 'x' }, headers: { 'if-match': '"3"' } }),
      [401, 200, 200, 403, 403],
    ],
    [
      'move own to another district',
      'PATCH',
      (i) => `/projects/AUTH-HZ-${i}`,
      () => ({ body: { district: 'ganyu', reason: 'x' }, headers: { 'if-match': '"4"' } }),
      [401, 200, 200, 403, 403],
    ],
    [
      'terminate other',
      'POST',
      (i) => `/projects/AUTH-GY-${i}/terminate`,
      () => ({ body: { terminatedOn: '2025-06-10', reason: '撤资' } }),
      [401, 409, 409, 403, 403],
    ],
    ['set targets', 'PUT', () => '/targets/2031', () => ({ body: LIANYUNGANG.defaultTargets }), [401, 200, 200, 403, 403]],
    ['compose a digest', 'POST', () => '/digests', () => ({ body: { kind: 'monthly', asOf: '2025-06-01' } }), [401, 201, 200, 403, 403]],
    ['latest digest', 'GET', () => '/digests/latest', () => ({ query: { kind: 'monthly' } }), [401, 200, 200, 200, 200]],
    ['one period’s digest', 'GET', () => '/digests/monthly/2025-06', () => ({}), [401, 200, 200, 200, 200]],
  ];

  it.each(cases)('%s', async (_, method, path, options, expected) => {
    const seen: number[] = [];
    for (const [i, [, groups]] of roles.entries()) {
      seen.push((await call(method, path(i), { ...options(i), groups, sub: `user-${i}` })).status);
    }
    expect(seen).toEqual(expected);
  });

  it('every event records the acting user', async () => {
    await sign('ACTOR-1', {}, { sub: 'wang.li' });
    const got = await call('GET', '/projects/ACTOR-1');
    expect(got.body.history[0].actor).toBe('wang.li');
    expect(got.body.updatedBy).toBe('wang.li');
  });
});

describe('CSV import', () => {
  const header = '\uFEFF项目编号,项目名称,投资方,所在地区,产业,协议投资额（万元）,签约日期,计划开工日期\n';

  it('imports good rows, reports bad ones by row number, and a second import changes nothing', async () => {
    const csv =
      header +
      'CSV-1,港口物流园,甲公司,连云区,港航物流,"150,000",2025/1/8,2025/7/1\n' + // row 2: good
      'CSV-2,药业基地,乙公司,开发区,生物医药,9000,2025-02-01,\n' + // row 3: unknown district name, below floor
      'CSV-3,新能源项目,丙公司,gaoxin,new-energy,20000,2025-07-01,\n' + // row 4: future date
      'CSV-4,装备产业园,丁公司,赣榆区,高端装备,30000,2025-04-01,\n' + // row 5: good
      'CSV-1,港口物流园,甲公司,连云区,港航物流,150000,2025-01-08,2025-07-01\n'; // row 6: same as row 2
    const first = await call('POST', '/projects/import', { rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(first.status).toBe(200);
    expect(first.body.created).toEqual([
      { row: 2, projectId: 'CSV-1' },
      { row: 5, projectId: 'CSV-4' },
    ]);
    expect(first.body.unchanged).toEqual([{ row: 6, projectId: 'CSV-1' }]);
    expect(first.body.failed).toEqual([
      {
        row: 3,
        projectId: 'CSV-2',
        errors: [
          { field: 'district', rule: expect.stringMatching(/configured districts/) },
          { field: 'agreedInvestment', rule: expect.stringMatching(/at least/) },
        ],
      },
      { row: 4, projectId: 'CSV-3', errors: [{ field: 'signedOn', rule: expect.stringMatching(/after today/) }] },
    ]);
    expect((await call('GET', '/projects/CSV-1')).body).toMatchObject({
      agreedInvestment: 1_500_000_000,
      district: 'lianyun',
      industry: 'logistics',
    });

    const again = await call('POST', '/projects/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(again.body.created).toEqual([]);
    expect(again.body.unchanged.map((r: { row: number }) => r.row)).toEqual([2, 5, 6]);
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GBK), not only UTF-8', async () => {
    const gbk = readFileSync(join(import.meta.dirname, '../fixtures/spreadsheets/register-gbk.csv'));
    const imported = await call('POST', '/projects/import', { bytes: gbk, headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(200);
    expect(imported.body.failed).toEqual([]);
    expect(imported.body.created.map((r: { projectId: string }) => r.projectId)).toEqual(['GBK-1', 'GBK-2']);
    expect((await call('GET', '/projects/GBK-1')).body).toMatchObject({
      name: '盛虹炼化配套项目',
      district: 'xuwei',
      agreedInvestment: 1_250_000_000,
    });
  });

  it('a district office imports its own rows and gets a reason for the others', async () => {
    const csv = `${header}CSV-HZ,项目,甲,海州区,数字经济,20000,2025-03-01,\nCSV-GY,项目,乙,赣榆区,数字经济,20000,2025-03-01,\n`;
    const result = await call('POST', '/projects/import', {
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
      groups: ['district:haizhou'],
    });
    expect(result.body.created).toEqual([{ row: 2, projectId: 'CSV-HZ' }]);
    expect(result.body.failed).toEqual([
      { row: 3, projectId: 'CSV-GY', errors: [{ field: 'row', rule: 'you may not write projects of district ganyu' }] },
    ]);
  });

  it('refuses a body that is not CSV', async () => {
    expect((await call('POST', '/projects/import', { body: { a: 1 } })).status).toBe(415);
  });
});

describe('the city configuration', () => {
  it('names the districts, industries and limits a form checks with', async () => {
    const city = await call('GET', '/city', { groups: ['viewer'] });
    expect(city.body).toMatchObject({
      city: '连云港市',
      minAgreedInvestment: 100_000_000,
      maxAgreedInvestment: 1_000_000_000_000,
      earliestBusinessDate: '2000-01-01',
    });
    expect(city.body.districts).toContainEqual({ code: 'haizhou', name: '海州区' });
    expect(city.body.industries).toContainEqual({ code: 'pharma', name: '生物医药', leading: true });
    expect((await call('GET', '/city', { groups: [] })).status).toBe(403);
  });
});

describe('OpenAPI document', () => {
  it('is served without a token and documents every route the API answers', async () => {
    const doc = await call('GET', '/openapi.json', { groups: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual([
      'GET /city',
      'GET /digests/latest',
      'GET /digests/{kind}/{period}',
      'GET /imports/{importId}',
      'GET /openapi.json',
      'GET /problems',
      'GET /projects',
      'GET /projects/export.csv',
      'GET /projects/export.xlsx',
      'GET /projects/{id}',
      'GET /projects/{id}/problems/{problemId}',
      'GET /reports/{year}.xlsx',
      'GET /rollups/{year}',
      'GET /targets/{year}',
      'PATCH /projects/{id}',
      'PATCH /projects/{id}/problems/{problemId}',
      'POST /digests',
      'POST /imports',
      'POST /projects',
      'POST /projects/import',
      'POST /projects/{id}/problems',
      'POST /projects/{id}/problems/{problemId}/resolve',
      'POST /projects/{id}/produce',
      'POST /projects/{id}/start',
      'POST /projects/{id}/terminate',
      'PUT /targets/{year}',
    ]);
    // Each documented route exists: whatever the API answers, it is not "no such route" or "method".
    for (const route of documented) {
      const [method, path] = route.split(' ') as [string, string];
      const response = await call(
        method,
        path.replace('{id}', 'API-1').replace('{year}', '2025').replace('{problemId}', '01JZZZZZZZZZZZZZZZZZZZZZZZ'),
      );
      expect(String(response.body?.type), route).not.toMatch(/no-such-route|method-not-allowed/);
    }
    // The schemas are the handlers' own: the sign body requires what the API requires (the amount's
    // field follows the currency: agreedInvestment for CNY, agreedInvestmentOriginal for USD).
    expect(doc.body.components.schemas.SignProjectBody.required).toEqual([
      'projectId',
      'name',
      'investor',
      'district',
      'industry',
      'signedOn',
    ]);
    expect(doc.body.components.schemas.SignProjectBody.properties.fxRate).toMatchObject({ type: 'string', examples: ['7.10'] });
    expect(doc.body.components.schemas.SignProjectBody.properties.signedOn).toMatchObject({ type: 'string', format: 'date' });
  });
});

describe('digests', () => {
  it('composes a period once (201), returns the stored one after (200), recomposes with force (201)', async () => {
    const first = await call('POST', '/digests', { body: { kind: 'weekly', asOf: '2025-06-09' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'weekly', period: '2025-W24', asOf: '2025-06-09', year: 2025 });
    expect(first.body.leaderboard).toHaveLength(10);
    const again = await call('POST', '/digests', { body: { kind: 'weekly', asOf: '2025-06-10' } });
    expect(again.status).toBe(200);
    expect(again.body.asOf).toBe('2025-06-09');
    expect((await call('POST', '/digests', { body: { kind: 'weekly', asOf: '2025-06-10', force: true } })).status).toBe(201);
    expect((await call('GET', '/digests/latest', { query: { kind: 'weekly' } })).body).toMatchObject({
      period: '2025-W24',
      asOf: '2025-06-10',
    });
    // The period the robots' brief links to.
    const period = await call('GET', '/digests/weekly/2025-W24');
    expect(period.status).toBe(200);
    expect(period.body).toMatchObject({ kind: 'weekly', period: '2025-W24', asOf: '2025-06-10' });
    expect(period.body.renderings.brief).toMatch(/^# 项目推进周报（2025-W24/);
  });

  it('one period’s digest: a period of the kind’s form, 404 when none was composed', async () => {
    expect((await call('GET', '/digests/weekly/2025-W23')).status).toBe(404);
    expect((await call('GET', '/digests/weekly/2025-06')).body.errors).toEqual([
      { field: 'period', rule: 'must be a weekly period such as 2026-W02' },
    ]);
    expect((await call('GET', '/digests/monthly/2025-13')).body.errors).toEqual([
      { field: 'period', rule: 'must be a monthly period such as 2026-01' },
    ]);
    expect((await call('GET', '/digests/daily/2025-06')).body.errors[0].field).toBe('kind');
  });

  it('refuses a future asOf, an unknown kind, and answers 404 before any digest of a kind', async () => {
    expect((await call('POST', '/digests', { body: { kind: 'weekly', asOf: '2025-06-16' } })).body.errors).toEqual([
      { field: 'asOf', rule: expect.stringMatching(/after today/) },
    ]);
    expect((await call('POST', '/digests', { body: { kind: 'daily' } })).body.errors[0].field).toBe('kind');
    expect((await call('GET', '/digests/latest', { query: { kind: 'yearly' } })).status).toBe(422);
  });
});

describe('hostile bodies on every route that takes one', () => {
  const routes: [string, string, Record<string, string>][] = [
    ['POST', '/projects', {}],
    ['POST', '/projects/HOST-1/start', {}],
    ['POST', '/projects/HOST-1/produce', {}],
    ['POST', '/projects/HOST-1/terminate', {}],
    ['PATCH', '/projects/HOST-1', { 'if-match': '"1"' }],
    ['PUT', '/targets/2032', {}],
    ['POST', '/digests', {}],
  ];
  const bodies: [string, string][] = [
    ['malformed JSON', '{"a":'],
    ['an array', '[1,2,3]'],
    [
      'wrong types',
      JSON.stringify({ startedOn: 20250601, producedOn: true, terminatedOn: {}, reason: [], kind: 7, signed: '1000', projectId: 42 }),
    ],
    ['prototype pollution', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}'],
    [
      'script and SQL',
      JSON.stringify({ reason: '<script>alert(1)</script>', name: "'; DROP TABLE x;--", startedOn: "2025-01-01' OR '1'='1" }),
    ],
    ['a huge string', JSON.stringify({ reason: 'x'.repeat(70_000) })],
  ];

  beforeAll(async () => {
    await sign('HOST-1');
  });

  it.each(routes)('%s %s: every hostile body is a 4xx and nothing changes', async (method, path, headers) => {
    for (const [what, rawBody] of bodies) {
      const response = await call(method, path, { rawBody, headers });
      expect(response.status, `${what}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${what}`).toBeLessThan(500);
      expect(response.headers['content-type']).toBe('application/problem+json');
    }
    expect((await projects.get('HOST-1'))?.version).toBe(1);
    expect((await call('GET', '/targets/2032')).body).toEqual({ year: 2032, ...LIANYUNGANG.defaultTargets });
    expect(({} as Record<string, unknown>).isAdmin ?? ({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(serverErrors).toEqual([]);
  });
});

describe('hardening: each fault the review proved, refused', () => {
  const problemOf = (response: { body: { errors?: { field: string; rule: string }[] } }) => response.body.errors ?? [];

  it('1. an amount no project reaches (2^53 − 1 yuan, by API or CSV) is a 422 naming agreedInvestment', async () => {
    const response = await sign('HARD-1', { agreedInvestment: Number.MAX_SAFE_INTEGER });
    expect(response.status).toBe(422);
    expect(problemOf(response)).toEqual([{ field: 'agreedInvestment', rule: expect.stringMatching(/at most 1000000000000 yuan/) }]);
    const csv =
      '项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,签约日期\nHARD-1C,巨额项目,某公司,haizhou,pharma,90071992.54740991,2025-03-01\n';
    const imported = await call('POST', '/projects/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.body.failed).toEqual([
      { row: 2, projectId: 'HARD-1C', errors: [{ field: 'agreedInvestment', rule: expect.stringMatching(/at most/) }] },
    ]);
    expect(await projects.get('HARD-1')).toBeNull();
    expect(await projects.get('HARD-1C')).toBeNull();
  });

  it('1. a stored counter past 2^53 is an error naming the rollup, never a 0', async () => {
    const cohort = { view: 'signed' as const, year: 2031, scope: { kind: 'total' as const } };
    await rollups.adjust([
      { cohort, counters: { agreedInvestment: Number.MAX_SAFE_INTEGER } },
      { cohort, counters: { agreedInvestment: 10 } },
    ]);
    const before = serverErrors.length;
    const response = await call('GET', '/rollups/2031');
    expect(response.status).toBe(500);
    expect(response.body.agreedInvestment).toBeUndefined();
    expect(String(serverErrors.slice(before)[0])).toMatch(/ROLLUP#2031 ALL: counter agreedInvestment is 9007199254741001/);
    serverErrors.length = before;
  });

  it.each([
    ['name', { name: '项目\u0000名称' }, /control character \(U\+0000 at character 3\)/],
    ['investor', { investor: '某公司\r\n第二行' }, /control character \(U\+000D at character 4\)/],
    ['responsibleUnit', { responsibleUnit: '招商局\u2029' }, /paragraph separator \(U\+2029 at character 4\)/],
    ['name', { name: '\u202Egnp.exe' }, /bidirectional control character \(U\+202E at character 1\)/],
    ['investor', { investor: '\u2066公司\u2069' }, /bidirectional control character/],
    ['name', { name: '\u200B\u2060\u200B' }, /visible characters/],
  ])('2. free text that would rewrite screens is a 422 naming %s and the position', async (field, overrides, rule) => {
    const response = await sign('HARD-2', overrides);
    expect(response.status).toBe(422);
    expect(problemOf(response)).toEqual([{ field, rule: expect.stringMatching(rule) }]);
  });

  it('2. a lone surrogate (valid JSON escape) is refused; text is stored in NFC', async () => {
    const lone = await call('POST', '/projects', {
      rawBody: JSON.stringify(signInput({ projectId: 'HARD-2S' })).replace('年产', '\\ud800年产'),
    });
    expect(problemOf(lone)).toEqual([{ field: 'name', rule: expect.stringMatching(/lone surrogate \(U\+D800 at character 1\)/) }]);
    expect((await sign('HARD-2N', { name: 'Cafe\u0301 项目' })).body.name).toBe('Café 项目');
    const reason = await call('POST', '/projects/HARD-2N/terminate', { body: { terminatedOn: '2025-06-01', reason: '撤资\n\u0007' } });
    expect(problemOf(reason)).toEqual([{ field: 'reason', rule: expect.stringMatching(/U\+000A at character 3/) }]);
  });

  it('2. a body that is not UTF-8 is a 400, not text with U+FFFD stored in it', async () => {
    const gbk = Buffer.concat([
      Buffer.from(JSON.stringify(signInput({ projectId: 'HARD-2G' })).slice(0, -2)),
      Buffer.from([0xc4, 0xe3, 0xba, 0xc3]),
      Buffer.from('"}'),
    ]);
    const response = await call('POST', '/projects', { bytes: gbk, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ type: '/problems/malformed-utf8', detail: expect.stringMatching(/not valid UTF-8/) });
    const mangled = await sign('HARD-2F', { investor: '江苏\uFFFD\uFFFD公司' });
    expect(problemOf(mangled)).toEqual([{ field: 'investor', rule: expect.stringMatching(/U\+FFFD/) }]);
    expect(await projects.get('HARD-2G')).toBeNull();
  });

  it('3. dates from the year 100 and planned dates decades ahead are refused', async () => {
    expect(problemOf(await sign('HARD-3', { signedOn: '0100-01-01', plannedStartOn: undefined }))).toEqual([
      { field: 'signedOn', rule: 'must not be before 2000-01-01' },
    ]);
    expect(problemOf(await sign('HARD-3', { plannedStartOn: '2099-01-01' }))).toEqual([
      { field: 'plannedStartOn', rule: expect.stringMatching(/at most 10 years after signedOn/) },
    ]);
  });

  it('4. a group named "viewer admin" (or "viewer,bureau") grants nothing, though API Gateway flattens it to "[viewer admin]"', async () => {
    for (const group of ['viewer admin', 'viewer,bureau']) {
      const response = await sign('HARD-4', {}, { groups: [group] });
      expect(response.status, group).toBe(403);
    }
    expect(await projects.get('HARD-4')).toBeNull();
  });

  it('5. a forged cursor (a key attribute missing, extra or out of the query) is a 422, never a 500', async () => {
    for (const id of ['HARD-5A', 'HARD-5B', 'HARD-5C']) await sign(id, { district: 'guannan' });
    const first = await call('GET', '/projects', { query: { district: 'guannan', limit: '1' } });
    const cursor = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8'));
    const forge = (k: Record<string, string>) => Buffer.from(JSON.stringify({ ...cursor, k })).toString('base64url');
    const { PK: _pk, ...missing } = cursor.k;
    const forged = [
      forge(missing),
      forge({ ...cursor.k, extra: 'x' }),
      forge({ ...cursor.k, PK: 'PROJECT#SOMEONE-ELSE' }),
      forge({ ...cursor.k, GSI1SK: 'not-a-date' }),
    ];
    for (const c of forged) {
      const response = await call('GET', '/projects', { query: { district: 'guannan', limit: '1', cursor: c } });
      expect(response.status).toBe(422);
      expect(problemOf(response)).toEqual([{ field: 'cursor', rule: expect.stringMatching(/not a cursor/) }]);
    }
    const yearCursor = (await call('GET', '/projects', { query: { district: 'guannan', signedYear: '2025', limit: '1' } })).body.nextCursor;
    const other = JSON.parse(Buffer.from(yearCursor, 'base64url').toString('utf8'));
    const outOfYear = Buffer.from(
      JSON.stringify({ ...other, k: { ...other.k, GSI1SK: other.k.GSI1SK.replace('2025-', '2024-') } }),
    ).toString('base64url');
    expect(
      (await call('GET', '/projects', { query: { district: 'guannan', signedYear: '2025', limit: '1', cursor: outOfYear } })).status,
    ).toBe(422);
    expect((await call('GET', '/projects', { query: { district: 'guannan', limit: '1', cursor: first.body.nextCursor } })).status).toBe(
      200,
    );
    expect(serverErrors).toEqual([]);
  });

  it("6. a district office may not move its own project's signing or start into another year; the bureau may", async () => {
    await sign('HARD-6', { district: 'haizhou' });
    const office = { groups: ['district:haizhou'] };
    const moved = await call('PATCH', '/projects/HARD-6', {
      body: { signedOn: '2000-01-01', plannedStartOn: null, reason: '调整' },
      headers: { 'if-match': '"1"' },
      ...office,
    });
    expect(moved.status).toBe(403);
    expect(moved.body.detail).toMatch(
      /只有市局和管理员可以把签约日期改到另一年.*only the bureau and administrators may move signedOn into another year/,
    );
    expect((await projects.get('HARD-6'))?.signedOn).toBe('2025-03-10');
    const sameYear = await call('PATCH', '/projects/HARD-6', {
      body: { signedOn: '2025-01-05', reason: '按合同更正' },
      headers: { 'if-match': '"1"' },
      ...office,
    });
    expect(sameYear.status).toBe(200);
    const byBureau = await call('PATCH', '/projects/HARD-6', {
      body: { signedOn: '2024-12-30', reason: '合同签于上年' },
      headers: { 'if-match': '"2"' },
    });
    expect(byBureau.status).toBe(200);
  });

  it('7. the history is paged, newest first, with a bounded response', async () => {
    await sign('HARD-7');
    for (let v = 1; v <= 30; v++) {
      expect(
        (await call('PATCH', '/projects/HARD-7', { body: { name: `第${v}次更正`, reason: '更正' }, headers: { 'if-match': `"${v}"` } }))
          .status,
      ).toBe(200);
    }
    const first = await call('GET', '/projects/HARD-7');
    expect(first.body.history.map((h: { version: number }) => h.version)).toEqual(Array.from({ length: 20 }, (_, i) => 31 - i));
    expect(first.body.historyNextBefore).toBe(12);
    const rest = await call('GET', '/projects/HARD-7', { query: { historyBefore: '12', historyLimit: '100' } });
    expect(rest.body.history.map((h: { version: number }) => h.version)).toEqual(Array.from({ length: 11 }, (_, i) => 11 - i));
    expect(rest.body.historyNextBefore).toBeNull();
    expect((await call('GET', '/projects/HARD-7', { query: { historyLimit: '101' } })).body.errors).toEqual([
      { field: 'historyLimit', rule: expect.stringMatching(/100/) },
    ]);
  });

  it('12. only application/json (with parameters) is JSON; a refused digest says what was refused', async () => {
    const evil = await call('POST', '/projects', {
      body: signInput({ projectId: 'HARD-12' }),
      headers: { 'content-type': 'application/evil+json' },
    });
    expect(evil.status).toBe(415);
    expect(
      (
        await call('POST', '/projects', {
          body: signInput({ projectId: 'HARD-12' }),
          headers: { 'content-type': 'application/json; charset=utf-8' },
        })
      ).status,
    ).toBe(201);
    const digest = await call('POST', '/digests', { body: { kind: 'weekly' }, groups: ['district:haizhou'] });
    expect(digest.status).toBe(403);
    expect(digest.body.detail).toBe('only the bureau and administrators may compose digests');
  });
});
