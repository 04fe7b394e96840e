// The local event log: every event the bus accepted, one JSON envelope per line (NDJSON). The
// dead-letter and stream-failure lists use the same form.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { BusEvent } from './event-bus';

export function appendJsonLine(file: string, value: unknown): void {
  appendFileSync(file, `${JSON.stringify(value)}\n`);
}

/** The log's events; a torn last line (a crash mid-write) is skipped, any other bad line is an error naming it. */
export function readLog(file: string): BusEvent[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const events: BusEvent[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      events.push(JSON.parse(line) as BusEvent);
    } catch {
      if (i < lines.length - 2) throw new Error(`${file}:${i + 1} is not a JSON event`);
    }
  });
  return events;
}
