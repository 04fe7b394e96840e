// The Lambda entry points wire clients from the environment and delegate; one call each proves the wiring.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decide } from '../../../shared/domain/project';
import { digestPartition } from '../../../shared/store/keys';
import { toEventItem } from '../../../shared/store/project-store';
import { context, signCommand } from '../../support/fixtures';
import { sqsRecord, streamInsert } from '../../support/messages';
import { lambdaContext } from '../../../local/lambda-context';

const eventBridge = mockClient(EventBridgeClient);
const ddb = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);
const decision = decide(null, signCommand(), context());
if (decision.kind !== 'changed') throw new Error('expected a change');
const event = decision.event;

beforeAll(() => {
  vi.stubEnv('TABLE_NAME', 'pipeline-test');
  vi.stubEnv('EVENT_BUS_NAME', 'bus-test');
  vi.stubEnv('AWS_REGION', 'cn-north-1');
  vi.stubEnv('DIGEST_TOPIC_ARN', 'arn:aws:sns:cn-north-1:123456789012:digests-test');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});

describe('Lambda handlers', () => {
  it('publish sends the stream batch to the configured bus', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
    const { handler } = await import('../../../functions/publish');
    const result = await handler({ Records: [streamInsert(toEventItem(event))] } as DynamoDBStreamEvent, lambdaContext('publish'));
    expect(result.batchItemFailures).toEqual([]);
    expect(eventBridge).toHaveReceivedCommandWith(PutEventsCommand, { Entries: [expect.objectContaining({ EventBusName: 'bus-test' })] });
  });

  it('rollup applies the SQS batch to the configured table', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const { handler } = await import('../../../functions/rollup');
    const result = await handler({ Records: [sqsRecord(event)] } as SQSEvent, lambdaContext('rollup'));
    expect(result.batchItemFailures).toEqual([]);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.TableName).toBe('pipeline-test');
  });

  it('reconcile takes {year, repair} and refuses anything else', async () => {
    ddb.on(ScanCommand).resolves({ Items: [] });
    ddb.on(QueryCommand).resolves({ Items: [] });
    const { handler } = await import('../../../functions/reconcile');
    await expect(handler({ year: 2025 }, lambdaContext('reconcile'))).resolves.toMatchObject([{ year: 2025, projects: 0, drift: [] }]);
    await expect(handler({ year: 'last' }, lambdaContext('reconcile'))).rejects.toThrow(/year/);
  });

  it('the nightly reconcile also checks the year just ended during January', async () => {
    const { yearsToCheck } = await import('../../../functions/reconcile');
    expect(yearsToCheck('2026-01-31')).toEqual([2026, 2025]);
    expect(yearsToCheck('2026-02-01')).toEqual([2026]);
    expect(yearsToCheck('2025-12-31')).toEqual([2025]);
  });

  it('digest composes the scheduled period, stores it and publishes it to the topic', async () => {
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
    // Nothing stored for the period (nor targets) until the digest's put.
    let stored: Record<string, unknown> | undefined;
    ddb
      .on(GetCommand)
      .callsFake((input: { Key: { PK: string } }) => ({ Item: input.Key.PK === digestPartition('monthly') ? stored : undefined }));
    ddb.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
      stored = input.Item;
      return {};
    });
    ddb.on(UpdateCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const { handler } = await import('../../../functions/digest');
    const run = await handler({ kind: 'monthly', asOf: '2025-07-01' }, lambdaContext('digest'));
    expect(run).toMatchObject({ period: '2025-07', composed: true, sent: [{ channel: 'sns', ok: true }] });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: 'arn:aws:sns:cn-north-1:123456789012:digests-test' });
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input.UpdateExpression).toBe('SET #delivery = :delivery');
    await expect(handler({ kind: 'daily' }, lambdaContext('digest'))).rejects.toThrow(/kind/);
  });
});
