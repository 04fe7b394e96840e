// The store's error mapping, with DynamoDB mocked.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { executeCommand } from '../../../../shared/commands/execute';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { VersionConflictError } from '../../../../shared/domain/errors';
import { createDocumentClient } from '../../../../shared/store/client';
import { ProjectStore } from '../../../../shared/store/project-store';
import { NOW, signCommand } from '../../../support/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const options = { actor: 'clerk-1', config: LIANYUNGANG, now: NOW };
let store: ProjectStore;

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  store = new ProjectStore(createDocumentClient(), 'pipeline');
});

const cancelled = (code: string) =>
  new TransactionCanceledException({
    $metadata: {},
    message: 'Transaction cancelled',
    CancellationReasons: [{ Code: code }, { Code: 'None' }],
  });

describe('ProjectStore.commit', () => {
  it('writes the project (conditional on being new) and its EVENT item in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await executeCommand(store, signCommand(), options);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => [i.Put?.Item?.PK, i.Put?.Item?.SK, i.Put?.ConditionExpression])).toEqual([
      ['PROJECT#LYG-2025-001', 'PROJECT', 'attribute_not_exists(#pk)'],
      ['PROJECT#LYG-2025-001', 'EVENT#0000000001', 'attribute_not_exists(#pk)'],
    ]);
    expect(items[0]?.Put?.Item).toMatchObject({ status: 'signed', GSI1PK: 'STATUS#signed#xuwei', GSI1SK: '2025-03-10#LYG-2025-001' });
    expect(items[1]?.Put?.Item).toMatchObject({ entity: 'EVENT', detailType: 'ProjectSigned', detail: { version: 1, before: null } });
    // The event id makes an SDK retry of this very commit idempotent.
    const input = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input;
    expect(input.ClientRequestToken).toBe(items[1]?.Put?.Item?.eventId);
  });

  it.each(['ConditionalCheckFailed', 'TransactionConflict'])(
    'turns a transaction cancelled by %s into a VersionConflictError',
    async (code) => {
      ddb.on(TransactWriteCommand).rejects(cancelled(code));
      await expect(executeCommand(store, signCommand(), options)).rejects.toBeInstanceOf(VersionConflictError);
    },
  );

  it('reports other cancellations (throttling is not a conflict) by their codes, never with the stored item', async () => {
    const withItem = new TransactionCanceledException({
      $metadata: {},
      message: 'Transaction cancelled',
      CancellationReasons: [{ Code: 'ThrottlingError', Item: { investor: { S: '江苏某新材料有限公司' } } }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejects(withItem);
    const error = (await executeCommand(store, signCommand(), options).catch((e: unknown) => e)) as Error;
    expect(error).not.toBeInstanceOf(VersionConflictError);
    expect(error.message).toBe('the change to project LYG-2025-001 was cancelled by DynamoDB: ThrottlingError, None');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('江苏某新材料');
  });
});
