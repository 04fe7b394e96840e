// An HTTP endpoint speaking EventBridge's AWS JSON 1.1 protocol for PutEvents, so the publish
// handler's own EventBridgeClient (AWS_ENDPOINT_URL_EVENTBRIDGE) talks to the local bus unchanged.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BusValidationError, type LocalEventBus, type PutEventsEntry } from './event-bus';

export async function serveBus(bus: LocalEventBus): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        return reply(400, { __type: 'UnknownOperationException', message: `${String(target)} is not served by the local bus` });
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: PutEventsEntry[] };
      reply(200, await bus.putEvents(input.Entries ?? []));
    } catch (error) {
      if (error instanceof BusValidationError) return reply(400, { __type: 'ValidationException', message: error.message });
      reply(500, { __type: 'InternalException', message: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
