// Logging and metrics for every Lambda handler, in one place: Powertools' Logger and Metrics, and
// their middy middlewares, so each log line carries the invocation's context and the metrics (the
// cold start among them) are published whether the handler returns or throws.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/** The function's logger and metrics; the namespace comes from POWERTOOLS_METRICS_NAMESPACE. */
export function observability(serviceName: string): Observability {
  return { logger: new Logger({ serviceName }), metrics: new Metrics({ serviceName }) };
}

/** A Lambda handler wrapped in the function's logging and metrics middlewares. */
export function observed<E, R>({ logger, metrics }: Observability, handler: (event: E, context: Context) => Promise<R>) {
  return middy<E, R>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .handler(handler);
}
