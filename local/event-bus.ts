// The in-process EventBridge bus: PutEvents with EventBridge's limits and per-entry errors, rules
// matched with the patterns from events/, each matching event delivered to the rule's target with
// retries, and every accepted event appended to the event log.
import { randomUUID } from 'node:crypto';
import { matchesPattern, type EventPattern } from './event-pattern';

/** The envelope EventBridge delivers to targets (an SQS message body is this, as JSON). */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number | string | Date;
  Resources?: string[];
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface Rule {
  name: string;
  pattern: EventPattern;
  target: (event: BusEvent) => Promise<void> | void;
}

export class BusValidationError extends Error {
  override name = 'ValidationException';
}

export const MAX_ENTRIES = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;

/** EventBridge's entry size rule: Source, DetailType, Detail and Resources in UTF-8, plus 14 for Time. */
function entrySize(e: PutEventsEntry): number {
  const bytes = (s: string | undefined) => (s ? Buffer.byteLength(s, 'utf8') : 0);
  return 14 + bytes(e.Source) + bytes(e.DetailType) + bytes(e.Detail) + (e.Resources ?? []).reduce((n, r) => n + bytes(r), 0);
}

export class LocalEventBus {
  private readonly rules: Rule[] = [];
  readonly deliveryFailures: { rule: string; event: BusEvent; error: string }[] = [];

  constructor(
    readonly name: string,
    private readonly options: {
      region: string;
      account?: string;
      /** Called with each accepted event, before delivery (the event log). */
      onAccepted?: (event: BusEvent) => void;
      retry?: { attempts: number; delayMs: number };
      onDeliveryFailure?: (rule: string, event: BusEvent, error: Error) => void;
    },
  ) {}

  addRule(rule: Rule): void {
    this.rules.push(rule);
  }

  async putEvents(entries: readonly PutEventsEntry[]): Promise<{ FailedEntryCount: number; Entries: PutEventsResultEntry[] }> {
    if (entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new BusValidationError(
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`,
      );
    }
    if (entries.reduce((n, e) => n + entrySize(e), 0) > MAX_REQUEST_BYTES) {
      throw new BusValidationError('Total size of the entries in the request is over the limit.');
    }
    const results: PutEventsResultEntry[] = [];
    const accepted: BusEvent[] = [];
    for (const entry of entries) {
      const problem = this.validate(entry);
      if (problem) {
        results.push(problem);
        continue;
      }
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType!,
        source: entry.Source!,
        account: this.options.account ?? '000000000000',
        time: timeOf(entry.Time),
        region: this.options.region,
        resources: entry.Resources ?? [],
        detail: JSON.parse(entry.Detail!) as Record<string, unknown>,
      };
      this.options.onAccepted?.(event);
      accepted.push(event);
      results.push({ EventId: event.id });
    }
    // Accepted means durable on the bus; delivery to targets is asynchronous, as in EventBridge.
    for (const event of accepted) void this.deliver(event);
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  private validate(entry: PutEventsEntry): PutEventsResultEntry | null {
    if ((entry.EventBusName ?? 'default') !== this.name && !entry.EventBusName?.endsWith(`:event-bus/${this.name}`)) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName ?? 'default'} does not exist.` };
    }
    const missing = (['Source', 'DetailType', 'Detail'] as const).filter((k) => !entry[k]);
    if (missing.length > 0) return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter(s) ${missing.join(', ')} must be specified.` };
    if (entrySize(entry) > MAX_REQUEST_BYTES)
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Entry size is over the limit of 256 KB.' };
    try {
      const detail: unknown = JSON.parse(entry.Detail!);
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) throw new Error('not an object');
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    return null;
  }

  private async deliver(event: BusEvent): Promise<void> {
    const { attempts, delayMs } = this.options.retry ?? { attempts: 3, delayMs: 200 };
    for (const rule of this.rules) {
      if (!matchesPattern(event, rule.pattern)) continue;
      for (let attempt = 1; ; attempt++) {
        try {
          await rule.target(event);
          break;
        } catch (error) {
          if (attempt >= attempts) {
            this.deliveryFailures.push({ rule: rule.name, event, error: String(error) });
            this.options.onDeliveryFailure?.(rule.name, event, error as Error);
            break;
          }
          await new Promise((r) => setTimeout(r, delayMs * 2 ** (attempt - 1)));
        }
      }
    }
  }
}

/** EventBridge's event time: whole seconds, ISO 8601 in UTC. */
function timeOf(time: PutEventsEntry['Time']): string {
  const date = time === undefined ? new Date() : typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
