// Which stream records reach which consumer, as Lambda filter criteria (EventBridge pattern syntax
// over the stream record). The CDK event source mapping and the local stream poller use these.
import { Entity } from './keys';

/** New EVENT items (the outbox): the publish function's records. */
export const EVENT_INSERT_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: [Entity.event] } } },
} as const;

/** DIGEST items, new or recomposed: the local runtime writes them to files. */
export const DIGEST_WRITE_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { NewImage: { entity: { S: [Entity.digest] } } },
} as const;

/** New import chunks: the import worker's records. */
export const IMPORT_CHUNK_INSERT_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: [Entity.importChunk] } } },
} as const;
