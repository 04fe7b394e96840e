// The functions as Lambda runs them: each bundled with the stack's settings (infra/bundling.ts)
// stays within its budget, and the bundle loads and answers as an ES module on Node.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleBudget, esbuildOptions, FUNCTION_ENTRY, FUNCTION_NAMES } from '../../infra/bundling';

const dir = mkdtempSync(join(tmpdir(), 'bundles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundled(name: string): Promise<string> {
  const outfile = join(dir, name, 'index.mjs');
  await build(esbuildOptions(FUNCTION_ENTRY(name), outfile));
  return outfile;
}

describe('the functions’ bundles', () => {
  it.each(FUNCTION_NAMES.map((name) => [name, bundleBudget(name) / 1024]))(
    '%s stays within %i KiB (its source map not counted)',
    async (name) => {
      const size = statSync(await bundled(name)).size;
      expect(size, `${name}: ${Math.round(size / 1024)} KiB`).toBeLessThanOrEqual(bundleBudget(name));
    },
  );

  it('the API’s bundle loads as an ES module and answers GET /openapi.json, as in Lambda', async () => {
    const file = pathToFileURL(await bundled('api')).href;
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/openapi.json',
      headers: {},
      requestContext: { http: { method: 'GET', path: '/openapi.json' } },
    };
    const script = `const { handler } = await import(${JSON.stringify(file)});
      const result = await handler(${JSON.stringify(event)}, { functionName: 'api', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 });
      process.stdout.write(JSON.stringify({ status: result.statusCode, openapi: JSON.parse(result.body).openapi }));`;
    const out = execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
      env: {
        ...process.env,
        TABLE_NAME: 't',
        AWS_REGION: 'ap-east-1',
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'x',
        POWERTOOLS_METRICS_DISABLED: 'true',
      },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ status: 200, openapi: '3.1.0' });
  });
});
