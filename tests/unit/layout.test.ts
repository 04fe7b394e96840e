// The tree's import rules (.dependency-cruiser.cjs): no circles, a pure domain, the store below the
// features. The fixture proves the rules catch each fault; the real tree must have none.
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs'));

async function violations(baseDir: string, dirs: string[]) {
  const { output } = await cruise(dirs, {
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    baseDir,
  });
  return (output as ICruiseResult).summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('layout', () => {
  it('the tree has no import circle, a pure domain, and a store that imports no feature', async () => {
    expect(await violations(root, ['events', 'shared', 'functions', 'infra', 'local', 'bench'])).toEqual([]);
  }, 60_000);

  it('the rules catch a circle, an impure domain and a store importing a feature', async () => {
    const found = await violations(path.join(root, 'tests/fixtures/layout'), ['shared']);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-circular: shared\/store\/loop-a\.ts → shared\/store\/loop-b\.ts/),
        'domain-is-pure: shared/domain/impure.ts → shared/store/loop-a.ts',
        'store-below-features: shared/store/loop-a.ts → shared/digest/feature.ts',
      ]),
    );
  });
});
