// HTTP API → the spreadsheet routes: import a register, export the list, the year's report workbook.
import { loadCityConfig } from '../shared/domain/city-config';
import { requireEnv } from '../shared/platform/env';
import { observability, observed } from '../shared/platform/observability';
import { createSpreadsheetsHandler } from '../shared/http/routes/spreadsheets';
import { createDocumentClient } from '../shared/store/client';
import { ProjectStore } from '../shared/store/project-store';
import { ProblemStore } from '../shared/store/problem-store';
import { RollupStore } from '../shared/store/rollup-store';
import { DigestStore } from '../shared/store/digest-store';
import { ImportStore } from '../shared/store/import-store';

const o = observability('spreadsheets');
const config = loadCityConfig();
const db = createDocumentClient();
const tableName = requireEnv('TABLE_NAME');

const deps = {
  projects: new ProjectStore(db, tableName),
  problems: new ProblemStore(db, tableName),
  rollups: new RollupStore(db, tableName, config),
  digests: new DigestStore(db, tableName),
  imports: new ImportStore(db, tableName),
  config,
  onServerError: (error: unknown) => o.logger.error('unexpected error', { error: error as Error }),
};
// The workbook and CSV libraries load on the first import or export, not at init (a chunk of the bundle).
const api = createSpreadsheetsHandler(deps, async () => (await import('../shared/spreadsheets/workbooks')).workbooks);

export const handler = observed(o, (event: Parameters<typeof api>[0], context) => api(event, context));
