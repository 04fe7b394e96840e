// Projects and their events in the single table. A command's change is written in one transaction:
// the project item, conditional on the version it was decided from, and its immutable EVENT item.
// The stream carries the EVENT item out; nothing here calls EventBridge.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type DetailType, isDetailType, type ProblemSnapshot, ProjectEventDetailSchema, ProjectSnapshotSchema } from '../../events';
import type { AlertLevel } from '../domain/alerts';
import { businessDateOf } from '../domain/dates';
import { ValidationError, VersionConflictError } from '../domain/errors';
import { bandYuanFloor, type Band, type CapitalSource } from '../domain/investment';
import {
  type ClosedProblems,
  projectBands,
  STATUSES,
  statusOf,
  type ProjectEvent,
  type ProjectSnapshot,
  type ProjectStatus,
} from '../domain/project';
import {
  Entity,
  eventKey,
  dateBound,
  gsi1Key,
  gsi2Key,
  gsi2Partition,
  gsi3Key,
  gsi3Partition,
  gsi1Partition,
  gsi1SignedYearPrefix,
  eventRange,
  isGsi1PageKey,
  gsi1PageKeyOf,
  openProblemGsi2Key,
  problemKey,
  projectKey,
  projectPartition,
} from './keys';
import { countAll, queryAll } from './query';
import { GSI1, GSI2, GSI3, TABLE_DEFINITION } from './table-definition';

export interface ProjectWithHistory {
  project: ProjectSnapshot;
  /** A page of its events, newest first. */
  events: ProjectEvent[];
  /** The `before` of the next, older page; null when this page reaches the first event. */
  nextBefore: number | null;
}

export interface HistoryPage {
  /** 1–100 events. */
  limit: number;
  /** Only events older than this version (from the previous page's `nextBefore`). */
  before?: number;
}

export interface ListQuery {
  status?: ProjectStatus;
  district?: string;
  signedYear?: number;
  industry?: string;
  /** Text the name or the investor contains (Latin letters in any case). */
  text?: string;
  /** The traffic light (signed and started projects only have one). */
  alert?: AlertLevel;
  /** That size band and the bands above it (B5: projects of ¥5亿 / US$30M and more). */
  band?: Band;
  capitalSource?: CapitalSource;
  /** 1–100. */
  limit: number;
  /** Opaque, from the previous page's `nextCursor`. */
  cursor?: string;
}

export interface ProjectPage {
  items: ProjectSnapshot[];
  nextCursor: string | null;
}

/** A change as `decide` (or `decideProblem`) produced it. */
export interface ProjectChange {
  before: ProjectSnapshot | null;
  after: ProjectSnapshot;
  event: ProjectEvent;
  /** The problem a problem command changed, written in the same transaction. */
  problem?: { before: ProblemSnapshot | null; after: ProblemSnapshot };
  /** Open problems closed with the project (it was terminated or went into production). */
  closes?: ClosedProblems;
}

const ALERTED_STATUSES: readonly ProjectStatus[] = ['signed', 'started'];
const OLDEST_WITH_ALERT_PAGE = 50;

/** First pages of partitions a filtered list reads at once. */
const PARTITIONS_AHEAD = 8;

/** Above any version a project reaches. */
const MAX_VERSION = 9_999_999_999;

const CursorSchema = z.strictObject({
  q: z.string(),
  p: z.number().int().nonnegative(),
  k: z.record(z.string(), z.string()),
});

export class ProjectStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(projectId: string): Promise<ProjectSnapshot | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: projectKey(projectId), ConsistentRead: true }));
    return Item ? toSnapshot(Item) : null;
  }

  /**
   * The project and a page of its events, newest first; null when it does not exist. Paged, so a
   * project corrected thousands of times still answers within Lambda's response limit.
   */
  async getWithHistory(projectId: string, page: HistoryPage): Promise<ProjectWithHistory | null> {
    const range = eventRange(projectId, 1, page.before === undefined ? MAX_VERSION : page.before - 1);
    const [project, items] = await Promise.all([
      this.get(projectId),
      page.before === 1
        ? []
        : queryAll(
            this.db,
            {
              TableName: this.tableName,
              KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
              ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey, '#sk': TABLE_DEFINITION.sortKey },
              ExpressionAttributeValues: { ':pk': projectPartition(projectId), ':from': range.from, ':to': range.to },
              ScanIndexForward: false,
              ConsistentRead: true,
            },
            { limit: page.limit },
          ),
    ]);
    if (!project) return null;
    const events = items.map(toEvent);
    // Versions run 1, 2, 3…: a page that ends above version 1 has older events after it.
    const oldest = events.at(-1)?.detail.version;
    return { project, events, nextBefore: oldest !== undefined && oldest > 1 ? oldest : null };
  }

  /**
   * Writes the new project state and its event atomically. Throws VersionConflictError when the
   * project is no longer at `before.version` (or, for a sign, already exists).
   */
  async commit(change: ProjectChange): Promise<void> {
    const { before, after, event, problem, closes } = change;
    const projectCondition: {
      ConditionExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    } = before
      ? {
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': before.version },
        }
      : { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey } };
    try {
      await this.db.send(
        new TransactWriteCommand({
          // An SDK retry of a commit that did succeed then succeeds too, instead of failing the
          // version condition its own first attempt changed (idempotent for 10 minutes).
          ClientRequestToken: event.detail.eventId,
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: toProjectItem(after),
                ...projectCondition,
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: toEventItem(event),
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey },
              },
            },
            ...(problem ? [problemPut(this.tableName, problem.before, problem.after)] : []),
            ...problemCopiesInStep(this.tableName, before, after),
            ...(closes ? problemsClosed(this.tableName, after.projectId, closes, event) : []),
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (problem && reasons[0]?.Code !== 'ConditionalCheckFailed' && reasons[2]?.Code === 'ConditionalCheckFailed') {
        const found = reasons[2]?.Item?.version?.N;
        const id = `${after.projectId}/problems/${problem.after.problemId}`;
        throw new VersionConflictError(id, problem.before?.version ?? null, found ? Number(found) : null, 'lost-race', 'problem');
      }
      if (isLostRace(error)) {
        const found = reasons[0]?.Item?.version?.N;
        throw new VersionConflictError(after.projectId, before?.version ?? null, found ? Number(found) : null);
      }
      // The reasons carry the stored item (ALL_OLD): the log gets their codes, not the project's data.
      const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None').join(', ');
      throw new Error(`the change to project ${after.projectId} was cancelled by DynamoDB: ${codes}`);
    }
  }

  /**
   * Projects by status and district through GSI1, oldest signing first within each
   * status × district partition. The cursor is opaque and bound to the query's filters.
   * Industry and text are filters on what the index returns: such a query reads index pages
   * (of up to 1 MB) until the page of results is full. The cursor is the last item returned.
   */
  async list(query: ListQuery, districts: readonly string[]): Promise<ProjectPage> {
    // Only signed and started projects have a light: the others' partitions are not read for one.
    const statuses = query.status ? [query.status] : query.alert ? ALERTED_STATUSES : STATUSES;
    const scoped = query.district ? [query.district] : districts;
    const partitions = statuses.flatMap((s) => scoped.map((d) => gsi1Partition(s, d)));
    const filter = JSON.stringify([
      query.status,
      query.district,
      query.signedYear,
      query.industry,
      query.text,
      query.alert,
      query.band,
      query.capitalSource,
    ]);
    const narrowing = filterOf(query);

    const yearPrefix = query.signedYear === undefined ? undefined : gsi1SignedYearPrefix(query.signedYear);
    let partition = 0;
    let startKey: Record<string, unknown> | undefined;
    if (query.cursor) ({ partition, startKey } = decodeCursor(query.cursor, filter, partitions, yearPrefix));

    const readPage = (at: number, from: Record<string, unknown> | undefined, limit?: number) =>
      this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1,
          KeyConditionExpression: yearPrefix ? '#pk = :pk AND begins_with(#sk, :year)' : '#pk = :pk',
          ...(narrowing ? { FilterExpression: narrowing.expression } : {}),
          ExpressionAttributeNames: {
            '#pk': TABLE_DEFINITION.gsi1.partitionKey,
            ...(yearPrefix ? { '#sk': TABLE_DEFINITION.gsi1.sortKey } : {}),
            ...narrowing?.names,
          },
          ExpressionAttributeValues: {
            ':pk': partitions[at],
            ...(yearPrefix ? { ':year': yearPrefix } : {}),
            ...narrowing?.values,
          },
          ...(limit === undefined ? {} : { Limit: limit }),
          ExclusiveStartKey: from,
        }),
      );
    // A filtered query may find nothing in many partitions in a row: their first pages are asked
    // for a few at a time instead of one after another (the ones not reached are read for nothing).
    const ahead = new Map<number, ReturnType<typeof readPage>>();

    // One item more than the page is read: a cursor is given only when the next page has something
    // in it, never for an empty last page. Each item keeps the partition it came from for the cursor.
    const target = query.limit + 1;
    const found: { item: Record<string, unknown>; partition: number }[] = [];
    while (partition < partitions.length && found.length < target) {
      let page: Awaited<ReturnType<typeof readPage>>;
      if (!narrowing) {
        page = await readPage(partition, startKey, target - found.length);
      } else if (startKey) {
        // Limit counts items read, before the filter: a filtered query reads whole pages.
        page = await readPage(partition, startKey);
      } else {
        for (let next = partition; next < Math.min(partition + PARTITIONS_AHEAD, partitions.length); next++) {
          if (!ahead.has(next)) ahead.set(next, readPage(next, undefined));
        }
        page = await ahead.get(partition)!;
        ahead.delete(partition);
      }
      const at = partition;
      found.push(...(page.Items ?? []).map((item) => ({ item, partition: at })));
      startKey = page.LastEvaluatedKey;
      if (!startKey) partition += 1;
    }
    // Reads started ahead and not needed are not waited for; a failure among them is of no interest.
    for (const unused of ahead.values()) unused.catch(() => undefined);
    const items = found.slice(0, query.limit).map((f) => toSnapshot(f.item));
    if (found.length <= query.limit) return { items, nextCursor: null };
    const last = found[query.limit - 1]!;
    return { items, nextCursor: encodeCursor(filter, last.partition, gsi1PageKeyOf(last.item)) };
  }

  /**
   * Every project of a status in a district, a page (of up to 1 MB) at a time: the alert sweep reads
   * the signed and started ones, never the whole table.
   */
  async *pagesOf(status: ProjectStatus, district: string): AsyncGenerator<ProjectSnapshot[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI1,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.gsi1.partitionKey },
          ExpressionAttributeValues: { ':pk': gsi1Partition(status, district) },
          ExclusiveStartKey: startKey,
        }),
      );
      yield (page.Items ?? []).map(toSnapshot);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  /**
   * The earliest-signed project of a district whose light is `level`, signed ones before started
   * ones (the digest names it). A filtered read: the partitions are read until one is found.
   */
  async oldestWithAlert(district: string, level: AlertLevel): Promise<ProjectSnapshot | null> {
    for (const status of ALERTED_STATUSES) {
      // Limit counts items before the filter: pages of 50 read little when the first items match
      // (the earliest signed are the likeliest red), and not one request per item when they do not.
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: GSI1,
            KeyConditionExpression: '#pk = :pk',
            FilterExpression: '#alert.#level = :level',
            ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.gsi1.partitionKey, '#alert': 'alert', '#level': 'level' },
            ExpressionAttributeValues: { ':pk': gsi1Partition(status, district), ':level': level },
            Limit: OLDEST_WITH_ALERT_PAGE,
            ExclusiveStartKey: startKey,
          }),
        );
        const first = page.Items?.[0];
        if (first) return toSnapshot(first);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return null;
  }

  /** Signed (not started) projects of a district signed before `date`, oldest first. */
  async signedBefore(district: string, date: string, limit?: number): Promise<ProjectSnapshot[]> {
    return this.queryIndex(GSI1, TABLE_DEFINITION.gsi1, gsi1Partition('signed', district), '#sk < :to', { ':to': dateBound(date) }, limit);
  }

  /** Signed (not started) projects of a district planned to start in [from, to], by planned date. */
  async plannedBetween(district: string, from: string, to: string, limit?: number): Promise<ProjectSnapshot[]> {
    const bounds = { ':from': dateBound(from), ':to': `${dateBound(to)}\uffff` };
    return this.queryIndex(GSI2, TABLE_DEFINITION.gsi2, gsi2Partition(district), '#sk BETWEEN :from AND :to', bounds, limit);
  }

  /**
   * How many signed (not started) projects of a district are stalled: signed before `cutoff`, or
   * planned to start on or before `plannedBy`. Counted, not read: a district may have hundreds.
   */
  async countStalled(district: string, cutoff: string, plannedBy: string): Promise<number> {
    const [signedLongAgo, overdueSignedLater] = await Promise.all([
      countAll(this.db, {
        TableName: this.tableName,
        IndexName: GSI1,
        KeyConditionExpression: '#pk = :pk AND #sk < :to',
        ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.gsi1.partitionKey, '#sk': TABLE_DEFINITION.gsi1.sortKey },
        ExpressionAttributeValues: { ':pk': gsi1Partition('signed', district), ':to': dateBound(cutoff) },
      }),
      // Past the planned start but signed since the cutoff: not counted above.
      countAll(this.db, {
        TableName: this.tableName,
        IndexName: GSI2,
        KeyConditionExpression: '#pk = :pk AND #sk <= :to',
        FilterExpression: '#signedOn >= :cutoff',
        ExpressionAttributeNames: {
          '#pk': TABLE_DEFINITION.gsi2.partitionKey,
          '#sk': TABLE_DEFINITION.gsi2.sortKey,
          '#signedOn': 'signedOn',
        },
        ExpressionAttributeValues: { ':pk': gsi2Partition(district), ':to': `${dateBound(plannedBy)}\uffff`, ':cutoff': cutoff },
      }),
    ]);
    return signedLongAgo + overdueSignedLater;
  }

  /** How many signed (not started) projects of a district are planned to start in [from, to]. */
  async countPlannedBetween(district: string, from: string, to: string): Promise<number> {
    return countAll(this.db, {
      TableName: this.tableName,
      IndexName: GSI2,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.gsi2.partitionKey, '#sk': TABLE_DEFINITION.gsi2.sortKey },
      ExpressionAttributeValues: { ':pk': gsi2Partition(district), ':from': dateBound(from), ':to': `${dateBound(to)}\uffff` },
    });
  }

  /** Every event posted on a business day (Asia/Shanghai), of any project. */
  async eventsPostedOn(day: string): Promise<ProjectEvent[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: GSI3,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.gsi3.partitionKey },
      ExpressionAttributeValues: { ':pk': gsi3Partition(day) },
    });
    return items.map(toEvent);
  }

  private async queryIndex(
    indexName: string,
    keys: { partitionKey: string; sortKey: string },
    partition: string,
    sortCondition: string,
    values: Record<string, string>,
    limit?: number,
  ): Promise<ProjectSnapshot[]> {
    const input = {
      TableName: this.tableName,
      IndexName: indexName,
      KeyConditionExpression: `#pk = :pk AND ${sortCondition}`,
      ExpressionAttributeNames: { '#pk': keys.partitionKey, '#sk': keys.sortKey },
      ExpressionAttributeValues: { ':pk': partition, ...values },
    };
    const items = await queryAll(this.db, input, { limit });
    return items.map(toSnapshot);
  }
}

type TransactWriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A problem's Put: new (none with its id yet), or conditional on the version it was decided from. */
function problemPut(tableName: string, before: ProblemSnapshot | null, after: ProblemSnapshot): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: toProblemItem(after),
      ...(before
        ? {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': before.version },
          }
        : { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey } }),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    },
  };
}

/**
 * Open problems carry their project's name and district (the chase list shows the one and is
 * indexed by the other): a correction of either rewrites them in the same transaction.
 */
function problemCopiesInStep(tableName: string, before: ProjectSnapshot | null, after: ProjectSnapshot) {
  if (!before || (before.name === after.name && before.district === after.district)) return [];
  return (after.openProblems ?? []).map((o) => ({
    Update: {
      TableName: tableName,
      Key: problemKey(after.projectId, o.problemId),
      UpdateExpression: 'SET #name = :name, #district = :district, #gsi2pk = :gsi2pk',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: {
        '#name': 'projectName',
        '#district': 'district',
        '#gsi2pk': TABLE_DEFINITION.gsi2.partitionKey,
        '#status': 'status',
      },
      ExpressionAttributeValues: {
        ':name': after.name,
        ':district': after.district,
        ':gsi2pk': openProblemGsi2Key(after.district, o.dueOn, o.problemId).GSI2PK,
        ':open': 'open',
      },
    },
  }));
}

/** Each problem closed with its project: resolved (so out of the open-problems index), its version moved on. */
function problemsClosed(tableName: string, projectId: string, closes: ClosedProblems, event: ProjectEvent): TransactWriteItem[] {
  return closes.problemIds.map((problemId) => ({
    Update: {
      TableName: tableName,
      Key: problemKey(projectId, problemId),
      UpdateExpression:
        'SET #status = :resolved, #resolvedOn = :on, #resolution = :resolution, #updatedAt = :at, #updatedBy = :by ADD #version :one REMOVE #gsi2pk, #gsi2sk',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#resolvedOn': 'resolvedOn',
        '#resolution': 'resolution',
        '#updatedAt': 'updatedAt',
        '#updatedBy': 'updatedBy',
        '#version': 'version',
        '#gsi2pk': TABLE_DEFINITION.gsi2.partitionKey,
        '#gsi2sk': TABLE_DEFINITION.gsi2.sortKey,
      },
      ExpressionAttributeValues: {
        ':resolved': 'resolved',
        ':open': 'open',
        ':on': closes.resolvedOn,
        ':resolution': closes.resolution,
        ':at': event.detail.occurredAt,
        ':by': event.detail.actor,
        ':one': 1,
      },
    },
  }));
}

export function toProblemItem(p: ProblemSnapshot): Record<string, unknown> {
  return {
    ...problemKey(p.projectId, p.problemId),
    entity: Entity.problem,
    ...(p.status === 'open' ? openProblemGsi2Key(p.district, p.dueOn, p.problemId) : {}),
    ...p,
  };
}

function isLostRace(error: TransactionCanceledException): boolean {
  return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
}

export function toProjectItem(p: ProjectSnapshot): Record<string, unknown> {
  const status = statusOf(p);
  return {
    ...projectKey(p.projectId),
    entity: Entity.project,
    ...gsi1Key(status, p.district, p.signedOn, p.projectId),
    ...(status === 'signed' && p.plannedStartOn ? gsi2Key(p.district, p.plannedStartOn, p.projectId) : {}),
    status,
    searchText: searchTextOf(p.name, p.investor),
    // The size bands the list filters by (a USD project's are judged in dollars, not from its yuan).
    bands: projectBands(p),
    ...p,
  };
}

/**
 * What the list's text search looks in: name and investor in compatibility form (full-width ＡＣＭＥ
 * as ACME, as a clerk typing in a Chinese input method may write either) and lower case, since
 * DynamoDB's `contains` compares exactly. The query is folded the same way.
 */
function searchTextOf(...texts: string[]): string {
  return texts.join('\n').normalize('NFKC').toLocaleLowerCase('en-US');
}

/** The list's industry and text filters as a FilterExpression, or null when it has neither. */
function filterOf(query: ListQuery) {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, string | number> = {};
  if (query.industry) {
    clauses.push('#industry = :industry');
    names['#industry'] = 'industry';
    values[':industry'] = query.industry;
  }
  if (query.alert) {
    clauses.push('#alert.#level = :level');
    Object.assign(names, { '#alert': 'alert', '#level': 'level' });
    values[':level'] = query.alert;
  }
  if (query.band) {
    // Items written before bands existed are all in yuan: their band follows from agreedInvestment.
    clauses.push('(contains(#bands, :band) OR (attribute_not_exists(#bands) AND #agreedInvestment >= :bandYuan))');
    Object.assign(names, { '#bands': 'bands', '#agreedInvestment': 'agreedInvestment' });
    values[':band'] = query.band;
    values[':bandYuan'] = bandYuanFloor(query.band);
  }
  if (query.capitalSource) {
    // A project without a capital source is domestic (signed before it was asked for).
    clauses.push(
      query.capitalSource === 'domestic'
        ? '(attribute_not_exists(#capitalSource) OR #capitalSource = :capitalSource)'
        : '#capitalSource = :capitalSource',
    );
    names['#capitalSource'] = 'capitalSource';
    values[':capitalSource'] = query.capitalSource;
  }
  if (query.text) {
    // Items written before `searchText` existed are matched on the fields as stored.
    clauses.push('(contains(#searchText, :lower) OR contains(#name, :text) OR contains(#investor, :text))');
    Object.assign(names, { '#searchText': 'searchText', '#name': 'name', '#investor': 'investor' });
    values[':lower'] = searchTextOf(query.text);
    values[':text'] = query.text;
  }
  return clauses.length === 0 ? null : { expression: clauses.join(' AND '), names, values };
}

export function toEventItem(event: ProjectEvent): Record<string, unknown> {
  const { detail } = event;
  return {
    ...eventKey(detail.projectId, detail.version),
    ...gsi3Key(businessDateOf(new Date(detail.occurredAt)), event.detailType, detail.eventId),
    entity: Entity.event,
    detailType: event.detailType,
    eventId: detail.eventId,
    occurredAt: detail.occurredAt,
    detail,
  };
}

/** Reads a stored project item back into a snapshot (keys and derived attributes dropped). */
export function toSnapshot(item: Record<string, unknown>): ProjectSnapshot {
  return ProjectSnapshotSchema.parse(item);
}

/** Reads a stored EVENT item (also a stream NEW_IMAGE, once unmarshalled). */
export function toEvent(item: Record<string, unknown>): ProjectEvent {
  if (!isDetailType(item.detailType)) throw new Error(`stored event has unknown detailType ${String(item.detailType)}`);
  return { detailType: item.detailType as DetailType, detail: ProjectEventDetailSchema.parse(item.detail) };
}

function encodeCursor(q: string, p: number, k: Record<string, unknown> | undefined): string {
  return Buffer.from(JSON.stringify({ q, p, k: k ?? {} })).toString('base64url');
}

function decodeCursor(cursor: string, filter: string, partitions: readonly string[], sortPrefix: string | undefined) {
  const invalid = () => new ValidationError([{ field: 'cursor', rule: 'is not a cursor from a previous page of this same query' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success || result.data.q !== filter || result.data.p >= partitions.length) throw invalid();
  const k = result.data.k;
  const keyed = Object.keys(k).length > 0;
  if (keyed && !isGsi1PageKey(k, partitions[result.data.p]!, sortPrefix)) throw invalid();
  return { partition: result.data.p, startKey: keyed ? k : undefined };
}
