import { defineConfig } from 'vitest/config';

// One project per tier, so each runs on its own (`npm run test:unit` and the rest) and `npm test`
// runs them all. Only the integration tier starts DynamoDB Local (Java).
const tier = (name: string, extra: { globalSetup?: string[] } = {}) => ({
  extends: true as const,
  test: { name, include: [`tests/${name}/**/*.test.ts`], ...extra },
});

export default defineConfig({
  test: {
    setupFiles: ['tests/support/matchers.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      tier('unit'),
      // Starts one DynamoDB Local for the tier; each test file makes its own table.
      tier('integration', { globalSetup: ['tests/support/dynamodb-local.global.ts'] }),
      tier('local'),
      tier('infra'),
      tier('e2e'),
    ],
  },
});
