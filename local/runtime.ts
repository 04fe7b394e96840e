// The whole system on one machine, with the Lambda handlers of functions/ unchanged:
// DynamoDB Local → stream poller → publish handler → local bus (PutEvents over its AWS endpoint)
// → rule → queue → rollup handler (and red-alert rule → queue → notice handler); scheduler → digest,
// reconcile and alert-sweep handlers; HTTP server → API handler. See docs/architecture.md, "Local runtime".
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { redAlertRulePattern, rollupRulePattern } from '../events';
import { loadCityConfig } from '../shared/domain/city-config';
import { routeTable, servedByOf } from '../shared/http/api';
import { createDynamoDbClient, createDocumentClient } from '../shared/store/client';
import { ProblemStore } from '../shared/store/problem-store';
import { ProjectStore } from '../shared/store/project-store';
import { RollupStore } from '../shared/store/rollup-store';
import { DIGEST_WRITE_FILTER, EVENT_INSERT_FILTER, IMPORT_CHUNK_INSERT_FILTER } from '../shared/store/stream-filter';
import { ensureTable } from '../shared/store/table-definition';
import { WEB_APP_PATH } from '../shared/platform/web-config';
import { devTokens, MIN_SECRET_BYTES, tokensPerRole } from './dev-tokens';
import { digestFilesConsumer } from './digest-files';
import { newBusCredentials, serveBus } from './bus-endpoint';
import { startDynamoDbLocal } from './dynamodb-local';
import { LocalEventBus } from './event-bus';
import { appendJsonLine } from './event-log';
import { locally } from './lambda-context';
import { apiRequestListener, startingListener } from './http-server';
import { LocalQueue } from './queue';
import { startScheduler } from './scheduler';
import { StreamPoller } from './stream-poller';
import { webAppHandler } from './web-app';
import { loadDemo } from './demo';

export const TABLE_NAME = 'pipeline-local';
/** The web app's build, served at /app/. */
const WEB_DIST = resolve(import.meta.dirname, '../web/dist');
export const BUS_NAME = 'pipeline-local';

export interface RuntimeOptions {
  /** HTTP port; 0 picks a free one. */
  port: number;
  /** Where data lives; null keeps the database in memory (a throwaway run). */
  dataDir: string | null;
  jwtSecret?: string;
  demo?: boolean;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  tokens: Record<string, string>;
  dataDir: string;
  eventLog: string;
  digestsDir: string;
  stop(): Promise<void>;
}

/** A one-line problem the person starting the system can act on. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** What a running runtime leaves in its data folder, for `npm run replay` and for a second start. */
export interface RuntimeFile {
  pid: number;
  dynamoDbEndpoint: string;
  tableName: string;
}

export function runtimeFileOf(dataDir: string): string {
  return join(dataDir, 'runtime.json');
}

/** The runtime recorded in a data folder, if its process is still alive. */
export function runningRuntime(dataDir: string): RuntimeFile | null {
  const file = runtimeFileOf(dataDir);
  if (!existsSync(file)) return null;
  try {
    const runtime = JSON.parse(readFileSync(file, 'utf8')) as RuntimeFile;
    process.kill(runtime.pid, 0);
    return runtime;
  } catch {
    return null;
  }
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => {});
  const dataDir = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'pipeline-local-'));
  // The register is for this user only; a folder an earlier version made was open to all (0755).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const other = runningRuntime(dataDir);
  if (other) throw new StartupError(`${dataDir} is in use by another npm start (pid ${other.pid}): stop it, or pass --data DIR`);
  const eventLog = join(dataDir, 'events.ndjson');
  const digestsDir = join(dataDir, 'digests');
  const jwtSecret = options.jwtSecret ?? persistentSecret(dataDir, options.dataDir === null);
  // Started in dependency order; a failed start undoes what it started, newest first. A clean
  // stop closes the door first: no new requests, then the pipeline drains, then the database goes.
  const started: (() => Promise<void> | void)[] = [];
  const undo = async () => {
    for (const s of started.reverse()) await s();
  };
  try {
    let listener: RequestListener = startingListener;
    const httpServer = await listen(options.port, (req, res) => listener(req, res));
    let httpOpen = true;
    const closeHttp = async () => {
      if (httpOpen) await closeServer(httpServer);
      httpOpen = false;
    };
    started.push(closeHttp);

    // Java missing, a port taken, a damaged database: each is a one-line DynamoDbLocalError.
    const emulator = await startDynamoDbLocal(options.dataDir ? { dbPath: join(dataDir, 'dynamodb') } : {});
    started.push(() => emulator.stop());
    const dynamodb = createDynamoDbClient(emulator.endpoint);
    try {
      await ensureTable(dynamodb, TABLE_NAME);
    } catch (error) {
      throw new StartupError(
        `DynamoDB Local could not open the data in ${join(dataDir, 'dynamodb')} (${(error as Error).message.split('\n')[0]}): move that folder away to start afresh, or use --in-memory`,
      );
    }

    const bus = new LocalEventBus(BUS_NAME, {
      region: 'local',
      onAccepted: (event) => appendJsonLine(eventLog, event),
      onDeliveryFailure: (rule, event, error) => log(`bus: rule ${rule} could not deliver event ${event.id}: ${error.message}`),
    });
    const busCredentials = newBusCredentials();
    const busEndpoint = await serveBus(bus, busCredentials);
    started.push(() => busEndpoint.close());

    // The handlers read their configuration from the environment when first imported, as on Lambda.
    Object.assign(process.env, {
      TABLE_NAME,
      EVENT_BUS_NAME: BUS_NAME,
      DYNAMODB_ENDPOINT: emulator.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: busEndpoint.url,
      AWS_REGION: process.env.AWS_REGION ?? 'local',
      // The publish handler's EventBridgeClient signs with this run's credential, which the bus requires.
      AWS_ACCESS_KEY_ID: busCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: busCredentials.secretAccessKey,
      // Where the robots' brief links: this program's web app.
      WEB_APP_URL: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}${WEB_APP_PATH}`,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      // CloudWatch metrics go to stdout as EMF in Lambda; locally they would only be noise.
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const api = await import('../functions/api');
    const spreadsheets = await import('../functions/spreadsheets');
    const importWorker = await import('../functions/import-worker');
    const publish = await import('../functions/publish');
    const rollup = await import('../functions/rollup');
    const digest = await import('../functions/digest');
    const reconcile = await import('../functions/reconcile');
    const alertSweep = await import('../functions/alert-sweep');
    const alertNotice = await import('../functions/alert-notice');

    const onDeadLetter = (letter: { messageId: string; receiveCount: number; error: string }) => {
      appendJsonLine(join(dataDir, 'dead-letters.ndjson'), letter);
      log(
        `queue: message ${letter.messageId} dead-lettered after ${letter.receiveCount} receives (${letter.error}); see ${join(dataDir, 'dead-letters.ndjson')}`,
      );
    };
    const queue = new LocalQueue({
      name: 'rollup-queue',
      handler: locally('rollup', rollup.handler),
      batchSize: 10,
      batchWindowMs: 200,
      visibilityTimeoutMs: 2_000,
      maxReceiveCount: 5,
      onDeadLetter,
    });
    bus.addRule({ name: 'rollups', pattern: rollupRulePattern, target: (event) => void queue.send(JSON.stringify(event)) });
    const noticeQueue = new LocalQueue({
      name: 'alert-notice-queue',
      handler: locally('alert-notice', alertNotice.handler),
      batchSize: 10,
      batchWindowMs: 1_000,
      visibilityTimeoutMs: 30_000,
      maxReceiveCount: 5,
      onDeadLetter,
    });
    bus.addRule({ name: 'red-alerts', pattern: redAlertRulePattern, target: (event) => void noticeQueue.send(JSON.stringify(event)) });

    const streams = new DynamoDBStreamsClient({
      endpoint: emulator.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const poller = new StreamPoller({
      streams,
      dynamodb,
      tableName: TABLE_NAME,
      checkpointFile: join(dataDir, 'stream-checkpoint.json'),
      settled: () => queue.depth === 0,
      consumers: [
        { name: 'publish', filter: EVENT_INSERT_FILTER, handler: locally('publish', publish.handler), batchSize: 100, maxRetries: 3 },
        { name: 'digest-files', filter: DIGEST_WRITE_FILTER, handler: digestFilesConsumer(digestsDir), batchSize: 10, maxRetries: 1 },
        {
          name: 'import-worker',
          filter: IMPORT_CHUNK_INSERT_FILTER,
          handler: locally('import-worker', importWorker.handler),
          batchSize: 1,
          maxRetries: 5,
        },
      ],
      onFailure: (failure) => {
        appendJsonLine(join(dataDir, 'stream-failures.ndjson'), failure);
        log(`stream: ${failure.consumer} failed ${failure.sequenceNumbers.length} record(s) after retries (${failure.error})`);
      },
    });
    try {
      await poller.start();
    } catch (error) {
      throw new StartupError((error as Error).message);
    }
    started.push(async () => {
      // Let what was accepted reach the rollups before the emulator goes.
      await waitFor(() => poller.caughtUp, 5_000);
      await queue.drain(10_000);
      await poller.stop();
      await queue.stop();
      await noticeQueue.stop();
      streams.destroy();
      dynamodb.destroy();
    });

    const scheduler = startScheduler(
      {
        digest: locally('digest', digest.handler),
        reconcile: locally('reconcile', reconcile.handler),
        'alert-sweep': locally('alert-sweep', alertSweep.handler),
      },
      (schedule, error) => log(`scheduler: ${schedule} failed: ${String(error)}`),
    );
    started.push(() => scheduler.stop());

    if (options.demo) await loadDemoOnce(dataDir, emulator.endpoint, log);

    const runtimeFile: RuntimeFile = { pid: process.pid, dynamoDbEndpoint: emulator.endpoint, tableName: TABLE_NAME };
    writeFileSync(runtimeFileOf(dataDir), JSON.stringify(runtimeFile));
    const districts = loadCityConfig().districts.map((d) => d.code);
    // As API Gateway does: the spreadsheet routes to their function, every other path to the api.
    const servedBy = servedByOf(routeTable(loadCityConfig()));
    const handlers = { api: locally('api', api.handler), spreadsheets: locally('spreadsheets', spreadsheets.handler) };
    listener = apiRequestListener({
      handler: (event) => handlers[servedBy(event.requestContext.http.method, event.requestContext.http.path)](event),
      jwtSecret,
      onError: (e) => log(`http: ${String(e)}`),
      app: webAppHandler({ distDir: WEB_DIST, devTokens: () => devTokens(jwtSecret, districts) }),
    });

    const port = (httpServer.address() as AddressInfo).port;
    return {
      url: `http://127.0.0.1:${port}`,
      tokens: await tokensPerRole(jwtSecret, loadCityConfig().districts[0]!.code),
      dataDir,
      eventLog,
      digestsDir,
      async stop() {
        await closeHttp();
        await undo();
        rmSync(runtimeFileOf(dataDir), { force: true });
        if (options.dataDir === null) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await undo();
    if (options.dataDir === null) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The HTTP port first, so a port in use fails fast, before Java starts. */
function listen(port: number, listener: RequestListener): Promise<Server> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer(listener);
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new StartupError(`port ${port} is in use: stop what uses it, or pass --port N`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolvePromise(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolvePromise) => {
    server.close(() => resolvePromise());
    server.closeAllConnections();
  });
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** A secret kept in the data folder, so printed tokens keep working across restarts. */
function persistentSecret(dataDir: string, throwaway: boolean): string {
  const file = join(dataDir, 'dev-jwt-secret');
  if (!throwaway && existsSync(file)) {
    // Whoever has read it can mint an admin token: a new secret is the only cure.
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0)
      throw new StartupError(
        `${file} is open to other users of this machine (mode ${mode.toString(8)}): delete it for a new secret (the printed tokens change)`,
      );
    const secret = readFileSync(file, 'utf8').trim();
    const bytes = Buffer.byteLength(secret);
    if (bytes < MIN_SECRET_BYTES)
      throw new StartupError(
        `${file} holds a secret of ${bytes} bytes, under the ${MIN_SECRET_BYTES} the development tokens need: delete it for a new one`,
      );
    return secret;
  }
  const secret = randomBytes(32).toString('base64url');
  if (!throwaway) writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function loadDemoOnce(dataDir: string, endpoint: string, log: (line: string) => void): Promise<void> {
  const marker = join(dataDir, 'demo-loaded');
  if (existsSync(marker)) return log('demo: already loaded in this data folder');
  const doc = createDocumentClient(createDynamoDbClient(endpoint));
  log('demo: loading about 1,800 projects over four years…');
  const started = Date.now();
  const config = loadCityConfig();
  const result = await loadDemo(
    new ProjectStore(doc, TABLE_NAME),
    new ProblemStore(doc, TABLE_NAME),
    new RollupStore(doc, TABLE_NAME, config),
    config,
    new Date(),
    (done, total) => log(`demo: ${done}/${total} commands`),
  );
  writeFileSync(marker, new Date().toISOString());
  log(`demo: ${result.changed} changes posted in ${((Date.now() - started) / 1000).toFixed(0)} s; rollups follow through the pipeline`);
}
