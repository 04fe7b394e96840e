// Spreadsheets in and out: import a register (CSV or .xlsx), export the project list (.xlsx, CSV),
// and the year's report workbook. The spreadsheets function serves these routes; the libraries that
// read and write workbooks come in as a loader of `Workbooks`: the api function, which lists these
// routes in its OpenAPI document but never serves them, does not bundle them, and the spreadsheets
// function loads them on its first import or export, not at init.
import * as z from 'zod';
import { ALERT_LEVELS } from '../../../events';
import { businessDateOf, yearOf } from '../../domain/dates';
import { ValidationError } from '../../domain/errors';
import { rowFaults, signRow } from '../../commands/import-chunk';
import { composeRollupView, type RollupView } from '../../domain/rollup-view';
import type { CityConfig } from '../../domain/city-config';
import { FreeText } from '../../domain/text';
import { STATUSES, type ProjectSnapshot, type SignInput } from '../../domain/project';
import { importRows, type ImportOptions, type ImportRow } from '../../spreadsheets/table-import';
import { MAX_REGISTER_ROWS, type ImportResult } from '../../domain/register-row';
import type { ImportJob } from '../../store/import-store';
import { BANDS, CAPITAL_SOURCES } from '../../domain/investment';
import type { ListQuery } from '../../store/project-store';
import { ForbiddenError, type Principal } from '../auth';
import { HttpProblem } from '../problem';
import { json } from '../request';
import { route, type ApiResult, type FileBody, type Route, type RouteInput } from '../route';
import { createRouteHandler } from '../router';
import { codeSchemas } from './projects';
import { type ApiDependencies, routeContext, type RouteContext, YearSchema } from './context';

export const CSV_MEDIA_TYPE = 'text/csv';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What reads and writes spreadsheets (shared/spreadsheets/workbooks.ts): given to the spreadsheets function only, as a loader. */
export interface Workbooks {
  /** A CSV (UTF-8 or GBK) or .xlsx file → one row per data row, each a sign command or its faults. */
  readRegister(file: FileBody, config: CityConfig, options: ImportOptions): Promise<ImportRow[]>;
  projectListXlsx(projects: readonly ProjectSnapshot[], config: CityConfig, today: string): Promise<Buffer>;
  projectListCsv(projects: readonly ProjectSnapshot[], config: CityConfig, today: string): string;
  yearReportXlsx(view: RollupView, projects: readonly ProjectSnapshot[], config: CityConfig): Promise<Buffer>;
}

/** A file's bytes as Lambda returns them: base64, which API Gateway decodes for the client. */
export function fileResponse(bytes: Buffer, mediaType: string, fileName: string, asciiName: string): ApiResult {
  // RFC 6266: an ASCII name for old clients, the real (Chinese) one in filename*.
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    statusCode: 200,
    headers: {
      'content-type': mediaType,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
    },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * A 20,000-row register is about 3 MB as CSV, 1 MB as .xlsx. Lambda takes 6 MB, base64 included:
 * a body that is not UTF-8 text (a workbook, a GBK CSV) comes base64-encoded, 4 MiB as 5.3 MB.
 */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** What one request can sign within API Gateway's 29 s, with room to spare (about 4,000 fit). */
export const MAX_IMPORT_ROWS = 2_000;
/**
 * Rows an export holds at most: a 20,000-row workbook is about 1.1 MB (1.5 MB as base64), a CSV
 * about 4 MB, within Lambda's 6 MB response. The city signs about 1,000 projects a year.
 */
export const MAX_EXPORT_ROWS = MAX_REGISTER_ROWS;

const FILE_BODY = {
  type: 'file',
  mediaTypes: [CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE],
  maxBytes: MAX_FILE_BYTES,
  what: 'the register',
  description:
    'The register as .xlsx (its first sheet) or as CSV: UTF-8 (with or without a BOM) or GBK/GB18030, as Excel on a Chinese Windows saves it.',
} as const;

const FieldIssueSchema = z.object({ field: z.string(), rule: z.string() });
const ImportedRowSchema = z.object({ row: z.number().int(), projectId: z.string() });
export const ImportResultSchema = z.object({
  /** Data rows read (the header not counted). */
  rows: z.number().int(),
  created: z.array(ImportedRowSchema),
  unchanged: z.array(ImportedRowSchema),
  failed: z.array(z.object({ row: z.number().int(), projectId: z.string().optional(), errors: z.array(FieldIssueSchema) })),
});

/** The roles' districts a district office is confined to; null for the bureau, admin and viewers (the city). */
function confinedDistricts(principal: Principal): string[] | null {
  if (principal.roles.some((r) => r.kind !== 'district')) return null;
  return principal.roles.flatMap((r) => (r.kind === 'district' ? [r.code] : []));
}

/** Reads the register, refusing one with no data row, and one that is not what it was sent as. */
export async function readRegister(workbooks: Workbooks, file: FileBody, ctx: RouteContext): Promise<ImportRow[]> {
  const rows = await workbooks.readRegister(file, ctx.config, { today: ctx.today() });
  if (rows.length === 0) throw new ValidationError([{ field: 'body', rule: 'has a header but no data rows' }]);
  return rows;
}

/** What a background import takes at most (a larger one would leave the city's report too large to export). */
export const MAX_BACKGROUND_IMPORT_ROWS = MAX_REGISTER_ROWS;

const ImportIdParams = z.strictObject({
  importId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be an import id (26 characters, as POST /imports gave it)' }),
});

export const ImportJobSchema = z.object({
  importId: z.string(),
  fileName: z.string().optional(),
  status: z.enum(['running', 'done']),
  /** Data rows of the register. */
  rows: z.number().int(),
  /** Rows signed or refused so far. */
  processed: z.number().int(),
  created: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
});
export const ImportJobWithResultsSchema = ImportJobSchema.extend({
  /** The rows processed so far, by outcome, in row order, after `after`, as many as fit a response. */
  results: ImportResultSchema.omit({ rows: true }),
  /** The `after` of the next page of results; null on the last. */
  resultsNextAfter: z.number().int().nullable(),
});

/** What a page of results may take of Lambda's 6 MB response (20,000 failed rows with their faults are about 7 MB). */
const RESULTS_BUDGET_BYTES = 4_500_000;

type Outcome = keyof ImportResult;

/** The results of rows after `after`, in row order, that fit in `budget` bytes (at least one), and where the next page starts. */
export function resultsWithin(results: ImportResult, after: number, budget: number): { page: ImportResult; nextAfter: number | null } {
  const outcomes: Outcome[] = ['created', 'unchanged', 'failed'];
  const rows = outcomes
    .flatMap((outcome) => results[outcome].map((result) => ({ outcome, result })))
    .filter((r) => r.result.row > after)
    .sort((a, b) => a.result.row - b.result.row);
  const page: ImportResult = { created: [], unchanged: [], failed: [] };
  let used = 0;
  for (const [i, { outcome, result }] of rows.entries()) {
    used += Buffer.byteLength(JSON.stringify(result)) + 1;
    if (used > budget && i > 0) return { page, nextAfter: rows[i - 1]!.result.row };
    (page[outcome] as (typeof result)[]).push(result);
  }
  return { page, nextAfter: null };
}

function presentJob(job: ImportJob) {
  const { roles: _roles, chunks: _chunks, ...rest } = job;
  return { ...rest, status: job.processed >= job.rows ? ('done' as const) : ('running' as const) };
}

export function spreadsheetRoutes(ctx: RouteContext, loadWorkbooks?: () => Promise<Workbooks>): Route[] {
  const { config, projects } = ctx;
  const codes = codeSchemas(config);
  const districts = config.districts.map((d) => d.code);
  // The api function describes these routes and never serves them: API Gateway sends them to spreadsheets.
  const books = (): Promise<Workbooks> => {
    if (!loadWorkbooks) throw new Error('the spreadsheet routes are served by the spreadsheets function');
    return loadWorkbooks();
  };

  const ExportQuery = z.strictObject({
    status: z.enum(STATUSES).optional(),
    district: codes.district.optional(),
    signedYear: YearSchema.optional(),
    industry: codes.industry.optional(),
    q: FreeText(100).optional().meta({ description: 'Text the name or the investor contains, Latin letters in any case' }),
    alert: z.enum(ALERT_LEVELS).optional().meta({ description: 'The traffic light (signed and started projects only)' }),
    band: z.enum(BANDS).optional().meta({ description: 'That size band and above, as GET /projects filters' }),
    capitalSource: z.enum(CAPITAL_SOURCES).optional().meta({ description: '内资 domestic or 外资 foreign' }),
  });
  type ExportFilters = z.infer<typeof ExportQuery>;

  /** Every project the filters select, as GET /projects lists them; refused past MAX_EXPORT_ROWS. */
  const selected = async (principal: Principal, filters: ExportFilters): Promise<ProjectSnapshot[]> => {
    const { q, ...rest } = filters;
    let scope = districts;
    const confined = confinedDistricts(principal);
    if (confined) {
      if (rest.district && !confined.includes(rest.district)) {
        throw new ForbiddenError(`a district office exports its own district's projects (${confined.join(', ')}), not ${rest.district}'s`);
      }
      scope = rest.district ? [rest.district] : confined;
    }
    const query: Omit<ListQuery, 'cursor'> = { ...rest, ...(q ? { text: q } : {}), limit: 1_000 };
    const found: ProjectSnapshot[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await projects.list({ ...query, ...(cursor ? { cursor } : {}) }, scope);
      found.push(...page.items);
      cursor = page.nextCursor;
      if (found.length > MAX_EXPORT_ROWS) {
        throw new HttpProblem(
          413,
          'export-too-large',
          'Export too large',
          `more than ${MAX_EXPORT_ROWS} projects match: narrow the export by status, district, industry or signing year`,
        );
      }
    } while (cursor);
    return found;
  };

  const exportDescription =
    'The filters of GET /projects. A district office gets its own district. Amounts in 亿元, dates as dates, status and lights in Chinese; the column names are those the import reads, so the file imports back.';

  return [
    route({
      method: 'POST',
      path: '/imports',
      operationId: 'startImport',
      summary: 'Import a register of any size in the background',
      description: `The register is read at once (a file that cannot be read, or has no data rows, is refused here); its rows, up to ${MAX_BACKGROUND_IMPORT_ROWS}, are then signed in the background, each as POST /projects/import would. GET the Location for progress and each row's result. Importing the same file again changes nothing.`,
      tag: 'projects',
      access: 'write',
      servedBy: 'spreadsheets',
      query: z.strictObject({ fileName: FreeText(200).optional().meta({ description: 'The file’s name, shown with the import' }) }),
      body: FILE_BODY,
      responses: { 202: { description: 'Accepted: the import job, at 0 rows processed', body: ImportJobSchema, headers: ['location'] } },
      problems: [413],
      handler: async ({ principal, body, query }: RouteInput<unknown, { fileName?: string }, FileBody>) => {
        const rows = await readRegister(await books(), body, ctx);
        if (rows.length > MAX_BACKGROUND_IMPORT_ROWS) {
          throw new HttpProblem(
            413,
            'too-many-rows',
            'Too many rows',
            `the register has ${rows.length} data rows; an import takes at most ${MAX_BACKGROUND_IMPORT_ROWS}: split it`,
          );
        }
        const job = await ctx.imports.create(
          {
            importId: ctx.newId(),
            ...(query.fileName ? { fileName: query.fileName } : {}),
            rows: rows.length,
            createdAt: ctx.now().toISOString(),
            createdBy: principal!.userId,
            roles: principal!.roles,
          },
          rows,
        );
        return json(202, presentJob(job), { location: `/imports/${job.importId}` });
      },
    }),
    route({
      method: 'GET',
      path: '/imports/{importId}',
      operationId: 'getImport',
      summary: 'A background import: its progress and each processed row’s result',
      description:
        'The importer’s own imports; the bureau and admin may read any. The results come in row order, as many as fit a response: resultsNextAfter, when not null, is the `after` of the next page.',
      tag: 'projects',
      access: 'read',
      params: ImportIdParams,
      query: z.strictObject({
        results: z
          .enum(['all', 'none'])
          .default('all')
          .meta({ description: 'none: the counts only (an empty results), for polling while it runs; all: the processed rows' }),
        after: z.coerce
          .number()
          .int()
          .min(0)
          .max(10_000_000)
          .default(0)
          .meta({ description: 'Only rows after this row number: the previous page’s resultsNextAfter' }),
      }),
      responses: { 200: { description: 'The job and the rows processed so far', body: ImportJobWithResultsSchema } },
      problems: [404],
      handler: async ({ principal, params, query }) => {
        const found = await ctx.imports.get(params.importId, { results: query.results === 'all' });
        if (!found) throw new HttpProblem(404, 'no-such-import', 'No such import', `there is no import ${params.importId}`);
        const isBureau = principal!.roles.some((r) => r.kind === 'bureau' || r.kind === 'admin');
        if (found.job.createdBy !== principal!.userId && !isBureau) {
          throw new ForbiddenError('an import is read by whoever started it, or by the bureau');
        }
        const { page, nextAfter } = resultsWithin(found.results, query.after, RESULTS_BUDGET_BYTES);
        return json(200, { ...presentJob(found.job), results: page, resultsNextAfter: nextAfter });
      },
    }),
    route({
      method: 'POST',
      path: '/projects/import',
      operationId: 'importProjects',
      summary: 'Import a register (.xlsx or CSV): one sign per row',
      description: `Up to ${MAX_IMPORT_ROWS} data rows, answered when done; a larger register goes to POST /imports. English or Chinese headers, title rows above the header skipped; the amount header names its unit (亿元, 万元, 元). Every fault of a row is listed. A bad row is reported by its row number and does not block the others; importing the same file again changes nothing.`,
      tag: 'projects',
      access: 'write',
      servedBy: 'spreadsheets',
      body: FILE_BODY,
      responses: { 200: { description: 'Created, unchanged and failed rows with row numbers and reasons', body: ImportResultSchema } },
      problems: [413],
      handler: async ({ principal, body }: RouteInput<unknown, unknown, FileBody>) => {
        const rows = await readRegister(await books(), body, ctx);
        if (rows.length > MAX_IMPORT_ROWS) {
          throw new HttpProblem(
            413,
            'too-many-rows',
            'Too many rows for one request',
            `the register has ${rows.length} data rows; one request imports at most ${MAX_IMPORT_ROWS}: send it to POST /imports, which imports it in the background`,
          );
        }
        const sign = async (command: SignInput) =>
          (await ctx.run(principal!, { type: 'sign', ...command })).outcome === 'changed' ? ('created' as const) : ('unchanged' as const);
        const result = await importRows(
          rows,
          (command) => signRow(sign, command),
          (error) => rowFaults(error, ctx.onServerError),
        );
        return json(200, { rows: rows.length, ...result });
      },
    }),
    route({
      method: 'GET',
      path: '/projects/export.xlsx',
      operationId: 'exportProjectsXlsx',
      summary: 'The project list as an .xlsx workbook',
      description: `${exportDescription} At most ${MAX_EXPORT_ROWS} projects.`,
      tag: 'projects',
      access: 'read',
      servedBy: 'spreadsheets',
      query: ExportQuery,
      responses: { 200: { description: 'The workbook (项目清单)', file: XLSX_MEDIA_TYPE, headers: ['content-disposition'] } },
      problems: [413],
      handler: async ({ principal, query }) => {
        const list = await selected(principal!, query);
        const today = ctx.today();
        return fileResponse(
          await (await books()).projectListXlsx(list, config, today),
          XLSX_MEDIA_TYPE,
          `项目清单-${today}.xlsx`,
          `projects-${today}.xlsx`,
        );
      },
    }),
    route({
      method: 'GET',
      path: '/projects/export.csv',
      operationId: 'exportProjectsCsv',
      summary: 'The project list as CSV (UTF-8 with a BOM, so Excel opens it in Chinese)',
      description: `${exportDescription} At most ${MAX_EXPORT_ROWS} projects.`,
      tag: 'projects',
      access: 'read',
      servedBy: 'spreadsheets',
      query: ExportQuery,
      responses: { 200: { description: 'The list as CSV, UTF-8', file: CSV_MEDIA_TYPE, headers: ['content-disposition'] } },
      problems: [413],
      handler: async ({ principal, query }) => {
        const list = await selected(principal!, query);
        const today = ctx.today();
        const csv = Buffer.from((await books()).projectListCsv(list, config, today), 'utf8');
        return fileResponse(csv, `${CSV_MEDIA_TYPE}; charset=utf-8`, `项目清单-${today}.csv`, `projects-${today}.csv`);
      },
    }),
    route({
      method: 'GET',
      path: '/reports/{year}.xlsx',
      operationId: 'getYearReport',
      summary: 'The year’s report workbook',
      description:
        'Sheets 总表 (each target, the figure, the gap), 分县区 (every district, ranked by same-year start rate), 分产业 (leading industries marked ★), 月度 (by month of signing, with running totals) and 项目清单 (every project signed in the year). The figures are those of GET /rollups/{year}.',
      tag: 'rollups',
      access: 'read',
      servedBy: 'spreadsheets',
      params: z.strictObject({ year: YearSchema }),
      responses: { 200: { description: 'The workbook', file: XLSX_MEDIA_TYPE, headers: ['content-disposition'] } },
      problems: [413],
      handler: async ({ params }) => {
        const { year } = params;
        const today = businessDateOf(ctx.now());
        const [rows, targets, cohort] = await Promise.all([
          ctx.rollups.readForView(year, today, { asOf: false }),
          ctx.rollups.getTargets(year),
          // The whole city's cohort, as the rollups count it, whoever asks.
          projects.list({ signedYear: year, limit: MAX_EXPORT_ROWS + 1 }, districts),
        ]);
        if (cohort.nextCursor) {
          throw new HttpProblem(
            413,
            'export-too-large',
            'Export too large',
            `more than ${MAX_EXPORT_ROWS} projects were signed in ${year}`,
          );
        }
        const view = composeRollupView(year, rows, targets, config, ctx.now());
        const list = cohort.items.filter((p) => yearOf(p.signedOn) === year);
        const workbook = await (await books()).yearReportXlsx(view, list, config);
        return fileResponse(workbook, XLSX_MEDIA_TYPE, `${config.city}${year}年招商项目报表.xlsx`, `report-${year}.xlsx`);
      },
    }),
  ];
}

/** The spreadsheets function's handler. */
export function createSpreadsheetsHandler(deps: ApiDependencies, loadWorkbooks: () => Promise<Workbooks>) {
  return createRouteHandler(spreadsheetRoutes(routeContext(deps), loadWorkbooks), deps);
}
