// Rollup items and the applied markers that make applying them exactly-once in effect.
// A batch of events is applied in one transaction: an ADD per rollup key (deltas merged across the
// batch) and a conditional Put of each event's applied marker. A duplicate event fails its marker's
// condition and cancels the whole transaction, so the counters never see it twice.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ProjectEventDetail } from '../../events';
import { TargetsSchema, type CityConfig, type Targets } from '../domain/city-config';
import type { ProjectSnapshot } from '../domain/project';
import { yearOf } from '../domain/dates';
import { lastDayOfMonth } from '../domain/dated-rollup';
import { ALL_COUNTERS, cohortId, delta, mergeCohortCounters, type Cohort, type CohortCounters, type CounterName } from '../domain/rollup';
import { comparableDate, progressDate } from '../domain/year-standing';
import {
  appliedKey,
  cohortOfKey,
  datedPartition,
  datedScopeRange,
  type DatedScopes,
  Entity,
  rollupKey,
  rollupPartition,
  targetsKey,
  type ItemKey,
} from './keys';
import { toSnapshot } from './project-store';
import { queryAll, queryPartition } from './query';
import { TABLE_DEFINITION } from './table-definition';

/** DynamoDB's limit on the items of one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;
/** Applied markers outlive any redelivery (SQS keeps messages at most 14 days). */
const APPLIED_MARKER_TTL_DAYS = 30;

export type ApplyOutcome = 'applied' | 'duplicate';

export class RollupStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly config: CityConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Applies a batch of events in as few transactions as the 100-item limit allows, and returns each
   * event's outcome by eventId: applied, duplicate, or the error that kept it from being applied
   * (the caller reports those for redelivery).
   */
  async applyBatch(events: readonly ProjectEventDetail[]): Promise<Map<string, ApplyOutcome | Error>> {
    const outcomes = new Map<string, ApplyOutcome | Error>();
    const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
    for (const chunk of chunkForTransactions(unique, this.config)) {
      if (chunk.length > 1) {
        try {
          await this.write(chunk);
          for (const e of chunk) outcomes.set(e.eventId, 'applied');
          continue;
        } catch {
          // A duplicate, a conflict or a fault somewhere in the chunk: one event at a time, so
          // each event gets its own outcome and a good event is not held back by a bad one.
        }
      }
      for (const e of chunk) {
        outcomes.set(e.eventId, await this.applyOne(e).catch((error: unknown) => asError(error)));
      }
    }
    return outcomes;
  }

  /** Applies one event; a duplicate (its marker exists) changes nothing. */
  async applyOne(event: ProjectEventDetail): Promise<ApplyOutcome> {
    try {
      await this.write([event]);
      return 'applied';
    } catch (error) {
      if (error instanceof TransactionCanceledException && markerExisted(error)) return 'duplicate';
      throw error;
    }
  }

  private async write(events: readonly ProjectEventDetail[]): Promise<void> {
    const deltas = mergeCohortCounters(events.flatMap((e) => delta(e.before, e.after, this.config)));
    const expiresAt = Math.floor(this.now().getTime() / 1000) + APPLIED_MARKER_TTL_DAYS * 86_400;
    // Markers first: a cancellation's reasons then name the duplicate by position.
    const markers = events.map((e) => ({
      Put: {
        TableName: this.tableName,
        Item: { ...appliedKey(e.eventId), entity: Entity.applied, projectId: e.projectId, version: e.version, expiresAt },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey },
      },
    }));
    const updates = deltas.map((d) => ({ Update: { TableName: this.tableName, ...addCounters(d) } }));
    await this.db.send(new TransactWriteCommand({ TransactItems: [...markers, ...updates] }));
  }

  /**
   * The stored rollups of a year: the signing-year cohorts, the starts/productions that happened
   * in it, and the live view. A counter past 2^53 is a CounterOverflowError, never a 0.
   */
  async read(year: number): Promise<CohortCounters[]> {
    return (
      await this.readAll(year, (key, counter, value) => {
        throw new CounterOverflowError(key, counter, value);
      })
    ).rows;
  }

  /**
   * What the year's view as of `date` is composed from: the stored rollups of the year, and the
   * dated items it counts from: the year's (as of `date`; without `counted`, its totals alone, for
   * the projection: today's figures are the stored ones), the city's and districts' last year (to
   * the same month-day, for 同比), and the city's totals of the two years before (the projection
   * and its backtest).
   */
  async readForView(year: number, date: string, options: { asOf: boolean } = { asOf: true }): Promise<CohortCounters[]> {
    const on = progressDate(year, date);
    const parts = await Promise.all([
      this.read(year),
      this.readDated('dated', year, date, options.asOf ? 'every' : 'city'),
      options.asOf ? this.readDated('happenedDated', year, on, 'cityAndDistricts') : [],
      this.readDated('dated', year - 1, comparableDate(on, 1), 'cityAndDistricts'),
      this.readDated('happenedDated', year - 1, comparableDate(on, 1), 'cityAndDistricts'),
      this.readDated('dated', year - 2, comparableDate(on, 2), 'city'),
      // Month-ends only (the backtest): no days.
      this.readDated('dated', year - 3, `${year - 3}-12-31`, 'city'),
    ]);
    return parts.flat();
  }

  /**
   * A dated view's items of `year`: every month, and the days of `date`'s month unless `date` ends
   * it (whole months need no days); of every scope, the city's alone, or the city's and the districts'.
   */
  private async readDated(view: 'dated' | 'happenedDated', year: number, date: string, scopes: DatedScopes): Promise<CohortCounters[]> {
    const partitions = [datedPartition(view, year)];
    if (lastDayOfMonth(date.slice(0, 7)) !== date && (view === 'dated' || yearOf(date) === year)) {
      partitions.push(datedPartition(view, year, date.slice(0, 7)));
    }
    const range = scopes === 'every' ? undefined : datedScopeRange(scopes);
    const read = await Promise.all(
      partitions.map((pk) =>
        range === undefined
          ? queryPartition(this.db, this.tableName, pk)
          : queryAll(this.db, {
              TableName: this.tableName,
              KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
              ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey, '#sk': TABLE_DEFINITION.sortKey },
              ExpressionAttributeValues: { ':pk': pk, ':from': range.from, ':to': range.to },
            }),
      ),
    );
    return read.flatMap((items) =>
      this.rowsOf(items, (key, counter, value) => {
        throw new CounterOverflowError(key, counter, value);
      }),
    );
  }

  /**
   * As `read`, with the year's dated items, and a counter past 2^53 returned apart, as its exact
   * decimal, for reconcile to repair. The dated days are read for every month the stored months
   * name and for `months` (those the caller expects).
   */
  async readWithOverflows(
    year: number,
    months: readonly string[] = [],
  ): Promise<{ rows: CohortCounters[]; overflowed: OverflowedCounter[] }> {
    const overflowed: OverflowedCounter[] = [];
    const onOverflow = (key: ItemKey, counter: CounterName, value: unknown) => {
      overflowed.push({ cohort: cohortOfKey(key)!, counter, stored: String(value) });
    };
    const { rows } = await this.readAll(year, onOverflow);
    const dated = [datedPartition('dated', year), datedPartition('happenedDated', year)];
    const monthRows: CohortCounters[] = [];
    for (const pk of dated) monthRows.push(...this.rowsOf(await queryPartition(this.db, this.tableName, pk), onOverflow));
    const storedMonths = monthRows.flatMap((r) => (r.cohort.view === 'dated' || r.cohort.view === 'happenedDated' ? [r.cohort.on] : []));
    const dayPartitions = [...new Set([...storedMonths, ...months])].flatMap((month) =>
      (['dated', 'happenedDated'] as const).map((view) => datedPartition(view, year, month)),
    );
    const days = await Promise.all(dayPartitions.map((pk) => queryPartition(this.db, this.tableName, pk)));
    return { rows: [...rows, ...monthRows, ...days.flatMap((items) => this.rowsOf(items, onOverflow))], overflowed };
  }

  private async readAll(year: number, onOverflow: (key: ItemKey, counter: CounterName, value: unknown) => void) {
    const rows: CohortCounters[] = [];
    // The live view (alerts and problems now) comes with every year: a reader of a year's figures
    // wants the city's red projects too, and reconcile checks it with each year.
    const views = ['signed', 'happened', 'live'] as const;
    const read = await Promise.all(views.map((view) => queryPartition(this.db, this.tableName, rollupPartition(view, year))));
    for (const items of read) rows.push(...this.rowsOf(items, onOverflow));
    return { rows };
  }

  private rowsOf(
    items: readonly Record<string, unknown>[],
    onOverflow: (key: ItemKey, counter: CounterName, value: unknown) => void,
  ): CohortCounters[] {
    const rows: CohortCounters[] = [];
    for (const item of items) {
      const key = { PK: String(item.PK), SK: String(item.SK) };
      const cohort = cohortOfKey(key);
      if (cohort) rows.push({ cohort, counters: countersOf(item, (counter, value) => onOverflow(key, counter, value)) });
    }
    return rows;
  }

  /**
   * Adds the given counter differences (reconcile's repair). An ADD, not an overwrite, so a delta
   * applied concurrently by the rollup consumer is not lost.
   */
  async adjust(rows: readonly CohortCounters[]): Promise<void> {
    for (const row of rows) {
      if (Object.keys(row.counters).length === 0) continue;
      await this.db.send(new UpdateCommand({ TableName: this.tableName, ...addCounters(row) }));
    }
  }

  /** Overwrites counters (reconcile's repair of a counter that ADD cannot bring back: one past 2^53). */
  async setCounters(rows: readonly CohortCounters[]): Promise<void> {
    for (const row of rows) {
      const entries = Object.entries(row.counters);
      if (entries.length === 0) continue;
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: rollupKey(row.cohort),
          UpdateExpression: `SET ${entries.map((_, i) => `#c${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
        }),
      );
    }
  }

  async getTargets(year: number): Promise<Targets> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: targetsKey(year) }));
    if (!Item) return this.config.defaultTargets;
    const { PK: _pk, SK: _sk, entity: _entity, ...targets } = Item;
    return TargetsSchema.parse(targets);
  }

  async putTargets(year: number, targets: Targets): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...targetsKey(year), entity: Entity.targets, ...targets } }));
  }

  /** Every project item, read with a parallel scan (reconcile only: it is O(projects)). */
  async scanProjects(segments = 4): Promise<ProjectSnapshot[]> {
    const pages = await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const found: ProjectSnapshot[] = [];
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await this.db.send(
            new ScanCommand({
              TableName: this.tableName,
              Segment: segment,
              TotalSegments: segments,
              FilterExpression: '#entity = :project',
              ExpressionAttributeNames: { '#entity': 'entity' },
              ExpressionAttributeValues: { ':project': Entity.project },
              ExclusiveStartKey: startKey,
            }),
          );
          found.push(...(page.Items ?? []).map(toSnapshot));
          startKey = page.LastEvaluatedKey;
        } while (startKey);
        return found;
      }),
    );
    return pages.flat();
  }
}

/** The Update of one rollup item: ADD each non-zero counter delta. */
function addCounters(d: CohortCounters) {
  const names: Record<string, string> = { '#entity': 'entity' };
  const values: Record<string, unknown> = { ':entity': Entity.rollup };
  const adds: string[] = [];
  for (const [i, [name, value]] of (Object.entries(d.counters) as [CounterName, number][]).entries()) {
    names[`#c${i}`] = name;
    values[`:v${i}`] = value;
    adds.push(`#c${i} :v${i}`);
  }
  return {
    Key: rollupKey(d.cohort),
    UpdateExpression: `SET #entity = :entity ADD ${adds.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/**
 * A stored counter past 2^53 comes back from the SDK as a BigInt. Dropping it would show a 0 where
 * the city's figure is; it is an error instead (logged and alarmed as any failure of the reader).
 */
export class CounterOverflowError extends Error {
  override readonly name = 'CounterOverflowError';
  constructor(key: ItemKey, counter: string, value: unknown) {
    super(
      `rollup ${key.PK} ${key.SK}: counter ${counter} is ${String(value)}, past what a figure can exactly hold (2^53); run reconcile to find the project that caused it`,
    );
  }
}

export interface OverflowedCounter {
  cohort: Cohort;
  counter: CounterName;
  /** The stored value, exactly. */
  stored: string;
}

function countersOf(
  item: Record<string, unknown>,
  onOverflow: (counter: CounterName, value: unknown) => void,
): Partial<Record<CounterName, number>> {
  const counters: Partial<Record<CounterName, number>> = {};
  for (const c of ALL_COUNTERS) {
    const value = item[c];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isSafeInteger(value)) counters[c] = value;
    else onOverflow(c, value);
  }
  return counters;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function markerExisted(error: TransactionCanceledException): boolean {
  // The single event's marker is item 0 of its transaction.
  return error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
}

/** Splits events into groups whose markers plus merged rollup keys fit in one transaction. */
export function chunkForTransactions(events: readonly ProjectEventDetail[], config: CityConfig): ProjectEventDetail[][] {
  const chunks: ProjectEventDetail[][] = [];
  let current: ProjectEventDetail[] = [];
  let keys = new Set<string>();
  for (const event of events) {
    const eventKeys = delta(event.before, event.after, config).map((d) => cohortId(d.cohort));
    const merged = new Set([...keys, ...eventKeys]);
    if (current.length > 0 && current.length + 1 + merged.size > MAX_TRANSACTION_ITEMS) {
      chunks.push(current);
      current = [];
      keys = new Set(eventKeys);
    } else {
      keys = merged;
    }
    current.push(event);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
