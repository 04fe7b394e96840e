// The web app in Debian's Chromium against `npm start`'s program: bytes of the dashboard's first load
// (JS and CSS as served, compressed), time from navigation to the dashboard's figures, and to the
// project list's first page with 1,000 and 10,000 projects in the register, both from the menu of
// an open app and from a cold navigation straight to the list.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { mintToken } from '../local/dev-tokens';
import type { RuntimeFile } from '../local/runtime';
import { LIANYUNGANG } from '../shared/domain/city-config';
import { addDays, businessDateOf } from '../shared/domain/dates';
import { createDocumentClient, createDynamoDbClient } from '../shared/store/client';
import { toProjectItem } from '../shared/store/project-store';
import { launchBrowser } from '../tests/support/browser';
import { spawnLocalSystem } from '../tests/support/spawn-system';
import { percentile } from './measure';
import type { Row } from './report';

const SECRET = 'bench-web-secret-bench-web-secret';

/** `count` signed projects written straight into the table (the list reads the index, not rollups). */
async function fillRegister(runtime: RuntimeFile, from: number, count: number): Promise<void> {
  const doc = createDocumentClient(createDynamoDbClient(runtime.dynamoDbEndpoint));
  const today = businessDateOf(new Date());
  const items = Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return toProjectItem({
      projectId: `BENCH-${String(i).padStart(6, '0')}`,
      name: `基准项目${i}`,
      investor: `投资方${i % 97}`,
      district: LIANYUNGANG.districts[i % LIANYUNGANG.districts.length]!.code,
      industry: LIANYUNGANG.industries[i % LIANYUNGANG.industries.length]!.code,
      agreedInvestment: 100_000_000 + (i % 50) * 10_000_000,
      signedOn: addDays(today, -(i % 300)),
      version: 1,
      updatedAt: new Date().toISOString(),
      updatedBy: 'bench',
    });
  });
  for (let at = 0; at < items.length; at += 25) {
    const batch = items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } }));
    let unprocessed: Record<string, unknown[]> | undefined = { [runtime.tableName]: batch };
    while (unprocessed && Object.keys(unprocessed).length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: unprocessed as never }));
      unprocessed = out.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
  doc.destroy();
}

// Times are the browser's own: when it painted the element marked `elementtiming` (Element Timing
// API), from the navigation's start or from the click's event time, not Playwright's round trips.
const RECORD_PAINTS = `
  window.__painted = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) (window.__painted[e.identifier] ??= []).push(e.renderTime || e.loadTime);
  }).observe({ type: 'element', buffered: true });
  document.addEventListener('click', (e) => { window.__clickAt = e.timeStamp; }, true);
`;

/** A fresh browser context (cold cache) signed in as `token`, as the sign-in screen would leave it. */
async function signedInPage(browser: Browser, token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  // Strings: they run in the page.
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  const stored = JSON.stringify({ token, groups: claims['cognito:groups'], name: claims.sub });
  await context.addInitScript(`sessionStorage.setItem('pipeline.session', ${JSON.stringify(stored)}); ${RECORD_PAINTS}`);
  return context.newPage();
}

/** When the element marked `identifier` was first painted after `since` (page time, ms). */
async function paintedAfter(page: Page, identifier: string, since = 0): Promise<number> {
  const find = `(window.__painted[${JSON.stringify(identifier)}] ?? []).find((t) => t > ${since})`;
  await page.waitForFunction(find, undefined, { timeout: 30_000 });
  return (await page.evaluate(find)) as number;
}

/** Milliseconds from navigation to the paint of `identifier`, over `runs` fresh pages signed in as `token`. */
async function timeTo(browser: Browser, url: string, token: string, identifier: string, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const page = await signedInPage(browser, token);
    await page.goto(url);
    samples.push(await paintedAfter(page, identifier));
    await page.context().close();
  }
  return samples;
}

/**
 * Milliseconds from a click on the menu's 项目库 to the paint of the list's first page, in an app
 * already open on the dashboard (the way a person reaches the list), over `runs` fresh pages.
 */
async function timeToListInApp(browser: Browser, url: string, token: string, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const page = await signedInPage(browser, token);
    await page.goto(url);
    await paintedAfter(page, FIGURE);
    await page.waitForLoadState('networkidle');
    // As a person would, after reading it: its charts' entry animations (1 s) are over.
    await page.waitForTimeout(2_000);
    await page.getByRole('menuitem', { name: '项目库' }).click();
    const clickedAt = (await page.evaluate('window.__clickAt')) as number;
    samples.push((await paintedAfter(page, LIST_ROW, clickedAt)) - clickedAt);
    await page.context().close();
  }
  return samples;
}

/** Milliseconds for the API to answer a text search that matches no project, over `runs` requests. */
async function timeSearch(url: string, token: string, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const response = await fetch(`${url}/projects?q=${encodeURIComponent('不存在的名称')}&limit=20`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await response.json()) as { items: unknown[] };
    if (!response.ok || page.items.length > 0) throw new Error(`search: ${response.status}, ${page.items.length} items`);
    samples.push(performance.now() - started);
  }
  return samples;
}

const FIGURE = 'figure-signed';
const LIST_ROW = 'list-first-row';

export async function benchWeb(options: { runs: number; registerSizes: number[] }): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-web-'));
  const system = await spawnLocalSystem(['--port', '0', '--data', dataDir], { ...process.env, LOCAL_JWT_SECRET: SECRET });
  const browser = await launchBrowser();
  const rows: Row[] = [];
  const group = 'web app (Chromium, npm start)';
  try {
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeFile;
    const token = await mintToken(SECRET, 'bench', ['bureau']);

    // First load: every JS and CSS response of a cold page, as transferred.
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', async (response) => {
      if (/\.(js|css)$/.test(new URL(response.url()).pathname)) bytes += Number(response.headers()['content-length'] ?? 0);
    });
    await page.goto(`${system.url}/app/`);
    await page.getByRole('button', { name: 'bureau', exact: true }).click();
    await page.locator('[data-figure="signed"] .number').waitFor();
    await page.waitForLoadState('networkidle');
    rows.push({ group, measure: 'dashboard first load: JS + CSS transferred (brotli)', samples: [bytes / 1024], unit: 'KB', digits: 0 });
    await context.close();

    const figures = await timeTo(browser, `${system.url}/app/`, token, FIGURE, options.runs);
    rows.push({ group, measure: 'navigation → dashboard figures visible', samples: figures, unit: 'ms', digits: 0 });
    rows.push({
      group,
      measure: 'navigation → dashboard figures visible, p95',
      samples: [percentile(figures, 0.95)],
      unit: 'ms',
      digits: 0,
    });

    let filled = 0;
    for (const size of options.registerSizes) {
      await fillRegister(runtime, filled, size - filled);
      filled = size;
      const projects = `${size.toLocaleString('en-US')} projects`;
      const inApp = await timeToListInApp(browser, `${system.url}/app/`, token, options.runs);
      const measure = `${projects}: 项目库 clicked → list's first page`;
      rows.push({ group, measure, samples: inApp, unit: 'ms', digits: 0 });
      rows.push({ group, measure: `${measure}, p95`, samples: [percentile(inApp, 0.95)], unit: 'ms', digits: 0 });
      const cold = await timeTo(browser, `${system.url}/app/projects`, token, LIST_ROW, options.runs);
      rows.push({ group, measure: `${projects}: navigation (cold) → list's first page`, samples: cold, unit: 'ms', digits: 0 });
      // A text search matches on what the index returns, so one that finds nothing reads all of it.
      const search = await timeSearch(system.url, token, options.runs);
      rows.push({
        group,
        measure: `${projects}: GET /projects?q= finding nothing (the whole index read)`,
        samples: search,
        unit: 'ms',
        digits: 0,
      });
    }
  } finally {
    await browser.close();
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

// npm run bench:web [-- --quick]: this group alone.
if (process.argv[1] === import.meta.filename) {
  const quick = process.argv.includes('--quick');
  const { markdownTable } = await import('./report');
  console.log(markdownTable(await benchWeb(quick ? { runs: 3, registerSizes: [1_000] } : { runs: 10, registerSizes: [1_000, 10_000] })));
  process.exit(0);
}
