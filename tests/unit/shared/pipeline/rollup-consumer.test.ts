import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { SQSRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { decide, type ProjectEvent } from '../../../../shared/domain/project';
import { consumeRollupMessages } from '../../../../shared/pipeline/rollup-consumer';
import { createDocumentClient } from '../../../../shared/store/client';
import { RollupStore } from '../../../../shared/store/rollup-store';
import { context, signCommand } from '../../../support/fixtures';
import { sqsRecord } from '../../../support/messages';

const ddb = mockClient(DynamoDBDocumentClient);
let store: RollupStore;

function signedEvent(projectId: string): ProjectEvent {
  const decision = decide(null, signCommand({ projectId }), context());
  if (decision.kind !== 'changed') throw new Error('expected a change');
  return decision.event;
}

const throttled = () => new ProvisionedThroughputExceededException({ $metadata: {}, message: 'Rate exceeded' });
const failures = (r: { batchItemFailures: { itemIdentifier: string }[] }) => r.batchItemFailures.map((f) => f.itemIdentifier);

beforeEach(() => {
  ddb.reset();
  store = new RollupStore(createDocumentClient(), 'pipeline', LIANYUNGANG);
});

describe('consumeRollupMessages', () => {
  it('applies a batch in one transaction: a marker per event and one ADD per rollup key', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const batch = [sqsRecord(signedEvent('A-1')), sqsRecord(signedEvent('A-2'))];
    expect(failures(await consumeRollupMessages(store, batch))).toEqual([]);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    // 2 markers + ALL, DISTRICT#xuwei, INDUSTRY#new-materials, MONTH#03 of ROLLUP#2025, merged;
    // signed 97 days before NOW without a start, both are red: the live view's ALL and DISTRICT#xuwei;
    // the signing under its day and month in each scope, and the city's open projects, which
    // entered their first age bucket that day and move on at 90 and 180 days.
    expect(items.filter((i) => i.Put).map((i) => i.Put!.Item!.PK)).toEqual([
      expect.stringMatching(/^APPLIED#/),
      expect.stringMatching(/^APPLIED#/),
    ]);
    const updates = items.filter((i) => i.Update).map((i) => i.Update!);
    expect(updates.map((u) => `${u.Key!.PK} ${u.Key!.SK}`).sort()).toEqual([
      'ROLLUP#2025 ALL',
      'ROLLUP#2025 DISTRICT#xuwei',
      'ROLLUP#2025 INDUSTRY#new-materials',
      'ROLLUP#2025 MONTH#03',
      'ROLLUP_DAYS#2025#2025-03 ALL#2025-03-10',
      'ROLLUP_DAYS#2025#2025-03 DISTRICT#xuwei#2025-03-10',
      'ROLLUP_DAYS#2025#2025-03 INDUSTRY#new-materials#2025-03-10',
      'ROLLUP_DAYS#2025#2025-03 MONTH#03#2025-03-10',
      'ROLLUP_DAYS#2025#2025-06 ALL#2025-06-08',
      'ROLLUP_DAYS#2025#2025-09 ALL#2025-09-06',
      'ROLLUP_LIVE ALL',
      'ROLLUP_LIVE DISTRICT#xuwei',
      'ROLLUP_MONTHS#2025 ALL#2025-03',
      'ROLLUP_MONTHS#2025 ALL#2025-06',
      'ROLLUP_MONTHS#2025 ALL#2025-09',
      'ROLLUP_MONTHS#2025 DISTRICT#xuwei#2025-03',
      'ROLLUP_MONTHS#2025 INDUSTRY#new-materials#2025-03',
      'ROLLUP_MONTHS#2025 MONTH#03#2025-03',
    ]);
    const all = updates.find((u) => u.Key!.SK === 'ALL')!;
    expect(all.ExpressionAttributeValues).toMatchObject({ ':v0': 2, ':v1': 3_000_000_000 });
  });

  it('a throttled batch transaction falls back to one event at a time', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(throttled()).resolves({});
    const batch = [sqsRecord(signedEvent('T-1')), sqsRecord(signedEvent('T-2'))];
    expect(failures(await consumeRollupMessages(store, batch))).toEqual([]);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it('events still throttled one by one are reported for redelivery, the rest applied', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
    const batch = [sqsRecord(signedEvent('T-3')), sqsRecord(signedEvent('T-4'))];
    expect(failures(await consumeRollupMessages(store, batch))).toEqual([batch[0]!.messageId]);
  });

  it('a duplicate (its marker exists) is skipped, not reported', async () => {
    const duplicate = new TransactionCanceledException({
      $metadata: {},
      message: 'cancelled',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejects(duplicate);
    expect(failures(await consumeRollupMessages(store, [sqsRecord(signedEvent('D-1'))]))).toEqual([]);
  });

  it('a malformed message is reported (and so dead-lettered by SQS); the others are applied', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const good = sqsRecord(signedEvent('M-1'));
    const notJson = { messageId: 'bad-1', body: '{nope' } as SQSRecord;
    const wrongSource = { messageId: 'bad-2', body: JSON.stringify({ ...JSON.parse(good.body), source: 'other' }) } as SQSRecord;
    const problems: string[] = [];
    const result = await consumeRollupMessages(store, [notJson, good, wrongSource], (m) => problems.push(m));
    expect(failures(result)).toEqual(['bad-1', 'bad-2']);
    expect(problems).toEqual(['malformed rollup message', 'malformed rollup message']);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
