// DynamoDB clients, created once per container. DYNAMODB_ENDPOINT points them at DynamoDB Local.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createDynamoDbClient(endpoint = process.env.DYNAMODB_ENDPOINT): DynamoDBClient {
  const config: DynamoDBClientConfig = {};
  if (endpoint) {
    // DynamoDB Local accepts any credentials; fixed ones keep it off the credential provider chain.
    config.endpoint = endpoint;
    config.region = process.env.AWS_REGION ?? 'ap-east-1';
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new DynamoDBClient(config);
}

export function createDocumentClient(client: DynamoDBClient = createDynamoDbClient()): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
