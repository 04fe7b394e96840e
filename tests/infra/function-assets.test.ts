// The stack's function code as synthesized with bundling on (the stack tests turn it off for speed):
// each function gets its own bundle. CDK caches bundles by their options' JSON, and every function's
// options are alike but for its entry, so an entry the cache key cannot see would give them all one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_ENTRY_FILE } from '../../infra/bundling';
import { PipelineFunction } from '../../infra/pipeline-function';
import { LIANYUNGANG } from '../../shared/domain/city-config';

const outdir = mkdtempSync(join(tmpdir(), 'function-assets-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the functions’ code in the cloud assembly', () => {
  it('is each function’s own bundle, its handler index.handler', () => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Assets');
    const names = ['publish', 'rollup'] as const;
    for (const name of names) new PipelineFunction(stack, name, { stage: 'test', name, retain: false, config: LIANYUNGANG });
    const assembly = app.synth();
    const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
    const sourcesOf = (f: (typeof functions)[number]) => {
      const asset = String(f.Properties.Code.S3Key).replace(/\.zip$/, '');
      const map = JSON.parse(readFileSync(join(assembly.directory, `asset.${asset}`, `${BUNDLE_ENTRY_FILE}.map`), 'utf8'));
      return (map.sources as string[]).filter((s) => s.includes('functions/'));
    };
    expect(functions.map((f) => f.Properties.Handler)).toEqual(['index.handler', 'index.handler']);
    expect(functions.map(sourcesOf)).toEqual(names.map((name) => [expect.stringMatching(new RegExp(`functions/${name}\\.ts$`))]));
  });
});
