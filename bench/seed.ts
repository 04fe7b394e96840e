// Seeding the benchmarks' tables quickly: rollup rows written whole, not ADDed one by one.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CohortCounters } from '../shared/domain/rollup';
import { Entity, rollupKey } from '../shared/store/keys';

/** Writes rollup rows as whole items, 25 a request (seeding only: the pipeline ADDs). */
export async function putRollupRows(doc: DynamoDBDocumentClient, tableName: string, rows: readonly CohortCounters[]): Promise<void> {
  const puts = rows.map((r) => ({ PutRequest: { Item: { ...rollupKey(r.cohort), entity: Entity.rollup, ...r.counters } } }));
  const batches = Array.from({ length: Math.ceil(puts.length / 25) }, (_, i) => puts.slice(i * 25, i * 25 + 25));
  // Four requests at a time.
  for (let i = 0; i < batches.length; i += 4) {
    await Promise.all(
      batches.slice(i, i + 4).map(async (batch) => {
        let pending: typeof batch | undefined = batch;
        while (pending && pending.length > 0) {
          const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = UnprocessedItems?.[tableName] as typeof batch | undefined;
        }
      }),
    );
  }
}
