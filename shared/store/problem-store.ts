// Problems in the single table: each in its project's partition (written by ProjectStore.commit in
// the project's transaction), and while open in GSI2 by district and due date, for the bureau's
// chase list and the daily sweep's overdue check. Reads only: no scan, every query names a partition.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type ProblemSnapshot, ProblemSnapshotSchema } from '../../events';
import { ValidationError } from '../domain/errors';
import { dateBound, isOpenProblemSortKey, openProblemsPartition, PROBLEM_SK, problemKey, projectPartition } from './keys';
import { queryAll } from './query';
import { GSI2, TABLE_DEFINITION } from './table-definition';

export interface ChaseListQuery {
  /** Open problems, or only those past their due date. */
  status: 'open' | 'overdue';
  district?: string;
  /** Text the responsible unit contains. */
  unit?: string;
  /** 1–200. */
  limit: number;
  cursor?: string;
}

export interface ProblemPage {
  items: ProblemSnapshot[];
  nextCursor: string | null;
}

const CursorSchema = z.strictObject({ q: z.string(), k: z.string() });

export class ProblemStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(projectId: string, problemId: string): Promise<ProblemSnapshot | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: problemKey(projectId, problemId), ConsistentRead: true }),
    );
    return Item ? ProblemSnapshotSchema.parse(Item) : null;
  }

  /** Every problem of a project, open and resolved, in the order they were raised. */
  async ofProject(projectId: string): Promise<ProblemSnapshot[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :problem)',
      ExpressionAttributeNames: { '#pk': TABLE_DEFINITION.partitionKey, '#sk': TABLE_DEFINITION.sortKey },
      ExpressionAttributeValues: { ':pk': projectPartition(projectId), ':problem': PROBLEM_SK },
    });
    return items.map((item) => ProblemSnapshotSchema.parse(item));
  }

  /**
   * The chase list: open (or overdue) problems, the longest overdue first, across the districts in
   * scope. Each district's partition is read from the cursor on, at most one page's worth of
   * matches from each; the cursor is the last problem returned, bound to the filters.
   */
  async chaseList(query: ChaseListQuery, districts: readonly string[], today: string): Promise<ProblemPage> {
    const filter = JSON.stringify([query.status, query.district, query.unit]);
    const after = query.cursor ? decodeCursor(query.cursor, filter) : undefined;
    const scoped = query.district ? [query.district] : districts;
    const perDistrict = await Promise.all(
      scoped.map((district) =>
        this.openIn(district, { after, before: query.status === 'overdue' ? today : undefined, unit: query.unit, limit: query.limit + 1 }),
      ),
    );
    const merged = perDistrict.flat().sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    const page = merged.slice(0, query.limit);
    const more = merged.length > query.limit;
    return {
      items: page.map((m) => m.problem),
      nextCursor: more ? Buffer.from(JSON.stringify({ q: filter, k: page.at(-1)!.sortKey })).toString('base64url') : null,
    };
  }

  /** Every open problem of the districts due before `today`, the longest overdue first (the digest's 问题协调). */
  async overdue(districts: readonly string[], today: string): Promise<ProblemSnapshot[]> {
    const found = (await Promise.all(districts.map((d) => this.openIn(d, { before: today })))).flat();
    return found.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0)).map((f) => f.problem);
  }

  /** Projects of a district with an open problem due before `today` (the sweep's overdue check). */
  async projectsWithOverdueProblems(district: string, today: string): Promise<string[]> {
    const found = await this.openIn(district, { before: today });
    return [...new Set(found.map((f) => f.problem.projectId))];
  }

  private async openIn(
    district: string,
    options: { after?: string; before?: string; unit?: string; limit?: number },
  ): Promise<{ sortKey: string; problem: ProblemSnapshot }[]> {
    // Open problems' sort keys are "<dueOn>#<problemId>": a cursor's key is excluded by starting just
    // after it, and "<today>#" is above every key due before today.
    const from = options.after === undefined ? '0' : `${options.after}\u0000`;
    const to = options.before === undefined ? '\uffff' : dateBound(options.before);
    const items = await queryAll(
      this.db,
      {
        TableName: this.tableName,
        IndexName: GSI2,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ...(options.unit ? { FilterExpression: 'contains(#unit, :unit)' } : {}),
        ExpressionAttributeNames: {
          '#pk': TABLE_DEFINITION.gsi2.partitionKey,
          '#sk': TABLE_DEFINITION.gsi2.sortKey,
          ...(options.unit ? { '#unit': 'responsibleUnit' } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': openProblemsPartition(district),
          ':from': from,
          ':to': to,
          ...(options.unit ? { ':unit': options.unit } : {}),
        },
      },
      { limit: options.limit },
    );
    return items.map((item) => ({ sortKey: String(item[TABLE_DEFINITION.gsi2.sortKey]), problem: ProblemSnapshotSchema.parse(item) }));
  }
}

function decodeCursor(cursor: string, filter: string): string {
  const invalid = () => new ValidationError([{ field: 'cursor', rule: 'is not a cursor from a previous page of this same query' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success || result.data.q !== filter || !isOpenProblemSortKey(result.data.k)) throw invalid();
  return result.data.k;
}
