// The local bus's endpoint takes PutEvents signed with the run's credential, as the publish handler's
// EventBridgeClient sends them, and nothing else: an event it refuses reaches no rule.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rollupRulePattern } from '../../events';
import { newBusCredentials, serveBus, type BusCredentials } from '../../local/bus-endpoint';
import { LocalEventBus, type BusEvent } from '../../local/event-bus';

const credentials = newBusCredentials();
const delivered: BusEvent[] = [];
const bus = new LocalEventBus('pipeline-local', { region: 'local' });
bus.addRule({ name: 'rollups', pattern: rollupRulePattern, target: (event) => void delivered.push(event) });
let endpoint: Awaited<ReturnType<typeof serveBus>>;
beforeAll(async () => {
  endpoint = await serveBus(bus, credentials);
});
afterAll(() => endpoint.close());
beforeEach(() => void delivered.splice(0));

const signed = {
  Source: 'pipeline.projects',
  DetailType: 'ProjectSigned',
  Detail: JSON.stringify({ schemaVersion: 1, amount: 1 }),
  EventBusName: 'pipeline-local',
};
const clientWith = (signingCredentials: BusCredentials) =>
  new EventBridgeClient({ endpoint: endpoint.url, region: 'local', credentials: signingCredentials, maxAttempts: 1 });
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the local bus endpoint', () => {
  it("accepts PutEvents signed with the run's credential, as the publish handler sends them", async () => {
    const result = await clientWith(credentials).send(new PutEventsCommand({ Entries: [signed] }));
    expect(result.FailedEntryCount).toBe(0);
    await settled();
    expect(delivered).toHaveLength(1);
  });

  it('refuses an unsigned PutEvents', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: JSON.stringify({ Entries: [signed] }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ __type: 'UnrecognizedClientException' });
    await settled();
    expect(delivered).toEqual([]);
  });

  it('refuses PutEvents signed with other credentials, the well-known local/local included', async () => {
    const local = clientWith({ accessKeyId: 'local', secretAccessKey: 'local' });
    await expect(local.send(new PutEventsCommand({ Entries: [signed] }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    const guessedSecret = clientWith({ accessKeyId: credentials.accessKeyId, secretAccessKey: 'a guess' });
    await expect(guessedSecret.send(new PutEventsCommand({ Entries: [signed] }))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
    await settled();
    expect(delivered).toEqual([]);
  });

  it('refuses a signed request whose body was changed after signing', async () => {
    const tampering = clientWith(credentials);
    // Last in the finalize step: after the request was signed.
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: unknown };
        request.body = new TextDecoder().decode(request.body as Uint8Array).replace('"amount\\":1', '"amount\\":9');
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await expect(tampering.send(new PutEventsCommand({ Entries: [signed] }))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    await settled();
    expect(delivered).toEqual([]);
  });
});
