import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const emulator = await startDynamoDbLocal();
  project.provide('dynamoDbEndpoint', emulator.endpoint);
  return () => emulator.stop();
}
