// The local scheduler: the CDK stack's schedules (shared/platform/schedules.ts), same cron and time zone.
import { Cron } from 'croner';
import { SCHEDULE_TIME_ZONE, SCHEDULES, unixCron, type Schedule } from '../shared/platform/schedules';

export function startScheduler(
  targets: Record<Schedule['target'], (input: unknown) => Promise<unknown>>,
  onError: (schedule: string, error: unknown) => void,
) {
  const jobs = SCHEDULES.map(
    (s) =>
      new Cron(unixCron(s), { timezone: SCHEDULE_TIME_ZONE, protect: true, name: s.name }, async () => {
        try {
          await targets[s.target](s.input);
        } catch (error) {
          onError(s.name, error);
        }
      }),
  );
  return {
    next: () => jobs.map((j) => ({ name: j.name ?? '', next: j.nextRun()?.toISOString() ?? null })),
    stop: () => {
      for (const job of jobs) job.stop();
    },
  };
}
