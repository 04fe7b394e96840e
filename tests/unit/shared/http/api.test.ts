// The API with DynamoDB mocked: faults the client did not cause.
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { gatewayPath, routeTable, servedByOf } from '../../../../shared/http/api';
import { createApiHandler } from '../../../../shared/http/api-handler';
import { pathParamsOf } from '../../../../shared/http/router';
import { historyWithin } from '../../../../shared/http/routes/projects';
import { createSpreadsheetsHandler, resultsWithin } from '../../../../shared/http/routes/spreadsheets';
import { workbooks } from '../../../../shared/spreadsheets/workbooks';
import { createDocumentClient } from '../../../../shared/store/client';
import { ProjectStore } from '../../../../shared/store/project-store';
import { ProblemStore } from '../../../../shared/store/problem-store';
import { DigestStore } from '../../../../shared/store/digest-store';
import { ImportStore } from '../../../../shared/store/import-store';
import { RollupStore } from '../../../../shared/store/rollup-store';
import { NOW, signInput } from '../../../support/fixtures';
import { apiEvent } from '../../../support/http';

const ddb = mockClient(DynamoDBDocumentClient);
const logged: unknown[] = [];
const doc = createDocumentClient();
const deps = {
  projects: new ProjectStore(doc, 'pipeline'),
  problems: new ProblemStore(doc, 'pipeline'),
  rollups: new RollupStore(doc, 'pipeline', LIANYUNGANG),
  digests: new DigestStore(doc, 'pipeline'),
  imports: new ImportStore(doc, 'pipeline'),
  config: LIANYUNGANG,
  now: () => NOW,
  onServerError: (e: unknown) => logged.push(e),
};
const api = createApiHandler(deps);

beforeEach(() => {
  ddb.reset();
  logged.length = 0;
});

describe('API faults', () => {
  it('a database fault is a 500 problem that reveals nothing, and is logged', async () => {
    ddb.on(GetCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.7:443 (table arn:aws:dynamodb:cn-north-1:123:table/pipeline)'));
    const response = await api(apiEvent('GET', '/projects/P-001'), {} as Context);
    expect(response.statusCode).toBe(500);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    expect(response.body).not.toMatch(/ECONNREFUSED|arn:|10\.0\.0\.7/);
    expect(logged).toHaveLength(1);
  });

  it('a sign writes one transaction with the caller as actor', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const response = await api(apiEvent('POST', '/projects', { body: signInput(), sub: 'zhang.san' }), {} as Context);
    expect(response.statusCode).toBe(201);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const event = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![1]!.Put!.Item!;
    expect(event.detail).toMatchObject({ actor: 'zhang.san', version: 1 });
  });
});

describe('behind API Gateway', () => {
  it('reads path parameters from its own route, not the gateway’s {proxy+} (which named them "proxy": a 422 on every route)', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    const event = { ...apiEvent('GET', '/projects/P-001'), routeKey: 'GET /{proxy+}', pathParameters: { proxy: 'projects/P-001' } };
    const response = await api(event, {} as Context);
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body!).detail).toMatch(/P-001/);
  });

  it('reads a year from a path segment the gateway gives whole (/reports/{year} for /reports/{year}.xlsx)', () => {
    expect(pathParamsOf('/reports/{year}.xlsx', '/reports/2026.xlsx')).toEqual({ year: '2026' });
    expect(pathParamsOf('/projects/{id}/problems/{problemId}', '/projects/P-1/problems/01J/')).toEqual({ id: 'P-1', problemId: '01J' });
    expect(gatewayPath('/reports/{year}.xlsx')).toBe('/reports/{year}');
    expect(gatewayPath('/projects/{id}/problems/{problemId}')).toBe('/projects/{id}/problems/{problemId}');
  });

  it('sends the spreadsheet routes to the spreadsheets function and every other request to the api', () => {
    const servedBy = servedByOf(routeTable(LIANYUNGANG));
    expect(servedBy('GET', '/projects/export.xlsx')).toBe('spreadsheets');
    expect(servedBy('GET', '/reports/2026.xlsx')).toBe('spreadsheets');
    expect(servedBy('POST', '/projects/import')).toBe('spreadsheets');
    expect(servedBy('GET', '/projects/import')).toBe('api');
    expect(servedBy('GET', '/projects/P-1')).toBe('api');
    expect(servedBy('GET', '/rollups/2026')).toBe('api');
  });

  it('each function has a route for every request the route table sends it', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    const spreadsheets = createSpreadsheetsHandler(deps, async () => workbooks);
    const handlers = { api, spreadsheets };
    const table = routeTable(LIANYUNGANG);
    expect(new Set(table.map((r) => r.servedBy))).toEqual(new Set(Object.keys(handlers)));
    for (const { method, path, servedBy } of table) {
      // A sample path for the route: its variables filled in (a malformed one is still the route's 422).
      const response = await handlers[servedBy](apiEvent(method, path.replace(/\{[^}]+\}/g, '1')), {} as Context);
      const problem = (response.statusCode ?? 200) >= 400 ? JSON.parse(response.body!).type : '';
      expect(problem, `${servedBy}: ${method} ${path}`).not.toMatch(/no-such-route|method-not-allowed/);
    }
  });
});

describe('an import in one request', () => {
  const spreadsheets = createSpreadsheetsHandler(deps, async () => workbooks);
  const header = '项目编号,项目名称,投资方,所在地区,产业,协议投资额（万元）,签约日期\n';
  const register = (rows: number) =>
    header + Array.from({ length: rows }, (_, i) => `BULK-${i},项目${i},投资方${i},海州区,石化,${10_000 + i},2025-03-01`).join('\n');

  it('takes 2,000 rows, the most one request takes, each signed in its own transaction (how fast: bench/store-costs.ts)', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).resolves({});
    const event = apiEvent('POST', '/projects/import', { rawBody: register(2000), headers: { 'content-type': 'text/csv' } });
    const response = await spreadsheets(event, {} as Context);
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body!);
    expect(body).toMatchObject({ rows: 2000, failed: [], unchanged: [] });
    expect(body.created).toHaveLength(2000);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2000);
  });
});

describe('an import’s results within Lambda’s response limit', () => {
  it('pages the rows in row order across outcomes, at least one a page, each page starting after the last', () => {
    const results = {
      created: [
        { row: 2, projectId: 'A' },
        { row: 5, projectId: 'B' },
      ],
      unchanged: [{ row: 3, projectId: 'C' }],
      failed: [{ row: 4, projectId: 'D', errors: [{ field: 'name', rule: 'x'.repeat(100) }] }],
    };
    expect(resultsWithin(results, 0, 10_000_000)).toEqual({ page: results, nextAfter: null });
    const first = resultsWithin(results, 0, 80);
    expect(first).toEqual({
      page: { created: [{ row: 2, projectId: 'A' }], unchanged: [{ row: 3, projectId: 'C' }], failed: [] },
      nextAfter: 3,
    });
    expect(resultsWithin(results, 3, 80)).toEqual({ page: { created: [], unchanged: [], failed: results.failed }, nextAfter: 4 });
    expect(resultsWithin(results, 4, 80)).toEqual({
      page: { created: [{ row: 5, projectId: 'B' }], unchanged: [], failed: [] },
      nextAfter: null,
    });
  });
});

describe('a project page within Lambda’s response limit', () => {
  it('keeps the newest events that fit, at least one, and the next page starts where it was cut', () => {
    const entries = [5, 4, 3, 2, 1].map((version) => ({ version, text: 'x'.repeat(100) }));
    const size = Buffer.byteLength(JSON.stringify(entries[0])) + 1;
    expect(historyWithin(entries, null, 2 + size * 5)).toEqual({ entries, nextBefore: null });
    expect(historyWithin(entries, null, 2 + size * 2)).toEqual({ entries: entries.slice(0, 2), nextBefore: 4 });
    expect(historyWithin(entries, 1, 10)).toEqual({ entries: entries.slice(0, 1), nextBefore: 5 });
  });
});
