import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { decide, type ProjectEvent } from '../../../../shared/domain/project';
import { publishStreamRecords } from '../../../../shared/pipeline/publisher';
import { toEventItem } from '../../../../shared/store/project-store';
import { context, signCommand } from '../../../support/fixtures';
import { streamInsert } from '../../../support/messages';

const eventBridge = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'cn-north-1' });
const noWait = async () => {};

function signedEvent(projectId: string, name = '项目'): ProjectEvent {
  const decision = decide(null, signCommand({ projectId, name }), context());
  if (decision.kind !== 'changed') throw new Error('expected a change');
  return decision.event;
}

const records = (n: number) => Array.from({ length: n }, (_, i) => streamInsert(toEventItem(signedEvent(`P-${i}`))));

beforeEach(() => eventBridge.reset());

describe('publishStreamRecords', () => {
  it('publishes each new EVENT item once, in requests of at most 10 entries', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
    const result = await publishStreamRecords(client, records(23), { busName: 'bus', backoff: noWait });
    expect(result.batchItemFailures).toEqual([]);
    const calls = eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!.length);
    expect(calls).toEqual([10, 10, 3]);
    const entry = eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries![0]!;
    expect(entry).toMatchObject({ Source: 'pipeline.projects', DetailType: 'ProjectSigned', EventBusName: 'bus' });
    expect(JSON.parse(entry.Detail!)).toMatchObject({ schemaVersion: 1, projectId: 'P-0', version: 1 });
  });

  it('retries only the entries EventBridge reports as failed', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'x' }, { EventId: 'c' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    const result = await publishStreamRecords(client, records(3), { busName: 'bus', backoff: noWait });
    expect(result.batchItemFailures).toEqual([]);
    const retried = eventBridge.commandCalls(PutEventsCommand)[1]!.args[0].input.Entries!;
    expect(retried.map((e) => JSON.parse(e.Detail!).projectId)).toEqual(['P-1']);
  });

  it('reports an entry that keeps failing as a batch item failure, by its sequence number', async () => {
    const batch = records(2);
    eventBridge.on(PutEventsCommand).callsFake((input) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((e: { Detail: string }) =>
        JSON.parse(e.Detail).projectId === 'P-1' ? { ErrorCode: 'ThrottlingException' } : { EventId: 'ok' },
      ),
    }));
    const result = await publishStreamRecords(client, batch, { busName: 'bus', maxAttempts: 3, backoff: noWait });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: batch[1]!.dynamodb!.SequenceNumber }]);
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 3);
  });

  it('a request that throws is retried, then its records are reported', async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error('socket hang up'));
    const batch = records(2);
    const result = await publishStreamRecords(client, batch, { busName: 'bus', maxAttempts: 2, backoff: noWait });
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(batch.map((r) => r.dynamodb!.SequenceNumber));
  });

  it('a record over the 256 KB limit is reported, not dropped, and the others still go', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
    const huge = signedEvent('P-huge');
    huge.detail.after.name = 'x'.repeat(140_000); // before and after both carry it: over 256 KB
    huge.detail.before = { ...huge.detail.after };
    const batch = [...records(2), streamInsert(toEventItem(huge))];
    const problems: string[] = [];
    const result = await publishStreamRecords(client, batch, { busName: 'bus', backoff: noWait, onProblem: (m) => problems.push(m) });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: batch[2]!.dynamodb!.SequenceNumber }]);
    expect(problems).toEqual(['event too large for EventBridge']);
    expect(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries).toHaveLength(2);
  });

  it('splits requests at 256 KB even under 10 entries', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
    const batch = Array.from({ length: 4 }, (_, i) => streamInsert(toEventItem(signedEvent(`B-${i}`, 'y'.repeat(100_000)))));
    const result = await publishStreamRecords(client, batch, { busName: 'bus', backoff: noWait });
    expect(result.batchItemFailures).toEqual([]);
    expect(eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!.length)).toEqual([2, 2]);
  });

  it('reports a malformed EVENT record and skips records that are not new EVENT items', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
    const good = streamInsert(toEventItem(signedEvent('P-ok')));
    const malformed = streamInsert({
      PK: 'PROJECT#P-bad',
      SK: 'EVENT#0000000001',
      entity: 'EVENT',
      detailType: 'ProjectSigned',
      detail: { projectId: 'P-bad' },
    });
    const project = streamInsert({ PK: 'PROJECT#P-ok', SK: 'PROJECT', entity: 'PROJECT' });
    const modify = { ...streamInsert(toEventItem(signedEvent('P-mod'))), eventName: 'MODIFY' as const };
    const result = await publishStreamRecords(client, [good, malformed, project, modify], { busName: 'bus', backoff: noWait });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: malformed.dynamodb!.SequenceNumber }]);
    expect(eventBridge.commandCalls(PutEventsCommand)[0]!.args[0].input.Entries).toHaveLength(1);
  });
});
