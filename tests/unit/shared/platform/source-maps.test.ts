import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../../../../shared/platform/source-maps';

const dir = mkdtempSync(join(tmpdir(), 'source-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a logged error’s stack', () => {
  it('points at the TypeScript source through the map beside a minified bundle', async () => {
    const outfile = join(dir, 'index.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, '../../../fixtures/source-maps/thrower.ts')],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      minify: true,
      sourcemap: true,
      logLevel: 'silent',
    });
    // The stack V8 writes for the throw in the bundle (the test runner maps real stacks itself).
    const code = readFileSync(outfile, 'utf8');
    const column = code.indexOf('throw new Error') + 1;
    const stack = `Error: failed on purpose\n    at e (${pathToFileURL(outfile).href}:1:${column})\n    at main (${outfile}:1:${column})`;
    const mapped = sourceMappedStack(stack);
    expect(mapped).not.toContain('index.mjs');
    expect(mapped).toMatch(/fixtures\/source-maps\/thrower\.ts:3:\d+/);
    expect(mapped.split('\n')[0]).toBe('Error: failed on purpose');
  });

  it('is left as it is where no map is beside the file', () => {
    const stack = 'Error: x\n    at f (/var/task/none.mjs:1:10)\n    at node:internal/process:1:1';
    expect(sourceMappedStack(stack)).toBe(stack);
  });
});
