// HTTP API → commands and queries.
import { loadCityConfig } from '../shared/domain/city-config';
import { requireEnv, webAppUrl } from '../shared/platform/env';
import { observability, observed } from '../shared/platform/observability';
import { createApiHandler } from '../shared/http/api-handler';
import { createDocumentClient } from '../shared/store/client';
import { DigestStore } from '../shared/store/digest-store';
import { ImportStore } from '../shared/store/import-store';
import { ProjectStore } from '../shared/store/project-store';
import { ProblemStore } from '../shared/store/problem-store';
import { RollupStore } from '../shared/store/rollup-store';

const o = observability('api');
const config = loadCityConfig();
const db = createDocumentClient();
const tableName = requireEnv('TABLE_NAME');

const api = createApiHandler({
  projects: new ProjectStore(db, tableName),
  problems: new ProblemStore(db, tableName),
  rollups: new RollupStore(db, tableName, config),
  digests: new DigestStore(db, tableName),
  imports: new ImportStore(db, tableName),
  config,
  webAppUrl: webAppUrl(),
  onServerError: (error) => o.logger.error('unexpected error', { error: error as Error }),
});

export const handler = observed(o, (event: Parameters<typeof api>[0], context) => api(event, context));
