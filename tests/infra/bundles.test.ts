// The functions as Lambda runs them: each bundled with the stack's settings (infra/bundling.ts)
// loads within its budget at init, and the bundle loads and answers as an ES module on Node, its
// chunks loaded on first use included.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { apiEvent } from '../support/http';
import {
  BUNDLE_ENTRY_FILE,
  BUNDLE_BUDGET_BYTES,
  bundleSizes,
  esbuildOptions,
  FUNCTION_ENTRY,
  FUNCTION_NAMES,
  type BundleSizes,
} from '../../infra/bundling';

const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundled(name: string): Promise<{ file: string; sizes: BundleSizes }> {
  const outdir = join(dir, name);
  const { metafile } = await build(esbuildOptions(FUNCTION_ENTRY(name), outdir));
  return { file: join(outdir, BUNDLE_ENTRY_FILE), sizes: bundleSizes(metafile!) };
}

describe('the functions’ bundles', () => {
  it.each(FUNCTION_NAMES.map((name) => [name, BUNDLE_BUDGET_BYTES / 1024]))(
    '%s loads at most %i KiB at init (its source maps not counted), and calls no require',
    async (name) => {
      const { file, sizes } = await bundled(name);
      expect(sizes.atInit, `${name}: ${Math.round(sizes.atInit / 1024)} KiB`).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
      // esbuild's shim for a require it cannot resolve in ESM, which throws when reached.
      for (const chunk of readdirSync(dirname(file)).filter((f) => f.endsWith('.mjs'))) {
        expect(readFileSync(join(dirname(file), chunk), 'utf8'), `${name}/${chunk}`).not.toContain('Dynamic require of');
      }
    },
  );

  /** A request answered by the function's bundle in a fresh Node, as Lambda runs it: its status and body. */
  async function answer(name: string, event: unknown): Promise<{ status: number; body: unknown }> {
    const file = pathToFileURL((await bundled(name)).file).href;
    const script = `const { handler } = await import(${JSON.stringify(file)});
      const result = await handler(${JSON.stringify(event)}, { functionName: '${name}', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 });
      process.stdout.write(JSON.stringify({ status: result.statusCode, body: JSON.parse(result.body) }));`;
    const out = execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
      env: {
        ...process.env,
        TABLE_NAME: 't',
        AWS_REGION: 'ap-east-1',
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      },
      encoding: 'utf8',
    });
    return JSON.parse(out);
  }

  it('the API’s bundle loads as an ES module and answers GET /openapi.json from the chunk it loads on first use', async () => {
    const { status, body } = await answer('api', apiEvent('GET', '/openapi.json', { groups: null }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ openapi: '3.1.0' });
    // The document describes the spreadsheets function's routes too, though the api does not serve them.
    expect(Object.keys((body as { paths: object }).paths)).toContain('/projects/import');
  });

  it('the spreadsheets bundle loads its workbook readers on first use: a register without its 项目编号 column is refused by them', async () => {
    const csv = Buffer.from('项目名称,投资方,所属区县,行业,协议投资额（亿元）,签约日期\n', 'utf8');
    const event = apiEvent('POST', '/projects/import', { bytes: csv, headers: { 'content-type': 'text/csv' } });
    const { status, body } = await answer('spreadsheets', event);
    expect(status).toBe(422);
    expect(body).toMatchObject({ errors: [{ field: 'header.projectId', rule: expect.stringContaining('项目编号') }] });
  });
});
