// The pipeline's own CloudWatch metrics (Powertools, embedded metric format): their names here,
// so the handlers that emit them and the alarms and dashboard that read them agree.
export const METRIC = {
  eventsPublished: 'EventsPublished',
  publishFailures: 'PublishFailures',
  eventsApplied: 'EventsApplied',
  rollupFailures: 'RollupFailures',
  rollupDrift: 'RollupDrift',
  digestChannelFailures: 'DigestChannelFailures',
  alertChanges: 'AlertChanges',
  alertReviewFailures: 'AlertReviewFailures',
  alertNoticeFailures: 'AlertNoticeFailures',
} as const;

/** The namespace, per stage: `ProjectPipeline/prod`. Handlers get it as POWERTOOLS_METRICS_NAMESPACE. */
export const metricsNamespace = (stage: string) => `ProjectPipeline/${stage}`;
