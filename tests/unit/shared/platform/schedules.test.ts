// The schedules as EventBridge Scheduler and the local scheduler read them, and when they fire in Shanghai.
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { digestSchedule, SCHEDULE_TIME_ZONE, SCHEDULES, schedulerCron, unixCron } from '../../../../shared/platform/schedules';

describe('schedules', () => {
  it('are written in both cron forms', () => {
    expect(SCHEDULES.map((s) => [s.name, schedulerCron(s), unixCron(s)])).toEqual([
      ['weekly-digest', 'cron(30 0 ? * MON *)', '30 0 * * MON'],
      ['monthly-digest', 'cron(30 0 1 * ? *)', '30 0 1 * *'],
      ['nightly-reconcile', 'cron(0 0 * * ? *)', '0 0 * * *'],
      ['daily-alert-sweep', 'cron(0 1 * * ? *)', '0 1 * * *'],
    ]);
  });

  it('the weekly digest fires on Monday 00:30 in Shanghai (Sunday 16:30 UTC); the monthly on the 1st', () => {
    const next = (kind: 'weekly' | 'monthly', from: string) =>
      new Cron(unixCron(digestSchedule(kind)), { timezone: SCHEDULE_TIME_ZONE }).nextRun(new Date(from))?.toISOString();
    expect(next('weekly', '2025-06-12T00:00:00Z')).toBe('2025-06-15T16:30:00.000Z');
    expect(next('monthly', '2025-12-20T00:00:00Z')).toBe('2025-12-31T16:30:00.000Z');
  });
});
