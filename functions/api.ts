// HTTP API → commands and queries.
import { Logger } from '@aws-lambda-powertools/logger';
import { loadCityConfig } from '../shared/domain/city-config';
import { requireEnv } from '../shared/platform/env';
import { createApiHandler } from '../shared/http/api';
import { createDocumentClient } from '../shared/store/client';
import { DigestStore } from '../shared/store/digest-store';
import { ProjectStore } from '../shared/store/project-store';
import { RollupStore } from '../shared/store/rollup-store';

const logger = new Logger({ serviceName: 'api' });
const config = loadCityConfig();
const db = createDocumentClient();
const tableName = requireEnv('TABLE_NAME');

export const handler = createApiHandler({
  projects: new ProjectStore(db, tableName),
  rollups: new RollupStore(db, tableName, config),
  digests: new DigestStore(db, tableName),
  config,
  onServerError: (error) => logger.error('unexpected error', { error: error as Error }),
});
