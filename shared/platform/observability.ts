// Logging and metrics for every Lambda handler, in one place: Powertools' Logger and Metrics, and
// their middy middlewares, so each log line carries the invocation's context and the metrics (the
// cold start among them) are published whether the handler returns or throws.
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { sourceMappedStack } from './source-maps';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
}

/** Powertools' own log record, with an error's stack pointing at the TypeScript source. */
class SourceMappedLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(additional);
  }

  override formatError(error: Error): LogAttributes {
    const formatted = super.formatError(error);
    return typeof formatted.stack === 'string' ? { ...formatted, stack: sourceMappedStack(formatted.stack) } : formatted;
  }
}

/** The function's logger and metrics; the namespace comes from POWERTOOLS_METRICS_NAMESPACE. */
export function observability(serviceName: string): Observability {
  return { logger: new Logger({ serviceName, logFormatter: new SourceMappedLogFormatter() }), metrics: new Metrics({ serviceName }) };
}

/** A Lambda handler wrapped in the function's logging and metrics middlewares. */
export function observed<E, R>({ logger, metrics }: Observability, handler: (event: E, context: Context) => Promise<R>) {
  return (
    middy<E, R>()
      .use(injectLambdaContext(logger))
      .use(logMetrics(metrics, { captureColdStartMetric: true }))
      // A failed invocation's error, logged with its source-mapped stack before Lambda sees it.
      .onError(async (request) => {
        logger.error('the invocation failed', { error: request.error as Error });
      })
      .handler(handler)
  );
}
