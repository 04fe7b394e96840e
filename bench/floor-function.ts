// The floor of the functions' cold starts: a bundle of nothing but a DynamoDB client, which every
// function creates. bench/functions.ts bundles it with the functions' settings and times it beside them.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const client = new DynamoDBClient({});
