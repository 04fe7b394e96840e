// The one module that knows the single table's key formats. No other file builds a key string.
import type { Cohort, CohortScope } from '../domain/rollup';
import type { ProjectStatus } from '../domain/project';

export interface ItemKey {
  PK: string;
  SK: string;
}

export const EVENT_SK_PREFIX = 'EVENT#';
const VERSION_DIGITS = 10;

export const Entity = {
  project: 'PROJECT',
  event: 'EVENT',
  rollup: 'ROLLUP',
  applied: 'APPLIED',
  targets: 'TARGETS',
  digest: 'DIGEST',
  problem: 'PROBLEM',
  notice: 'NOTICE',
  importJob: 'IMPORT',
  importChunk: 'IMPORT_CHUNK',
  importResult: 'IMPORT_RESULT',
} as const;

// Partition-key prefixes: the one spelling of each, for the builders below and the stack's IAM
// conditions (dynamodb:LeadingKeys).
const PROJECT_PREFIX = 'PROJECT#';
const SIGNED_PREFIX = 'ROLLUP#';
const HAPPENED_PREFIX = 'STARTED_IN#';
// The dated views (figures as of a date): one partition of months per year, one of days per month.
const DATED_MONTHS_PREFIX = 'ROLLUP_MONTHS#';
const DATED_DAYS_PREFIX = 'ROLLUP_DAYS#';
const HAPPENED_MONTHS_PREFIX = 'STARTED_IN_MONTHS#';
const HAPPENED_DAYS_PREFIX = 'STARTED_IN_DAYS#';
/** The live view's one partition (alerts and problems now). */
const LIVE_PARTITION = 'ROLLUP_LIVE';
const APPLIED_PREFIX = 'APPLIED#';
const TARGETS_PREFIX = 'TARGETS#';
const DIGEST_PREFIX = 'DIGEST#';
const STATUS_PREFIX = 'STATUS#';
const PLANNED_PREFIX = 'PLANNED#';
const DAY_PREFIX = 'DAY#';
const OPEN_PROBLEMS_PREFIX = 'OPEN_PROBLEMS#';
const NOTICE_PREFIX = 'NOTICE#';
const PROBLEM_SK_PREFIX = 'PROBLEM#';
const IMPORT_PREFIX = 'IMPORT#';
export const IMPORT_CHUNK_SK_PREFIX = 'CHUNK#';
export const IMPORT_RESULT_SK_PREFIX = 'RESULT#';

/** The table's partitions of each item type, by key prefix; an EVENT is in its project's partition. */
export const PARTITION_PREFIXES = {
  project: [PROJECT_PREFIX],
  rollup: [
    SIGNED_PREFIX,
    HAPPENED_PREFIX,
    LIVE_PARTITION,
    DATED_MONTHS_PREFIX,
    DATED_DAYS_PREFIX,
    HAPPENED_MONTHS_PREFIX,
    HAPPENED_DAYS_PREFIX,
  ],
  applied: [APPLIED_PREFIX],
  targets: [TARGETS_PREFIX],
  digest: [DIGEST_PREFIX],
  notice: [NOTICE_PREFIX],
  import: [IMPORT_PREFIX],
} as const;
export type PartitionItemType = keyof typeof PARTITION_PREFIXES;

/** Each index's partition-key prefix. */
export const INDEX_PARTITION_PREFIXES = {
  GSI1: [STATUS_PREFIX],
  GSI2: [PLANNED_PREFIX, OPEN_PROBLEMS_PREFIX],
  GSI3: [DAY_PREFIX],
} as const;

const projectPk = (projectId: string) => `${PROJECT_PREFIX}${projectId}`;

export function projectKey(projectId: string): ItemKey {
  return { PK: projectPk(projectId), SK: 'PROJECT' };
}

/** Events sort by version within their project: zero-padded so string order is numeric order. */
export function eventKey(projectId: string, version: number): ItemKey {
  return { PK: projectPk(projectId), SK: `${EVENT_SK_PREFIX}${String(version).padStart(VERSION_DIGITS, '0')}` };
}

export function projectPartition(projectId: string): string {
  return projectPk(projectId);
}

export function gsi1Key(status: ProjectStatus, district: string, signedOn: string, projectId: string) {
  return { GSI1PK: gsi1Partition(status, district), GSI1SK: `${signedOn}#${projectId}` };
}

export function gsi1Partition(status: ProjectStatus, district: string): string {
  return `${STATUS_PREFIX}${status}#${district}`;
}

/** GSI1 sort-key prefix of projects signed in a year. */
export function gsi1SignedYearPrefix(year: number): string {
  return `${String(year).padStart(4, '0')}-`;
}

/**
 * True when `key` is exactly the LastEvaluatedKey of a GSI1 page in `partition`: a project item's
 * table and index keys, its sort key within `sortPrefix`. A cursor's key is checked with this
 * before it reaches DynamoDB, which would answer a forged one with a ValidationException.
 */
export function isGsi1PageKey(key: Record<string, string>, partition: string, sortPrefix = ''): boolean {
  if (Object.keys(key).sort().join(',') !== 'GSI1PK,GSI1SK,PK,SK') return false;
  const projectId = /^\d{4}-\d{2}-\d{2}#(.+)$/.exec(key.GSI1SK!)?.[1];
  return (
    projectId !== undefined &&
    key.GSI1PK === partition &&
    key.GSI1SK!.startsWith(sortPrefix) &&
    key.PK === projectPk(projectId) &&
    key.SK === projectKey(projectId).SK
  );
}

/** The GSI1 page key that resumes a query just after `item`, a project item read from GSI1. */
export function gsi1PageKeyOf(item: Record<string, unknown>): Record<string, string> {
  const { PK, SK, GSI1PK, GSI1SK } = item as Record<string, string>;
  return { PK: PK!, SK: SK!, GSI1PK: GSI1PK!, GSI1SK: GSI1SK! };
}

/** Events of a project from version `from` to `to`, as sort-key bounds. */
export function eventRange(projectId: string, from: number, to: number): { from: string; to: string } {
  return { from: eventKey(projectId, from).SK, to: eventKey(projectId, to).SK };
}

/** Only signed projects with a planned start are in GSI2: stalled and upcoming starts. */
export function gsi2Key(district: string, plannedStartOn: string, projectId: string) {
  return { GSI2PK: gsi2Partition(district), GSI2SK: `${plannedStartOn}#${projectId}` };
}

export function gsi2Partition(district: string): string {
  return `${PLANNED_PREFIX}${district}`;
}

/** A problem lives in its project's partition. */
export function problemKey(projectId: string, problemId: string): ItemKey {
  return { PK: projectPk(projectId), SK: `${PROBLEM_SK_PREFIX}${problemId}` };
}

/** The sort-key prefix of a project's problems. */
export const PROBLEM_SK = PROBLEM_SK_PREFIX;

/** Open problems are also in GSI2, by district and due date: the chase list, and overdue by date. */
export function openProblemGsi2Key(district: string, dueOn: string, problemId: string) {
  return { GSI2PK: openProblemsPartition(district), GSI2SK: `${dueOn}#${problemId}` };
}

export function openProblemsPartition(district: string): string {
  return `${OPEN_PROBLEMS_PREFIX}${district}`;
}

/** True when `key` is an open problem's GSI2 sort key (a chase-list cursor). */
export function isOpenProblemSortKey(key: string): boolean {
  return /^\d{4}-\d{2}-\d{2}#[0-9A-Za-z]{1,64}$/.test(key);
}

/** EVENT items by the business day they were posted, for "what changed" in a period. */
export function gsi3Key(day: string, detailType: string, eventId: string) {
  return { GSI3PK: gsi3Partition(day), GSI3SK: `${detailType}#${eventId}` };
}

export function gsi3Partition(day: string): string {
  return `${DAY_PREFIX}${day}`;
}

/** A GSI sort key bound: every key of a date sorts after `${date}#`, and before the next date's. */
export function dateBound(date: string): string {
  return `${date}#`;
}

export function rollupPartition(view: 'signed' | 'happened' | 'live', year: number): string {
  if (view === 'live') return LIVE_PARTITION;
  return `${view === 'signed' ? SIGNED_PREFIX : HAPPENED_PREFIX}${year}`;
}

type DatedView = 'dated' | 'happenedDated';

/**
 * A dated view's partition: of its months in `year`, or (`month` given, "YYYY-MM") of its days in
 * that month. A fact of a year's cohort may be dated in a later year (a start), so the days'
 * partition names both.
 */
export function datedPartition(view: DatedView, year: number, month?: string): string {
  if (month === undefined) return `${view === 'dated' ? DATED_MONTHS_PREFIX : HAPPENED_MONTHS_PREFIX}${year}`;
  return `${view === 'dated' ? DATED_DAYS_PREFIX : HAPPENED_DAYS_PREFIX}${year}#${month}`;
}

export type DatedScopes = 'every' | 'city' | 'cityAndDistricts';

/**
 * The sort-key range of a dated partition's items of the city alone ("ALL#…"), or of the city and
 * its districts ("ALL#…", then "DISTRICT#…": nothing sorts between them).
 */
export function datedScopeRange(scopes: Exclude<DatedScopes, 'every'>): { from: string; to: string } {
  return { from: 'ALL#', to: scopes === 'city' ? 'ALL$' : 'DISTRICT$' };
}

export function rollupKey(cohort: Cohort): ItemKey {
  if (cohort.view === 'dated' || cohort.view === 'happenedDated') {
    const month = cohort.on.length === 10 ? cohort.on.slice(0, 7) : undefined;
    return { PK: datedPartition(cohort.view, cohort.year, month), SK: `${scopeSortKey(cohort.scope)}#${cohort.on}` };
  }
  return { PK: rollupPartition(cohort.view, cohort.year), SK: scopeSortKey(cohort.scope) };
}

function scopeSortKey(scope: CohortScope): string {
  switch (scope.kind) {
    case 'total':
      return 'ALL';
    case 'district':
      return `DISTRICT#${scope.code}`;
    case 'industry':
      return `INDUSTRY#${scope.code}`;
    case 'month':
      return `MONTH#${scope.month}`;
  }
}

function scopeOfSortKey(sk: string): CohortScope | null {
  const [kind, member] = sk.split(/#(.*)/s);
  if (kind === 'ALL' && member === undefined) return { kind: 'total' };
  if (!member) return null;
  if (kind === 'DISTRICT') return { kind: 'district', code: member };
  if (kind === 'INDUSTRY') return { kind: 'industry', code: member };
  if (kind === 'MONTH') return { kind: 'month', month: member };
  return null;
}

const byCityOrDistrict = (scope: CohortScope | null): scope is { kind: 'total' } | { kind: 'district'; code: string } =>
  scope?.kind === 'total' || scope?.kind === 'district';

/** The cohort a rollup item belongs to, or null when the key is not a rollup's. */
export function cohortOfKey(key: ItemKey): Cohort | null {
  if (key.PK === LIVE_PARTITION) {
    const scope = scopeOfSortKey(key.SK);
    return byCityOrDistrict(scope) ? { view: 'live', year: 0, scope } : null;
  }
  const dated = datedCohortOfKey(key);
  if (dated !== undefined) return dated;
  const view = key.PK.startsWith(SIGNED_PREFIX) ? 'signed' : key.PK.startsWith(HAPPENED_PREFIX) ? 'happened' : null;
  if (!view) return null;
  const year = Number(key.PK.slice(view === 'signed' ? SIGNED_PREFIX.length : HAPPENED_PREFIX.length));
  if (!Number.isInteger(year)) return null;
  const scope = scopeOfSortKey(key.SK);
  if (view === 'signed') return scope ? { view, year, scope } : null;
  return byCityOrDistrict(scope) ? { view, year, scope } : null;
}

/** A dated item's cohort; null for a malformed one; undefined when the key is not a dated view's. */
function datedCohortOfKey(key: ItemKey): Cohort | null | undefined {
  const prefixes: [string, DatedView][] = [
    [DATED_MONTHS_PREFIX, 'dated'],
    [DATED_DAYS_PREFIX, 'dated'],
    [HAPPENED_MONTHS_PREFIX, 'happenedDated'],
    [HAPPENED_DAYS_PREFIX, 'happenedDated'],
  ];
  const found = prefixes.find(([prefix]) => key.PK.startsWith(prefix));
  if (!found) return undefined;
  const view = found[1];
  const year = Number(/^(\d{1,4})(#|$)/.exec(key.PK.slice(found[0].length))?.[1]);
  const match = /^(.*)#(\d{4}-\d{2}(?:-\d{2})?)$/.exec(key.SK);
  const scope = match ? scopeOfSortKey(match[1]!) : null;
  if (!Number.isInteger(year) || !match || !scope) return null;
  const on = match[2]!;
  if (view === 'dated') return { view, year, scope, on };
  return byCityOrDistrict(scope) ? { view, year, scope, on } : null;
}

export function appliedKey(eventId: string): ItemKey {
  return { PK: `${APPLIED_PREFIX}${eventId}`, SK: 'APPLIED' };
}

export function targetsKey(year: number): ItemKey {
  return { PK: `${TARGETS_PREFIX}${year}`, SK: 'TARGETS' };
}

export function digestKey(kind: string, period: string): ItemKey {
  return { PK: digestPartition(kind), SK: period };
}

export function digestPartition(kind: string): string {
  return `${DIGEST_PREFIX}${kind}`;
}

/** That an event's notice went to a robot: sent once, even when the event is delivered again. */
export function noticeKey(eventId: string, channel: string): ItemKey {
  return { PK: `${NOTICE_PREFIX}${eventId}`, SK: channel };
}

/** A background import: its job (counts), the chunks of rows to sign, and each chunk's results. */
export function importJobKey(importId: string): ItemKey {
  return { PK: `${IMPORT_PREFIX}${importId}`, SK: 'IMPORT' };
}

const CHUNK_DIGITS = 5;

export function importChunkKey(importId: string, chunk: number): ItemKey {
  return { PK: `${IMPORT_PREFIX}${importId}`, SK: `${IMPORT_CHUNK_SK_PREFIX}${String(chunk).padStart(CHUNK_DIGITS, '0')}` };
}

export function importResultKey(importId: string, chunk: number): ItemKey {
  return { PK: `${IMPORT_PREFIX}${importId}`, SK: `${IMPORT_RESULT_SK_PREFIX}${String(chunk).padStart(CHUNK_DIGITS, '0')}` };
}
