import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Starts one DynamoDB Local for the run; integration tests each make their own table.
    globalSetup: ['tests/support/dynamodb-local.global.ts'],
    setupFiles: ['tests/support/matchers.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
