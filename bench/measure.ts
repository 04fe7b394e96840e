// Counting and summarising helpers for the benchmarks.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** "(min–max)" of a sample, for a spread beside the median. */
/** The value below which `q` of the values fall (nearest rank). */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

export function spread(values: readonly number[], digits = 2): string {
  return `(${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
}

/**
 * Counts the DynamoDB requests a client sends, the items they write, and the write capacity units
 * those cost by DynamoDB's published rule: 1 WCU per item write of up to 1 KB, 2 in a transaction.
 * (DynamoDB Local's own ConsumedCapacity for TransactWriteItems is a flat 4 per request, so it is
 * not used.) Item sizes are rounded up to whole KB from their JSON length, which slightly
 * overstates DynamoDB's own item size.
 */
export function countDynamoDbUsage(doc: DynamoDBDocumentClient) {
  const totals = { requests: 0, writeRequests: 0, itemsWritten: 0, writeUnits: 0 };
  const units = (item: unknown) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item ?? {})) / 1024));
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      totals.requests += 1;
      const input = args.input as Record<string, unknown>;
      if (/^TransactWrite/.test(context.commandName ?? '')) {
        totals.writeRequests += 1;
        for (const op of (input.TransactItems as Record<string, { Item?: unknown; Key?: unknown }>[]) ?? []) {
          const write = op.Put ?? op.Update ?? op.Delete;
          if (!write) continue;
          totals.itemsWritten += 1;
          totals.writeUnits += 2 * units(write.Item ?? write.Key);
        }
      } else if (/^(Put|Update|Delete)(Item)?Command$/.test(context.commandName ?? '')) {
        totals.writeRequests += 1;
        totals.itemsWritten += 1;
        totals.writeUnits += units(input.Item ?? input.Key);
      }
      return next(args);
    },
    { step: 'initialize', name: 'countDynamoDbUsage' },
  );
  return {
    get requests() {
      return totals.requests;
    },
    get writeRequests() {
      return totals.writeRequests;
    },
    get itemsWritten() {
      return totals.itemsWritten;
    },
    get writeUnits() {
      return totals.writeUnits;
    },
    reset() {
      totals.requests = 0;
      totals.writeRequests = 0;
      totals.itemsWritten = 0;
      totals.writeUnits = 0;
    },
  };
}

/**
 * Counts read requests and the read capacity DynamoDB reports for them (each read asks for
 * ReturnConsumedCapacity), so a benchmark can show how reads grow with the data.
 */
export function countDynamoDbReads(doc: DynamoDBDocumentClient) {
  const totals = { requests: 0, readUnits: 0, items: 0 };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (!/^(Get|Query|Scan|BatchGet)/.test(context.commandName ?? '')) return next(args);
      totals.requests += 1;
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: { CapacityUnits?: number }; Count?: number; Item?: unknown };
      totals.readUnits += output.ConsumedCapacity?.CapacityUnits ?? 0;
      totals.items += output.Count ?? (output.Item ? 1 : 0);
      return result;
    },
    { step: 'initialize', name: 'countDynamoDbReads' },
  );
  return {
    get requests() {
      return totals.requests;
    },
    get readUnits() {
      return totals.readUnits;
    },
    get items() {
      return totals.items;
    },
    reset() {
      totals.requests = 0;
      totals.readUnits = 0;
      totals.items = 0;
    },
  };
}
