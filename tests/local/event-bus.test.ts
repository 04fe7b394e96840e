// The local bus accepts and refuses PutEvents entries as EventBridge does and routes by rule pattern.
import { describe, expect, it } from 'vitest';
import { rollupRulePattern } from '../../events';
import { LocalEventBus, type BusEvent } from '../../local/event-bus';

const entry = (detail: object | string = { schemaVersion: 1 }, overrides = {}) => ({
  Source: 'pipeline.projects',
  DetailType: 'ProjectSigned',
  Detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
  EventBusName: 'pipeline-bus',
  Time: 1_750_000_000,
  ...overrides,
});

function busWithRule(target: (e: BusEvent) => void | Promise<void> = () => {}) {
  const accepted: BusEvent[] = [];
  const bus = new LocalEventBus('pipeline-bus', {
    region: 'local',
    onAccepted: (e) => accepted.push(e),
    retry: { attempts: 3, delayMs: 1 },
  });
  bus.addRule({ name: 'rollups', pattern: rollupRulePattern, target });
  return { bus, accepted };
}

describe('LocalEventBus', () => {
  it('accepts valid entries and delivers those matching the rule, as an EventBridge envelope', async () => {
    const delivered: BusEvent[] = [];
    const { bus, accepted } = busWithRule((e) => void delivered.push(e));
    const result = await bus.putEvents([entry(), entry({ schemaVersion: 2 })]);
    expect(result.FailedEntryCount).toBe(0);
    expect(accepted).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 10));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      version: '0',
      source: 'pipeline.projects',
      'detail-type': 'ProjectSigned',
      time: '2025-06-15T15:06:40Z',
      detail: { schemaVersion: 1 },
    });
    expect(delivered[0]?.id).toBe((result.Entries[0] as { EventId: string }).EventId);
  });

  it('refuses more than 10 entries, or none, as a ValidationException', async () => {
    const { bus } = busWithRule();
    await expect(bus.putEvents(Array.from({ length: 11 }, () => entry()))).rejects.toThrow(/length between 1 and 10/);
    await expect(bus.putEvents([])).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('fails bad entries one by one and accepts the rest', async () => {
    const { bus, accepted } = busWithRule();
    const result = await bus.putEvents([
      entry('not json'),
      entry('[1]'),
      entry(undefined, { Source: '' }),
      entry(undefined, { EventBusName: 'other' }),
      entry(),
    ]);
    expect(result.FailedEntryCount).toBe(4);
    expect(result.Entries.map((e) => ('ErrorCode' in e ? e.ErrorCode : 'ok'))).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'ResourceNotFoundException',
      'ok',
    ]);
    expect(accepted).toHaveLength(1);
  });

  it('refuses a request over 256 KB', async () => {
    const { bus } = busWithRule();
    await expect(
      bus.putEvents([entry({ schemaVersion: 1, pad: 'x'.repeat(150_000) }), entry({ schemaVersion: 1, pad: 'x'.repeat(150_000) })]),
    ).rejects.toThrow(/over the limit/);
  });

  it('retries a failing target, then records the failure', async () => {
    let calls = 0;
    const { bus } = busWithRule(() => {
      calls += 1;
      throw new Error('queue full');
    });
    await bus.putEvents([entry()]);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(3);
    expect(bus.deliveryFailures).toMatchObject([{ rule: 'rollups', error: 'Error: queue full' }]);
  });
});
