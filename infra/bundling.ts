// How every function is bundled, in one place: the stack's function assets and the bench's and the
// budget test's esbuild runs use these settings, so what is measured is what is deployed.
import { join } from 'node:path';
import type { BuildOptions, Metafile } from 'esbuild';

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
 * (`module`), or zod and the AWS SDK come in whole from their CommonJS builds. No bundled code
 * calls `require` (the budget test fails if esbuild has to shim one, which would throw in ESM).
 */
const ESM_MAIN_FIELDS = ['module', 'main'];

/**
 * Left as imports nobody makes: the AWS SDK's browser user agent `import()`s bowser, never in
 * Node; bundled, it would be a 34 KiB chunk in every function that nothing loads.
 */
const NEVER_LOADED = ['bowser'];

/** Modules bundled in place of others, relative to the repository's root (see each file for why). */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': './infra/lambda-credential-provider.ts',
  'mnemonist/lru-cache': './infra/lru-cache.ts',
};

/** The repository's root, where esbuild resolves the aliases. */
export const BUNDLE_ROOT = join(import.meta.dirname, '..');

/**
 * What every function's bundle loads at init stays within this, source maps not counted (the test in
 * tests/infra fails past it); chunks loaded on first use are not counted.
 */
export const BUNDLE_BUDGET_BYTES = 500 * 1024;

/** The file Lambda loads (its handler is `index.handler`); what it loads on first use sits beside it as chunks. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';

/**
 * The same settings as esbuild options, for the stack's asset, the bench and the budget test.
 * Split into chunks: what a handler imports by `import()` (the workbook libraries, the OpenAPI
 * document, the digests' composition) is loaded when first used, not at init, and the chunks share
 * the modules they have in common, so one module is one instance (one zod schema, one error class).
 */
export function esbuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    mainFields: ESM_MAIN_FIELDS,
    external: NEVER_LOADED,
    alias: BUNDLE_ALIASES,
    absWorkingDir: BUNDLE_ROOT,
    minify: true,
    sourcemap: true,
    // A logged error's stack needs the positions, not the sources' text (2.4 MB in the api's maps).
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
  };
}

export interface BundleSizes {
  /** What Node reads and runs at init: the entry file and every chunk it imports statically. */
  atInit: number;
  /** The entry and every chunk it can load, on first use included (source maps not counted). */
  total: number;
  /** The files loaded at init, relative to the output folder. */
  initFiles: string[];
}

/** A bundle's sizes from esbuild's metafile (output paths are relative to BUNDLE_ROOT). */
export function bundleSizes(metafile: Metafile): BundleSizes {
  const outputs = metafile.outputs;
  // By name: a chunk loaded by import() is an entry point in the metafile too.
  const entry = Object.keys(outputs).find((path) => path.endsWith(`/${BUNDLE_ENTRY_FILE}`));
  if (!entry) throw new Error(`the bundle has no ${BUNDLE_ENTRY_FILE}`);
  const reachable = (kinds: string[]) => {
    const found = new Set<string>();
    const visit = (path: string) => {
      if (found.has(path)) return;
      found.add(path);
      for (const i of outputs[path]!.imports) if (kinds.includes(i.kind) && outputs[i.path]) visit(i.path);
    };
    visit(entry);
    return found;
  };
  const atInit = reachable(['import-statement']);
  const bytes = (paths: Iterable<string>) => [...paths].reduce((sum, path) => sum + outputs[path]!.bytes, 0);
  return {
    atInit: bytes(atInit),
    total: bytes(reachable(['import-statement', 'dynamic-import'])),
    initFiles: [...atInit].map((path) => path.split('/').pop()!),
  };
}
