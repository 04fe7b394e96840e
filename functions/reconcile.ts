// Nightly (and on demand): recompute a year's rollups from the projects, report drift, repair on request.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { loadCityConfig } from '../shared/domain/city-config';
import { businessDateOf, monthOf, yearOf } from '../shared/domain/dates';
import { requireEnv } from '../shared/platform/env';
import { METRIC } from '../shared/platform/metrics';
import { observability, observed } from '../shared/platform/observability';
import { reconcileYear, type ReconcileReport } from '../shared/monitoring/reconcile';
import { createDocumentClient } from '../shared/store/client';
import { RollupStore } from '../shared/store/rollup-store';

const o = observability('reconcile');
const { logger, metrics } = o;
const config = loadCityConfig();
const store = new RollupStore(createDocumentClient(), requireEnv('TABLE_NAME'), config);

/** From the schedule: {} (this year, in Asia/Shanghai) or {year, repair}. */
const InputSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100).optional(),
  repair: z.boolean().optional(),
});

/** The nightly run checks this year and, in January (while last year is still being corrected), last year too. */
export function yearsToCheck(today: string): number[] {
  const year = yearOf(today);
  return monthOf(today) === '01' ? [year, year - 1] : [year];
}

export const handler = observed(o, async (input: unknown): Promise<ReconcileReport[]> => {
  const { year, repair } = InputSchema.parse(input ?? {});
  const reports: ReconcileReport[] = [];
  for (const [i, y] of (year ? [year] : yearsToCheck(businessDateOf(new Date()))).entries()) {
    // The live view (alerts and problems now) belongs to no year: checked with the first only.
    const report = await reconcileYear(store, config, y, { repair: repair ?? false, live: i === 0 });
    if (report.drift.length > 0) logger.warn('rollup drift', { ...report });
    else logger.info('rollups exact', { year: report.year, projects: report.projects });
    reports.push(report);
  }
  // The drift alarm watches this: counters found wrong, before any repair.
  metrics.addMetric(
    METRIC.rollupDrift,
    MetricUnit.Count,
    reports.reduce((n, r) => n + r.drift.length, 0),
  );
  return reports;
});
