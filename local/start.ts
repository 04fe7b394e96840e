// npm start: the whole system on this machine. Options: --port N (3000; 0 picks one), --data DIR
// (.data/), --in-memory, --demo; LOCAL_JWT_SECRET fixes the development tokens' HS256 secret (32 bytes or more).
import { parseArgs } from 'node:util';
import { SCHEDULE_TIME_ZONE, SCHEDULES, unixCron } from '../shared/platform/schedules';
import { MIN_SECRET_BYTES } from './dev-tokens';
import { DynamoDbLocalError } from './dynamodb-local';
import { startRuntime, StartupError, type Runtime } from './runtime';

const USAGE = 'usage: npm start -- [--port N] [--data DIR | --in-memory] [--demo]';

function fail(message: string): never {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(1);
}

let options: { port: string; data: string; 'in-memory': boolean; demo: boolean; help: boolean };
try {
  options = parseArgs({
    options: {
      port: { type: 'string', default: '3000' },
      data: { type: 'string', default: '.data' },
      'in-memory': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be a port number, not ${options.port}`);
const jwtSecret = process.env.LOCAL_JWT_SECRET || undefined;
if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < MIN_SECRET_BYTES) {
  fail(
    `LOCAL_JWT_SECRET is ${Buffer.byteLength(jwtSecret)} bytes long, under the ${MIN_SECRET_BYTES} the development tokens need: set a longer one, e.g. LOCAL_JWT_SECRET=$(openssl rand -base64 32)`,
  );
}

// Every file this run writes is for this user only, the database files too: Java inherits the umask.
process.umask(0o077);
const log = (line: string) => console.log(`  ${line}`);
let runtime: Runtime;
try {
  runtime = await startRuntime({
    port,
    dataDir: options['in-memory'] ? null : options.data,
    jwtSecret,
    demo: options.demo,
    log,
  });
} catch (error) {
  if (error instanceof StartupError || error instanceof DynamoDbLocalError) fail(error.message);
  throw error;
}

console.log(`
Project pipeline tracker, running locally
  Open       ${runtime.url}/app/   (the web app: sign in as any role)
  API        ${runtime.url}   (GET /openapi.json, GET /healthz)
  data       ${options['in-memory'] ? `in memory (files in ${runtime.dataDir}, removed at exit)` : runtime.dataDir}
  event log  ${runtime.eventLog}   (npm run replay)
  digests    ${runtime.digestsDir}
  schedules  ${SCHEDULES.map((s) => `${s.name} "${unixCron(s)}"`).join(', ')} (${SCHEDULE_TIME_ZONE})

Development tokens (Authorization: Bearer …):
${Object.entries(runtime.tokens)
  .map(([role, token]) => `  ${role.padEnd(16)} ${token}`)
  .join('\n')}

Try: curl -H "Authorization: Bearer $TOKEN" ${runtime.url}/rollups/${new Date().getFullYear()}
Ctrl-C stops everything.
Ready.`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await runtime.stop();
  console.log('Stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
