// Spreadsheets through the API as API Gateway routes it (the spreadsheet routes to their function),
// against DynamoDB Local: exports read back with exceljs, the register round trip, the year's
// report against GET /rollups, and background imports with their worker.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signImportChunk } from '../../shared/commands/import-chunk';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { businessDateOf } from '../../shared/domain/dates';
import { XLSX_MEDIA_TYPE } from '../../shared/http/routes/spreadsheets';
import { FIGURE_COLUMNS } from '../../shared/spreadsheets/year-report';
import { DigestStore } from '../../shared/store/digest-store';
import { chunkOf, ImportStore } from '../../shared/store/import-store';
import { IMPORT_CHUNK_SK_PREFIX, importJobKey } from '../../shared/store/keys';
import { ProblemStore } from '../../shared/store/problem-store';
import { ProjectStore } from '../../shared/store/project-store';
import { RollupStore } from '../../shared/store/rollup-store';
import { NOW, signInput } from '../support/fixtures';
import { callThrough, createGatewayHandler } from '../support/gateway';
import type { RequestOptions } from '../support/http';
import { createTestTable } from '../support/table';

type Table = Awaited<ReturnType<typeof createTestTable>>;

/** The API over a fresh table, each response checked against the contract. */
async function system() {
  const table = await createTestTable();
  const projects = new ProjectStore(table.doc, table.tableName);
  const imports = new ImportStore(table.doc, table.tableName, () => NOW);
  const rollups = new RollupStore(table.doc, table.tableName, LIANYUNGANG);
  const api = createGatewayHandler({
    projects,
    problems: new ProblemStore(table.doc, table.tableName),
    rollups,
    digests: new DigestStore(table.doc, table.tableName),
    imports,
    config: LIANYUNGANG,
    now: () => NOW,
  });
  const call = (method: string, path: string, options: RequestOptions = {}) => callThrough(api, method, path, options);

  return { table, projects, imports, rollups, call };
}

let main: Awaited<ReturnType<typeof system>>;
const tables: Table[] = [];
beforeAll(async () => {
  main = await system();
  tables.push(main.table);
});
afterAll(async () => {
  for (const t of tables) await t.drop();
});

async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** Every cell of a sheet as exceljs reads it, row by row. */
function cellsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const xlsx = (bytes: Buffer, extra: RequestOptions = {}): RequestOptions => ({
  bytes,
  headers: { 'content-type': XLSX_MEDIA_TYPE },
  ...extra,
});

describe('the project list as a workbook', () => {
  beforeAll(async () => {
    const signs = [
      signInput({
        projectId: 'EX-1',
        name: '=HYPERLINK("http://x","y")',
        district: 'haizhou',
        agreedInvestment: 1_234_567_891,
        signedOn: '2025-03-01',
      }),
      signInput({
        projectId: 'EX-2',
        name: '港口物流园',
        district: 'ganyu',
        agreedInvestment: 150_000_000,
        signedOn: '2025-02-01',
        plannedStartOn: '2025-09-01',
      }),
      signInput({
        projectId: 'EX-3',
        name: '+药业基地',
        investor: '@某公司',
        district: 'haizhou',
        industry: 'pharma',
        agreedInvestment: 300_000_000,
        signedOn: '2024-11-20',
      }),
    ];
    for (const body of signs) expect((await main.call('POST', '/projects', { body })).status).toBe(201);
    expect((await main.call('POST', '/projects/EX-3/start', { body: { startedOn: '2025-01-10' } })).status).toBe(200);
  });

  it('one row per project with the bureau’s columns: amounts in 亿元 with two decimals, dates as dates, status in Chinese, header frozen, widths set', async () => {
    const response = await main.call('GET', '/projects/export.xlsx');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="projects-2025-06-15.xlsx"; filename*=UTF-8''${encodeURIComponent('项目清单-2025-06-15.xlsx')}`,
    );
    const sheet = (await workbookOf(response.body)).worksheets[0]!;
    expect(sheet.name).toBe('项目清单');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(2).width).toBeGreaterThan(20);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 13)).toEqual([
      '项目编号',
      '项目名称',
      '投资方',
      '所在地区',
      '产业',
      '协议投资额（亿元）',
      '资金来源',
      '币种',
      '协议投资额（万美元）',
      '汇率',
      '汇率日期',
      '签约日期',
      '计划开工日期',
    ]);
    const byId = new Map(
      cellsOf(sheet)
        .slice(1)
        .map((row) => [row[0], row]),
    );
    expect([...byId.keys()].sort()).toEqual(['EX-1', 'EX-2', 'EX-3']);
    const ex1 = sheet.getRow(cellsOf(sheet).findIndex((r) => r[0] === 'EX-1') + 1);
    expect(ex1.getCell(6).value).toBe(12.34567891);
    expect(ex1.getCell(6).numFmt).toBe('0.00');
    expect(ex1.getCell(header.indexOf('签约日期') + 1).value).toEqual(new Date('2025-03-01T00:00:00Z'));
    expect(ex1.getCell(4).value).toBe('海州区');
    expect(byId.get('EX-3')![header.indexOf('状态')]).toBe('开工');
    expect(byId.get('EX-2')![header.indexOf('状态')]).toBe('签约');
  });

  it('writes a name that looks like a formula as text, never as a formula (spreadsheet formula injection)', async () => {
    const sheet = (await workbookOf((await main.call('GET', '/projects/export.xlsx')).body)).worksheets[0]!;
    const rows = cellsOf(sheet);
    const at = (id: string) => sheet.getRow(rows.findIndex((r) => r[0] === id) + 1);
    const name = at('EX-1').getCell(2);
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.formula).toBeUndefined();
    expect(name.value).toBe('=HYPERLINK("http://x","y")');
    expect(at('EX-3').getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(at('EX-3').getCell(3).value).toBe('@某公司');
  });

  it('takes the list’s filters; a district office gets its own district, and may not export another’s', async () => {
    const ids = async (options: RequestOptions) => {
      const response = await main.call('GET', '/projects/export.xlsx', options);
      expect(response.status).toBe(200);
      return cellsOf((await workbookOf(response.body)).worksheets[0]!)
        .slice(1)
        .map((r) => r[0])
        .sort();
    };
    expect(await ids({ query: { status: 'started' } })).toEqual(['EX-3']);
    expect(await ids({ query: { signedYear: '2025', district: 'haizhou' } })).toEqual(['EX-1']);
    expect(await ids({ groups: ['district:haizhou'] })).toEqual(['EX-1', 'EX-3']);
    expect(await ids({ groups: ['viewer'] })).toEqual(['EX-1', 'EX-2', 'EX-3']);
    const refused = await main.call('GET', '/projects/export.xlsx', { groups: ['district:haizhou'], query: { district: 'ganyu' } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/own district/);
    const notAYear = await main.call('GET', '/projects/export.xlsx', { query: { signedYear: 'abc' } });
    expect(notAYear.body.errors).toEqual([{ field: 'signedYear', rule: 'must be a year such as 2026' }]);
    const bad = await main.call('GET', '/projects/export.xlsx', { query: { status: 'started', limit: '5' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ field: 'limit', rule: expect.any(String) }]);
  });

  it('as CSV: UTF-8 with a BOM, CRLF, a formula-like name behind a quote', async () => {
    const response = await main.call('GET', '/projects/export.csv', { query: { district: 'haizhou' } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = response.body.toString('utf8');
    expect(text.startsWith('\uFEFF项目编号,项目名称,')).toBe(true);
    expect(text).toContain('\r\n');
    expect(text).toContain(`EX-1,"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).toContain(',12.34567891,内资,人民币,,,,2025-03-01,');
  });

  it('round trip: the exported workbook imports into an empty table, whose export is the same workbook', async () => {
    const exported = (await main.call('GET', '/projects/export.xlsx', { query: { status: 'signed' } })).body;
    const empty = await system();
    tables.push(empty.table);
    const imported = await empty.call('POST', '/projects/import', xlsx(exported));
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ rows: 2, unchanged: [], failed: [] });
    const again = (await empty.call('GET', '/projects/export.xlsx')).body;
    expect(cellsOf((await workbookOf(again)).worksheets[0]!)).toEqual(cellsOf((await workbookOf(exported)).worksheets[0]!));
  });
});

describe('POST /projects/import with a workbook', () => {
  it('reads a register saved by a spreadsheet program: title row, merged cells, date cells, a code typed as a number', async () => {
    const fixture = readFileSync(join(import.meta.dirname, '../fixtures/spreadsheets/bureau-register.xlsx'));
    const result = await main.call('POST', '/projects/import', xlsx(fixture));
    expect(result.status).toBe(200);
    expect(result.body.rows).toBeGreaterThan(0);
    expect(result.body.created.length + result.body.failed.length).toBe(result.body.rows);
    const again = await main.call('POST', '/projects/import', xlsx(fixture));
    expect(again.body.created).toEqual([]);
    expect(again.body.unchanged).toEqual(result.body.created);
  });

  it('names a workbook sent as CSV, and refuses other types (415)', async () => {
    const workbook = (await main.call('GET', '/projects/export.xlsx')).body;
    const asCsv = await main.call('POST', '/projects/import', { bytes: workbook, headers: { 'content-type': 'text/csv' } });
    expect(asCsv.status).toBe(422);
    expect(asCsv.body.errors).toEqual([{ field: 'body', rule: expect.stringContaining(`send it as ${XLSX_MEDIA_TYPE}`) }]);
    const pdf = await main.call('POST', '/projects/import', { bytes: workbook, headers: { 'content-type': 'application/pdf' } });
    expect(pdf.status).toBe(415);
    expect(pdf.body.detail).toContain(XLSX_MEDIA_TYPE);
  });

  it('sends a register of more than 2,000 rows to POST /imports', async () => {
    const rows = Array.from({ length: 2_001 }, (_, i) => `BIG-${i},项目,投资方,haizhou,pharma,20000,2025-03-01`);
    const csv = `projectId,name,investor,district,industry,agreedInvestment（万元）,signedOn\n${rows.join('\n')}\n`;
    const response = await main.call('POST', '/projects/import', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(response.status).toBe(413);
    expect(response.body.detail).toMatch(/2001 data rows.*POST \/imports/);
    expect(await main.projects.get('BIG-0')).toBeNull();
  });
});

describe('background imports', () => {
  /** The import worker, as the stream would run it: every chunk, each delivered twice. */
  async function runWorker(importId: string): Promise<void> {
    const { Items } = await main.table.doc.send(
      new QueryCommand({
        TableName: main.table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :chunk)',
        ExpressionAttributeValues: { ':pk': importJobKey(importId).PK, ':chunk': IMPORT_CHUNK_SK_PREFIX },
      }),
    );
    for (const item of Items ?? []) {
      const deps = { projects: main.projects, imports: main.imports, config: LIANYUNGANG, now: () => NOW };
      expect(await signImportChunk(chunkOf(item), deps)).toBe('signed');
      expect(await signImportChunk(chunkOf(item), deps)).toBe('repeat');
    }
  }

  const register = (rows: number) =>
    `项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,签约日期\n${Array.from({ length: rows }, (_, i) =>
      i === 7
        ? `BG-${i},项目${i},投资方,不存在区,石化,2,2025-03-01`
        : `BG-${i},项目${i},投资方,${i % 2 ? '海州区' : '赣榆区'},石化,${(100 + i) / 100},2025-03-01`,
    ).join('\n')}\n`;

  it('accepts the file at once (202), signs it in chunks, and reports progress and every row’s result; again, nothing changes', async () => {
    const csv = register(250);
    const accepted = await main.call('POST', '/imports', {
      rawBody: csv,
      headers: { 'content-type': 'text/csv' },
      query: { fileName: '十二月台账.csv' },
      sub: 'clerk-7',
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'running', rows: 250, processed: 0, fileName: '十二月台账.csv', createdBy: 'clerk-7' });
    const location = accepted.headers.location as string;
    expect(location).toBe(`/imports/${accepted.body.importId}`);
    expect((await main.call('GET', location, { sub: 'clerk-7' })).body).toMatchObject({
      status: 'running',
      processed: 0,
      results: { created: [] },
    });

    await runWorker(accepted.body.importId);
    // While it runs the web app asks for the counts alone: no row's result is read or sent.
    expect((await main.call('GET', location, { sub: 'clerk-7', query: { results: 'none' } })).body).toMatchObject({
      status: 'done',
      processed: 250,
      results: { created: [], unchanged: [], failed: [] },
    });
    const done = await main.call('GET', location, { sub: 'clerk-7' });
    expect(done.body).toMatchObject({ status: 'done', rows: 250, processed: 250, created: 249, unchanged: 0, failed: 1 });
    expect(done.body.results.created).toHaveLength(249);
    expect(done.body.results.created[0]).toEqual({ row: 2, projectId: 'BG-0' });
    expect(done.body.results.failed).toEqual([
      { row: 9, projectId: 'BG-7', errors: [{ field: 'district', rule: expect.stringMatching(/configured districts/) }] },
    ]);
    expect(await main.projects.get('BG-249')).toMatchObject({ district: 'haizhou', agreedInvestment: 349_000_000 });
    expect(done.body.resultsNextAfter).toBeNull();
    const later = await main.call('GET', location, { sub: 'clerk-7', query: { after: '200' } });
    expect(later.body.results.created.map((r: { row: number }) => r.row)).toEqual(Array.from({ length: 51 }, (_, i) => 201 + i));

    const again = await main.call('POST', '/imports', { rawBody: csv, headers: { 'content-type': 'text/csv' }, sub: 'clerk-7' });
    await runWorker(again.body.importId);
    expect((await main.call('GET', `/imports/${again.body.importId}`, { sub: 'clerk-7' })).body).toMatchObject({
      status: 'done',
      created: 0,
      unchanged: 249,
      failed: 1,
    });
  });

  it('two imports of one file at once: each row created by one and unchanged for the other, none failed by the race', async () => {
    const csv = register(220).replaceAll('BG-', 'RACE-');
    const [a, b] = await Promise.all(
      [1, 2].map(() => main.call('POST', '/imports', { rawBody: csv, headers: { 'content-type': 'text/csv' }, sub: 'clerk-8' })),
    );
    await Promise.all([runWorker(a!.body.importId), runWorker(b!.body.importId)]);
    const [doneA, doneB] = await Promise.all([a, b].map((x) => main.call('GET', `/imports/${x!.body.importId}`, { sub: 'clerk-8' })));
    expect(doneA!.body.failed + doneB!.body.failed).toBe(2); // the bad district row, in each
    expect(doneA!.body.created + doneB!.body.created).toBe(219);
    expect(doneA!.body.unchanged + doneB!.body.unchanged).toBe(219);
  });

  it('signs with the importer’s rights: a district office’s rows of another district fail', async () => {
    const accepted = await main.call('POST', '/imports', {
      rawBody: register(4),
      headers: { 'content-type': 'text/csv' },
      groups: ['district:haizhou'],
      sub: 'hz-1',
    });
    await runWorker(accepted.body.importId);
    const done = await main.call('GET', `/imports/${accepted.body.importId}`, { groups: ['district:haizhou'], sub: 'hz-1' });
    expect(done.body.results.failed.map((f: { projectId: string }) => f.projectId)).toEqual(['BG-0', 'BG-2']);
    expect(done.body.results.failed[0].errors).toEqual([{ field: 'row', rule: 'you may not write projects of district ganyu' }]);
  });

  it('is read by whoever started it and by the bureau; an unknown id is a 404, a malformed one a 422', async () => {
    const accepted = await main.call('POST', '/imports', {
      rawBody: register(2),
      headers: { 'content-type': 'text/csv' },
      groups: ['district:haizhou'],
      sub: 'hz-2',
    });
    const path = `/imports/${accepted.body.importId}`;
    expect((await main.call('GET', path, { groups: ['district:haizhou'], sub: 'hz-3' })).status).toBe(403);
    expect((await main.call('GET', path, { groups: ['bureau'], sub: 'boss' })).status).toBe(200);
    expect((await main.call('GET', '/imports/01JZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
    const malformed = await main.call('GET', '/imports/nope');
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([{ field: 'importId', rule: expect.stringMatching(/import id/) }]);
    expect(
      (await main.call('POST', '/imports', { rawBody: 'x', headers: { 'content-type': 'text/csv' }, groups: ['viewer'] })).status,
    ).toBe(403);
  });

  it('refuses at once a file that cannot be read or has no data rows', async () => {
    const empty = await main.call('POST', '/imports', { rawBody: `${register(0).trim()}\n`, headers: { 'content-type': 'text/csv' } });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ field: 'body', rule: expect.stringMatching(/no data rows/) }]);
    const broken = await main.call('POST', '/imports', xlsx(Buffer.from('PK\u0003\u0004 not really a zip')));
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0]).toMatchObject({ field: 'body', rule: expect.stringMatching(/not a readable \.xlsx/) });
  });
});

describe('the year’s report workbook', () => {
  // 内资 and 外资, in yuan and in dollars, imported as a register keeps them (both amount columns in one sheet).
  const INVESTMENT_REGISTER = [
    '项目编号,项目名称,投资方,所在地区,产业,资金来源,币种,协议投资额（亿元）,协议投资额（万美元）,汇率,汇率日期,签约日期',
    'FX-1,外资新材料项目,某(香港)投资有限公司,海州区,新材料,港澳台,美元,,3000,7.10,2025-03-31,2025-04-01',
    'FX-2,外资医药项目,某外资药业,海州区,生物医药,外资,,,10000,7.1234,,2025-05-06',
    'FX-3,外资石化项目,某外资公司,赣榆区,石化,外资,人民币,12.5,,,,2025-02-01',
    'FX-4,内资装备项目,某公司,赣榆区,高端装备,内资,人民币,5,,,,2025-02-02',
    'FX-5,差一美元的项目,某外资公司,赣榆区,新能源,外资,美元,,999.9999,7.1,2025-04-30,2025-05-01',
  ].join('\n');

  it('imports 内资 and 外资 rows, and the exported list of them imports back as unchanged', async () => {
    const csv = (rawBody: string) => ({ rawBody, headers: { 'content-type': 'text/csv' } });
    const imported = await main.call('POST', '/projects/import', csv(`${INVESTMENT_REGISTER}\n`));
    expect(imported.status).toBe(200);
    expect(imported.body.created.map((r: { projectId: string }) => r.projectId)).toEqual(['FX-1', 'FX-2', 'FX-3', 'FX-4']);
    expect(imported.body.failed).toEqual([
      {
        row: 6,
        projectId: 'FX-5',
        errors: [{ field: 'agreedInvestmentOriginal', rule: 'must be at least 10000000 US dollars (1000 万美元)' }],
      },
    ]);
    expect(await main.projects.get('FX-1')).toMatchObject({
      capitalSource: 'foreign',
      currency: 'USD',
      agreedInvestmentOriginal: 30_000_000,
      agreedInvestment: 213_000_000,
      fxRate: '7.10',
      fxRateOn: '2025-03-31',
    });
    // 汇率日期 empty: the 签约日期; US$100,000,000 × 7.1234.
    expect(await main.projects.get('FX-2')).toMatchObject({ currency: 'USD', agreedInvestment: 712_340_000, fxRateOn: '2025-05-06' });

    const exported = await main.call('GET', '/projects/export.xlsx', { query: { district: 'ganyu' } });
    const again = await main.call('POST', '/projects/import', xlsx(exported.body));
    expect(again.body.created).toEqual([]);
    expect(again.body.failed).toEqual([]);
    expect(again.body.unchanged.map((r: { projectId: string }) => r.projectId)).toEqual(expect.arrayContaining(['FX-3', 'FX-4']));
    const exportedCsv = await main.call('GET', '/projects/export.csv', { query: { district: 'haizhou', signedYear: '2025' } });
    expect(exportedCsv.body.toString('utf8')).toContain(',2.13,外资,美元,3000.00,7.10,2025-03-31,2025-04-01,');
    const againCsv = await main.call('POST', '/projects/import', {
      rawBody: exportedCsv.body.toString('utf8'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(againCsv.body.failed).toEqual([]);
    expect(againCsv.body.created).toEqual([]);
    expect(againCsv.body.unchanged.map((r: { projectId: string }) => r.projectId)).toEqual(
      expect.arrayContaining(['FX-1', 'FX-2', 'EX-1']),
    );

    // The export takes the list's band and capital-source filters: exactly the rows GET /projects lists.
    const filters: Record<string, string>[] = [{ band: 'B5' }, { capitalSource: 'foreign' }, { capitalSource: 'domestic', band: 'B10' }];
    for (const query of filters) {
      const listed = await main.call('GET', '/projects', { query: { ...query, limit: '100' } });
      const sheet = (await workbookOf((await main.call('GET', '/projects/export.xlsx', { query })).body)).worksheets[0]!;
      const ids = sheet.getColumn(1).values.slice(2).map(String);
      expect(ids.sort(), JSON.stringify(query)).toEqual(listed.body.items.map((p: { projectId: string }) => p.projectId).sort());
    }
    expect((await main.call('GET', '/projects/export.csv', { query: { capitalSource: 'foreign' } })).body.toString('utf8')).not.toContain(
      '内资',
    );
  });

  it('has the six sheets, and its figures are GET /rollups/{year}’s', async () => {
    // Haizhou's own target; the other districts have none (their completion is empty).
    const targets = (await main.call('GET', '/targets/2025')).body;
    const { year: _year, ...cityTargets } = targets;
    const put = await main.call('PUT', '/targets/2025', { body: { ...cityTargets, byDistrict: { haizhou: { signed: 4 } } } });
    expect(put.status).toBe(200);
    expect((await main.call('POST', '/projects/EX-2/start', { body: { startedOn: '2025-06-01' } })).status).toBe(200);
    // The rollups as the pipeline keeps them: every event of the table applied.
    const events = await main.projects.eventsPostedOn(businessDateOf(NOW));
    await main.rollups.applyBatch(events.map((e) => e.detail));
    const view = (await main.call('GET', '/rollups/2025')).body;
    expect(view.totals.signed).toBeGreaterThan(0);

    const response = await main.call('GET', '/reports/2025.xlsx', { groups: ['viewer'] });
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('连云港市2025年招商项目报表.xlsx'));
    const workbook = await workbookOf(response.body);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['总表', '分县区', '新签约项目情况表', '分产业', '月度', '项目清单']);

    const districts = cellsOf(workbook.getWorksheet('分县区')!);
    const header = districts[0] as string[];
    // Every figure of every district, as the rollups give it (yuan in 亿元; an empty rate, no cell).
    for (const d of view.byDistrict as (Record<string, number | null> & { name: string })[]) {
      const row = districts.find((r) => r.includes(d.name))!;
      for (const column of FIGURE_COLUMNS) {
        const figure = d[column.key] as number | null;
        const expected = figure === null ? undefined : column.kind === 'yi' ? figure / 100_000_000 : figure;
        expect(row[header.indexOf(column.header)], `${d.name} ${column.header}`).toBe(expected);
      }
    }
    expect(view.byDistrict.some((d: { startedSameYear: number }) => d.startedSameYear > 0)).toBe(true);
    const list = cellsOf(workbook.getWorksheet('项目清单')!).slice(1);
    expect(list).toHaveLength(view.totals.signed);

    // 新签约项目情况表: under its two header rows, each district (configuration order) and 合计, the rollups' figures.
    const signings = cellsOf(workbook.getWorksheet('新签约项目情况表')!);
    const yi = (units: number) => Number((BigInt(units) * 100n + 50_000_000n) / 100_000_000n) / 100;
    type Row = {
      name?: string;
      signed: number;
      agreedInvestment: number;
      domestic: { count: number; agreedInvestment: number };
      foreign: { count: number; agreedUsd: number };
      bands: Record<'B1' | 'B5' | 'B10', { count: number }>;
      progress: { signed: { target: number | null; completion: number | null } };
    };
    const expectedRow = (name: string, r: Row) => [
      name,
      r.signed,
      yi(r.agreedInvestment),
      r.domestic.count,
      yi(r.domestic.agreedInvestment),
      r.foreign.count,
      yi(r.foreign.agreedUsd),
      r.bands.B1.count,
      r.bands.B5.count,
      r.bands.B10.count,
      r.progress.signed.target ?? undefined,
      r.progress.signed.completion ?? undefined,
    ];
    const trim = (row: unknown[]) => Array.from({ length: 12 }, (_, i) => row[i]);
    const districtRows = signings.slice(3, 3 + LIANYUNGANG.districts.length);
    expect(districtRows.map((r) => r[0])).toEqual(LIANYUNGANG.districts.map((d) => d.name));
    for (const [i, d] of (view.byDistrict as (Row & { name: string })[]).entries()) {
      expect(trim(districtRows[i]!), d.name).toEqual(expectedRow(d.name, d));
    }
    expect(trim(signings[3 + LIANYUNGANG.districts.length]!)).toEqual(expectedRow('合计', view.totals));
    // The imported 外资: US$30M (B5) and US$100M (B10) in Haizhou, 外资 in yuan in Ganyu.
    const haizhou = view.byDistrict.find((d: { district: string }) => d.district === 'haizhou') as Row;
    expect(haizhou.foreign).toMatchObject({ count: 2, agreedUsd: 130_000_000 });
    expect(haizhou.progress.signed.target).toBe(4);
    expect(districtRows[LIANYUNGANG.districts.findIndex((d) => d.code === 'haizhou')]![6]).toBe(1.3);
    expect(view.totals.bands.B10.count).toBeGreaterThan(0);
  });

  it('a malformed year is a 422 naming it', async () => {
    const response = await main.call('GET', '/reports/20x5.xlsx');
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'year', rule: expect.any(String) }]);
  });
});
