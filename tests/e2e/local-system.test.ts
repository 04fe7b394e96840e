// End to end: `npm start`'s program in a child process, driven over HTTP only. Projects are signed,
// started, produced, corrected and terminated; the rollups must converge to what an independent
// count of the same changes says; a restart must lose nothing and count nothing twice.
import { spawnSync } from 'node:child_process';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../local/dev-tokens';
import type { RuntimeFile } from '../../local/runtime';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import { addDays, businessDateOf, yearOf } from '../../shared/domain/dates';
import { apiClient } from '../support/api-client';
import { contractViolations } from '../support/contract';
import { listeningAddresses, listeningSocketsOf } from '../support/listening';
import { spawnLocalSystem, type SpawnedSystem } from '../support/spawn-system';

const SECRET = 'e2e-secret-e2e-secret-e2e-secret';
const today = businessDateOf(new Date());
const year = yearOf(today);
/** A business date `k` days ago, kept inside this year so every project counts for it. */
const daysAgo = (k: number) => {
  const date = addDays(today, -k);
  return date < `${year}-01-01` ? `${year}-01-01` : date;
};

const start = (args: string[]) => spawnLocalSystem(args, { ...process.env, LOCAL_JWT_SECRET: SECRET });

let admin: string;
let haizhouOffice: string;

async function call(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const received = { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : null };
  // /healthz is the local runtime's own; everything else is the API and held to its contract.
  if (path !== '/healthz') {
    expect(contractViolations(method, path, { ...received, headers: Object.fromEntries(response.headers) }), `${method} ${path}`).toEqual(
      [],
    );
  }
  return received;
}

/** Polls until `check` passes (rollups are eventually consistent with the projects). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const tempDir = mkdtempSync(join(tmpdir(), 'e2e-'));
/** npm start makes it. */
const dataDir = join(tempDir, 'data');
let system: SpawnedSystem;

beforeAll(async () => {
  admin = await mintToken(SECRET, 'e2e-admin', ['admin']);
  haizhouOffice = await mintToken(SECRET, 'e2e-haizhou', ['district:haizhou']);
  system = await start(['--port', '0', '--data', dataDir]);
}, 60_000);
afterAll(async () => {
  await system.stop();
  rmSync(tempDir, { recursive: true, force: true });
});

/** The projects of the scenario and what each ends as, counted here without the system's code. */
const SIGNED = [
  { id: 'E2E-01', district: 'haizhou', industry: 'pharma', amount: 500_000_000, fate: 'produced' },
  { id: 'E2E-02', district: 'haizhou', industry: 'logistics', amount: 200_000_000, fate: 'started' },
  { id: 'E2E-03', district: 'ganyu', industry: 'new-energy', amount: 1_200_000_000, fate: 'started' },
  { id: 'E2E-04', district: 'ganyu', industry: 'tourism', amount: 150_000_000, fate: 'terminated' },
  { id: 'E2E-05', district: 'xuwei', industry: 'petrochemical', amount: 8_000_000_000, fate: 'signed' },
  { id: 'E2E-06', district: 'donghai', industry: 'new-materials', amount: 300_000_000, fate: 'signed' },
] as const;
/** E2E-06's investment is corrected from 3亿 to 4亿. */
const CORRECTED = 400_000_000;

describe('the local system over HTTP', () => {
  it('answers /healthz and /openapi.json without a token, and 401 without one elsewhere', async () => {
    expect((await call(system.url, 'GET', '/healthz')).status).toBe(200);
    expect((await call(system.url, 'GET', '/openapi.json')).body?.openapi).toMatch(/^3\.1/);
    expect((await call(system.url, 'GET', '/rollups/2025')).status).toBe(401);
    expect((await call(system.url, 'GET', '/rollups/2025', { token: await mintToken('another-secret', 'x', ['admin']) })).status).toBe(401);
  });

  it.runIf(process.platform === 'linux')('keeps its database off the network: DynamoDB Local listens on 127.0.0.1 only', () => {
    const { dynamoDbEndpoint } = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeFile;
    expect(listeningAddresses(Number(new URL(dynamoDbEndpoint).port))).toEqual(['127.0.0.1']);
  });

  it('sign, start, produce, correct, terminate; the rollups converge to an independent count', async () => {
    for (const [i, p] of SIGNED.entries()) {
      const token = p.district === 'haizhou' ? haizhouOffice : admin;
      const signed = await call(system.url, 'POST', '/projects', {
        token,
        body: {
          projectId: p.id,
          name: `端到端项目${i}`,
          investor: '测试投资方',
          district: p.district,
          industry: p.industry,
          agreedInvestment: p.amount,
          signedOn: daysAgo(40 - i),
        },
      });
      expect(signed.status).toBe(201);
    }
    // A district office cannot act on another district's project.
    expect(
      (await call(system.url, 'POST', '/projects/E2E-03/start', { token: haizhouOffice, body: { startedOn: daysAgo(5) } })).status,
    ).toBe(403);

    for (const p of SIGNED.filter((s) => s.fate === 'started' || s.fate === 'produced')) {
      expect((await call(system.url, 'POST', `/projects/${p.id}/start`, { token: admin, body: { startedOn: daysAgo(10) } })).status).toBe(
        200,
      );
    }
    expect((await call(system.url, 'POST', '/projects/E2E-01/produce', { token: admin, body: { producedOn: daysAgo(2) } })).status).toBe(
      200,
    );
    expect(
      (
        await call(system.url, 'POST', '/projects/E2E-04/terminate', {
          token: admin,
          body: { terminatedOn: daysAgo(3), reason: '投资方撤资' },
        })
      ).status,
    ).toBe(200);
    const current = await call(system.url, 'GET', '/projects/E2E-06', { token: admin });
    const corrected = await call(system.url, 'PATCH', '/projects/E2E-06', {
      token: admin,
      headers: { 'if-match': current.headers.get('etag')! },
      body: { agreedInvestment: CORRECTED, reason: '按正式合同更正' },
    });
    expect(corrected.status).toBe(200);
    // A retry of a transition already applied changes nothing.
    expect((await call(system.url, 'POST', '/projects/E2E-01/produce', { token: admin, body: { producedOn: daysAgo(2) } })).status).toBe(
      200,
    );

    await expectRollupsToMatchScenario(system.url);
  }, 60_000);

  it.runIf(process.platform === 'linux')('refuses a made-up event posted straight to its bus; the rollups do not change', async () => {
    // What `ss -ltnp` shows of npm start's process: the API and the bus, both on 127.0.0.1.
    const sockets = listeningSocketsOf(system.child.pid!);
    expect(sockets.map((s) => s.address)).toEqual(['127.0.0.1', '127.0.0.1']);
    const busPort = sockets.find((s) => s.port !== Number(new URL(system.url).port))!.port;
    const before = await call(system.url, 'GET', `/rollups/${year}`, { token: admin });

    // A phantom ¥500亿 signing in Haizhou, signed as AWS tools sign for a local endpoint.
    const forger = new EventBridgeClient({
      endpoint: `http://127.0.0.1:${busPort}`,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const phantom = {
      projectId: 'PHANTOM-1',
      name: '虚构项目',
      investor: '虚构投资方',
      district: 'haizhou',
      industry: 'pharma',
      agreedInvestment: 50_000_000_000,
      signedOn: daysAgo(1),
      version: 1,
      updatedAt: new Date().toISOString(),
      updatedBy: 'forger',
    };
    const detail = {
      schemaVersion: 1,
      eventId: 'forged-1',
      occurredAt: new Date().toISOString(),
      actor: 'forger',
      projectId: phantom.projectId,
      version: 1,
      before: null,
      after: phantom,
    };
    const forged = forger.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'pipeline.projects', DetailType: 'ProjectSigned', Detail: JSON.stringify(detail), EventBusName: 'pipeline-local' },
        ],
      }),
    );
    await expect(forged).rejects.toMatchObject({ name: 'UnrecognizedClientException' });

    await new Promise((r) => setTimeout(r, 1_000)); // longer than an accepted event takes to reach the rollups
    const after = await call(system.url, 'GET', `/rollups/${year}`, { token: admin });
    expect(after.body!.totals).toEqual(before.body!.totals);
  });

  it('keeps each composed digest as files under the data folder', async () => {
    const composed = await call(system.url, 'POST', '/digests', { token: admin, body: { kind: 'weekly' } });
    expect(composed.status).toBe(201);
    const file = join(dataDir, 'digests', `weekly-${composed.body!.period}.md`);
    await eventually(
      async () => existsSync(file),
      (exists) => expect(exists).toBe(true),
      10_000,
    );
    expect(readFileSync(file, 'utf8')).toMatch(/^# 项目推进周报/);
    expect((await call(system.url, 'GET', '/digests/latest?kind=weekly', { token: admin })).body).toMatchObject({
      period: composed.body!.period,
      delivery: [],
    });
  });

  it('keeps its data from other users of this machine: the data folder is 0700, no file in it open to others', () => {
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    const paths = readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).map((path) => join(dataDir, path));
    expect(paths).toContain(join(dataDir, 'dynamodb', 'shared-local-instance.db'));
    expect(paths.filter((path) => (statSync(path).mode & 0o077) !== 0)).toEqual([]);
  });

  it('logs every accepted event, and a replay of the log changes nothing', async () => {
    const lines = readFileSync(join(dataDir, 'events.ndjson'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(SIGNED.length + 3 + 1 + 1 + 1); // signings, starts, production, termination, correction
    const replay = spawnSync(process.execPath, ['--import', 'tsx', 'local/replay-cli.ts', '--data', dataDir], { encoding: 'utf8' });
    expect(replay.stdout).toContain(`replayed ${lines.length} events`);
    expect(replay.stdout).toContain(`0 applied, ${lines.length} already applied, 0 failed`);
    await expectRollupsToMatchScenario(system.url);
  }, 60_000);

  it('npm run reconcile beside it finds its table and database by itself', () => {
    const env = { ...process.env, TABLE_NAME: '', DYNAMODB_ENDPOINT: '' };
    const reconcile = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'local/reconcile-cli.ts', '--data', dataDir, '--year', String(year)],
      { encoding: 'utf8', env },
    );
    expect(reconcile.stdout).toMatch(
      new RegExp(`reconcile ${year} on pipeline-local: ${SIGNED.length} projects, \\d+ cohorts, 0 drifted counters`),
    );
    expect(reconcile.status).toBe(0);
  }, 60_000);

  it('stops cleanly on SIGTERM; after a restart nothing is lost and nothing counted twice', async () => {
    expect(await system.stop()).toBe(0);
    expect(system.output.join('')).toContain('Stopped.');
    system = await start(['--port', '0', '--data', dataDir]);
    const project = await call(system.url, 'GET', '/projects/E2E-06', { token: admin });
    expect(project.body).toMatchObject({ agreedInvestment: CORRECTED, version: 2 });
    await expectRollupsToMatchScenario(system.url);
    // The pipeline still runs after the restart.
    expect((await call(system.url, 'POST', '/projects/E2E-05/start', { token: admin, body: { startedOn: daysAgo(1) } })).status).toBe(200);
    await eventually(
      () => call(system.url, 'GET', `/rollups/${year}`, { token: admin }),
      (r) => expect(r.body!.totals.startedSameYear).toBe(4),
    );
  }, 90_000);

  // Last: its 250 projects would change the counts the tests above check.
  it('imports a register in the background (the stream brings its chunks to the import worker), and exports the list as a workbook', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `BGE-${i},后台导入${i},投资方,海州区,石化,${(100 + i) / 100},2025-03-01`);
    const accepted = await fetch(`${system.url}/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${haizhouOffice}`, 'content-type': 'text/csv' },
      body: `项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,签约日期\n${rows.join('\n')}\n`,
    });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location')!;
    const done = await eventually(
      async () => (await call(system.url, 'GET', location, { token: haizhouOffice })).body!,
      (job) => expect(job.status).toBe('done'),
      60_000,
    );
    expect(done).toMatchObject({ rows: 250, processed: 250, created: 250, failed: 0 });

    const exported = await fetch(`${system.url}/projects/export.xlsx?status=signed`, {
      headers: { authorization: `Bearer ${haizhouOffice}` },
    });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = Buffer.from(await exported.arrayBuffer());
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('PK\u0003\u0004', 'latin1'));
  });
});

async function expectRollupsToMatchScenario(url: string) {
  const amountOf = (p: (typeof SIGNED)[number]) => (p.id === 'E2E-06' ? CORRECTED : p.amount);
  const leading = new Set(LIANYUNGANG.industries.filter((i) => i.leading).map((i) => i.code));
  const expected = {
    signed: SIGNED.length,
    agreedInvestment: SIGNED.reduce((n, p) => n + amountOf(p), 0),
    leadingSigned: SIGNED.filter((p) => leading.has(p.industry)).length,
    startedSameYear: SIGNED.filter((p) => p.fate === 'started' || p.fate === 'produced').length,
    producedSameYear: 1,
    terminated: 1,
  };
  const client = apiClient(url, admin);
  const rollups = await eventually(
    async () => (await client.GET('/rollups/{year}', { params: { path: { year } } })).data!,
    (r) => expect(r.totals).toMatchObject(expected),
  );
  const ganyu = rollups.byDistrict.find((d) => d.district === 'ganyu');
  expect(ganyu).toMatchObject({ signed: 2, agreedInvestment: 1_350_000_000, startedSameYear: 1, terminated: 1, sameYearStartRate: 0.5 });
}

describe('npm start refuses with one line', () => {
  const startFails = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'local/start.ts', ...args], { encoding: 'utf8', timeout: 60_000, env });
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('npm start:'));
    return { status: result.status, lines };
  };

  it('a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { status, lines } = startFails(['--port', String(port), '--in-memory']);
      expect(status).toBe(1);
      expect(lines).toEqual([`npm start: port ${port} is in use: stop what uses it, or pass --port N`]);
    } finally {
      blocker.close();
    }
  });

  it('a damaged data folder', () => {
    const broken = mkdtempSync(join(tmpdir(), 'e2e-broken-'));
    mkdirSync(join(broken, 'dynamodb'));
    writeFileSync(join(broken, 'dynamodb', 'shared-local-instance.db'), 'this is not a database'.repeat(300));
    try {
      const { status, lines } = startFails(['--port', '0', '--data', broken]);
      expect(status).toBe(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/damaged.*Move that folder away to start afresh, or use --in-memory$/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  }, 60_000);

  it('Java missing', () => {
    // A PATH with node and nothing else.
    const bin = mkdtempSync(join(tmpdir(), 'e2e-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    try {
      const { status, lines } = startFails(['--port', '0', '--in-memory'], { ...process.env, PATH: bin });
      expect(status).toBe(1);
      expect(lines).toEqual(['npm start: Java is missing: install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless)']);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('a Java without its compiler, which DynamoDB Local needs to listen on 127.0.0.1 only', () => {
    // As a Java runtime image built without jdk.compiler is.
    const { status, lines } = startFails(['--port', '0', '--in-memory'], { ...process.env, JDK_JAVA_OPTIONS: '--limit-modules java.se' });
    expect(status).toBe(1);
    expect(lines).toEqual([
      'npm start: this Java cannot run source files (no jdk.compiler module), which DynamoDB Local needs to listen on 127.0.0.1 only: install a full JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)',
    ]);
  });

  it('a development-token secret under 32 bytes', () => {
    const { status, lines } = startFails(['--port', '0', '--in-memory'], { ...process.env, LOCAL_JWT_SECRET: 'a-short-secret' });
    expect(status).toBe(1);
    expect(lines).toEqual([
      'npm start: LOCAL_JWT_SECRET is 14 bytes long, under the 32 the development tokens need: set a longer one, e.g. LOCAL_JWT_SECRET=$(openssl rand -base64 32)',
    ]);
  });

  it('a secret file other users can read, or a short one', () => {
    const data = mkdtempSync(join(tmpdir(), 'e2e-secret-'));
    const secretFile = join(data, 'dev-jwt-secret');
    const withoutSecret = { ...process.env, LOCAL_JWT_SECRET: '' };
    try {
      writeFileSync(secretFile, 'a-secret-long-enough-but-readable-by-all');
      chmodSync(secretFile, 0o644);
      expect(startFails(['--port', '0', '--data', data], withoutSecret)).toEqual({
        status: 1,
        lines: [
          `npm start: ${secretFile} is open to other users of this machine (mode 644): delete it for a new secret (the printed tokens change)`,
        ],
      });
      writeFileSync(secretFile, 'short');
      chmodSync(secretFile, 0o600);
      expect(startFails(['--port', '0', '--data', data], withoutSecret)).toEqual({
        status: 1,
        lines: [`npm start: ${secretFile} holds a secret of 5 bytes, under the 32 the development tokens need: delete it for a new one`],
      });
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('a bad option', () => {
    const { status, lines } = startFails(['--port', 'http']);
    expect(status).toBe(1);
    expect(lines).toEqual(['npm start: --port must be a port number, not http']);
  });
});
