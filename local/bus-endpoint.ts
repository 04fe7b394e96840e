// An HTTP endpoint speaking EventBridge's AWS JSON 1.1 protocol for PutEvents, so the publish
// handler's own EventBridgeClient (AWS_ENDPOINT_URL_EVENTBRIDGE) talks to the local bus unchanged.
// It takes requests signed (SigV4) with this run's credential only, which the runtime gives to the
// publish handler alone: anything else could put made-up events into the rollups.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BusValidationError, type LocalEventBus, type PutEventsEntry } from './event-bus';
import { parseAuthorization, signatureMatches } from './sigv4';

export interface BusCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A credential for one run, known to no one outside this process. */
export function newBusCredentials(): BusCredentials {
  return { accessKeyId: `LOCAL${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(32).toString('base64url') };
}

const ONLY_THE_PUBLISHER = "the local bus takes events from this run's publish handler only; change projects through the API";

export async function serveBus(bus: LocalEventBus, credentials: BusCredentials): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
    try {
      // The key id first, so a stranger's request body is never buffered.
      const authorization = parseAuthorization(req.headers.authorization);
      if (authorization?.accessKeyId !== credentials.accessKeyId) {
        return reply(403, {
          __type: 'UnrecognizedClientException',
          message: `The security token included in the request is invalid: ${ONLY_THE_PUBLISHER}`,
        });
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if (
        !signatureMatches(
          { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body },
          authorization,
          credentials.secretAccessKey,
        )
      ) {
        return reply(403, {
          __type: 'InvalidSignatureException',
          message: `The request signature we calculated does not match the signature you provided: ${ONLY_THE_PUBLISHER}`,
        });
      }
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        return reply(400, { __type: 'UnknownOperationException', message: `${String(target)} is not served by the local bus` });
      }
      const input = JSON.parse(body.toString('utf8')) as { Entries?: PutEventsEntry[] };
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
