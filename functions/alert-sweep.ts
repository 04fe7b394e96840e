// EventBridge Scheduler, daily at 01:00 Asia/Shanghai → re-evaluate the alerts time can move.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadCityConfig } from '../shared/domain/city-config';
import { sweepAlerts, type SweepReport } from '../shared/monitoring/alert-sweep';
import { requireEnv } from '../shared/platform/env';
import { METRIC } from '../shared/platform/metrics';
import { observability, observed } from '../shared/platform/observability';
import { createDocumentClient } from '../shared/store/client';
import { ProblemStore } from '../shared/store/problem-store';
import { ProjectStore } from '../shared/store/project-store';

const o = observability('alert-sweep');
const { logger, metrics } = o;
const config = loadCityConfig();
const db = createDocumentClient();
const tableName = requireEnv('TABLE_NAME');
const projects = new ProjectStore(db, tableName);
const problems = new ProblemStore(db, tableName);

export const handler = observed(o, async (): Promise<SweepReport> => {
  const report = await sweepAlerts({ projects, problems, config, now: new Date() });
  for (const f of report.failed) logger.error('alert review failed', { ...f, today: report.today });
  metrics.addMetric(METRIC.alertChanges, MetricUnit.Count, report.changed);
  metrics.addMetric(METRIC.alertReviewFailures, MetricUnit.Count, report.failed.length);
  logger.info('alert sweep', { today: report.today, examined: report.examined, changed: report.changed, failed: report.failed.length });
  // A review that failed throws, so the schedule retries the run (which skips what is already recorded).
  if (report.failed.length > 0) throw new Error(`${report.failed.length} alert review(s) failed; see the log`);
  return report;
});
