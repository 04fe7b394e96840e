// What runs on a schedule, when, in the city's time zone. The CDK stack's EventBridge Scheduler
// schedules and the local runtime's scheduler are both built from this list.
import type { DigestKind } from '../domain/digest-period';

export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';

export interface Schedule {
  name: string;
  target: 'digest' | 'reconcile' | 'alert-sweep';
  /** The target's input, as the schedule sends it. */
  input: Record<string, unknown>;
  minute: number;
  hour: number;
  dayOfMonth?: number;
  weekday?: 'MON';
}

export const SCHEDULES: readonly Schedule[] = [
  { name: 'weekly-digest', target: 'digest', input: { kind: 'weekly' }, minute: 30, hour: 0, weekday: 'MON' },
  { name: 'monthly-digest', target: 'digest', input: { kind: 'monthly' }, minute: 30, hour: 0, dayOfMonth: 1 },
  // After the day's work and before the Monday digest; reports only (repair is by hand).
  { name: 'nightly-reconcile', target: 'reconcile', input: {}, minute: 0, hour: 0 },
  // Each day's lights, once the day has begun in the city and the nightly reconcile is done. The
  // digests at 00:30 read the lights of the previous night's sweep (commands re-evaluate at once).
  { name: 'daily-alert-sweep', target: 'alert-sweep', input: {}, minute: 0, hour: 1 },
];

export function digestSchedule(kind: DigestKind): Schedule {
  const schedule = SCHEDULES.find((s) => s.target === 'digest' && s.input.kind === kind);
  if (!schedule) throw new Error(`no schedule for the ${kind} digest`);
  return schedule;
}

/** EventBridge Scheduler's six-field form: `cron(30 0 ? * MON *)`. */
export function schedulerCron(s: Schedule): string {
  const dayOfMonth = s.dayOfMonth ?? (s.weekday ? '?' : '*');
  return `cron(${s.minute} ${s.hour} ${dayOfMonth} * ${s.weekday ?? '?'} *)`;
}

/** The standard five-field form, for croner: `30 0 * * MON`. */
export function unixCron(s: Schedule): string {
  return `${s.minute} ${s.hour} ${s.dayOfMonth ?? '*'} * ${s.weekday ?? '*'}`;
}

/** A business date's digest is composed as of the scheduled time that day in Shanghai. */
export function scheduledInstantOn(kind: DigestKind, date: string): Date {
  const s = digestSchedule(kind);
  const pad = (n: number) => String(n).padStart(2, '0');
  return new Date(`${date}T${pad(s.hour)}:${pad(s.minute)}:00+08:00`);
}
