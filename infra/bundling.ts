// How every function is bundled, in one place: the stack's NodejsFunction and the bench's and the
// budget test's esbuild runs use these settings, so what is measured is what is deployed.
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/** The functions, by their handler file under functions/. */
export const FUNCTION_NAMES = [
  'api',
  'spreadsheets',
  'import-worker',
  'publish',
  'rollup',
  'digest',
  'reconcile',
  'alert-sweep',
  'alert-notice',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export const FUNCTION_ENTRY = (name: string) => join(import.meta.dirname, '..', 'functions', `${name}.ts`);

/**
 * The bundles' syntax: Node.js 24, what the functions run on (nodejs24.x, the latest Lambda
 * runtime, which cdk-nag requires) and what `npm start`, the tests and the bench run on
 * (local/on-node-24.mjs), so what is tested is what runs.
 */
export const NODE_TARGET = 'node24';

/**
 * ESM, so that esbuild tree-shakes what the handler does not reach; packages' ESM builds first
 * (`module`), or zod and the AWS SDK come in whole from their CommonJS builds. A few bundled
 * packages still call `require` for Node's built-ins: the banner gives ESM one.
 */
export const ESM_MAIN_FIELDS = ['module', 'main'];
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Modules bundled in place of others, relative to the repository's root (see each file for why). */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': './infra/lambda-credential-provider.ts',
  'source-map-js': './infra/source-map-consumer.ts',
  'mnemonist/lru-cache': './infra/lru-cache.ts',
};

/** The repository's root, where esbuild resolves the aliases. */
export const BUNDLE_ROOT = join(import.meta.dirname, '..');

/** Every function's bundle, source map not counted, stays within this (the test in tests/infra fails past it). */
export const BUNDLE_BUDGET_BYTES = 500 * 1024;

/**
 * Bundles allowed past the budget, and by how much. spreadsheets carries the libraries that read
 * and write workbooks and CSV (write-excel-file 60 KiB, read-excel-file 60, csv-parse 30, fflate
 * 15) on top of the 470 KiB every API function has (the year's report counts as the rollups do,
 * with the figures as of a date and the projection since v3, and the 内资/外资 and size-band columns
 * and the 新签约项目情况表 sheet, 641 KiB); it serves a few imports and exports a day. Loading them
 * on first use instead of at init is issue 15's (cold starts).
 */
export const BUNDLE_BUDGET_EXCEPTIONS: Partial<Record<FunctionName, number>> = { spreadsheets: 650 * 1024 };

export function bundleBudget(name: FunctionName): number {
  return BUNDLE_BUDGET_EXCEPTIONS[name] ?? BUNDLE_BUDGET_BYTES;
}

/** The same settings as esbuild options, for the bench and the budget test that run esbuild themselves. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    mainFields: ESM_MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    alias: BUNDLE_ALIASES,
    absWorkingDir: BUNDLE_ROOT,
    minify: true,
    sourcemap: true,
    logLevel: 'silent',
  };
}
