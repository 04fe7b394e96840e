// EventBridge rule patterns. The CDK stack and the local bus both take them from here.
import { ALL_DETAIL_TYPES, EVENT_SOURCE } from './names';

/** Every project change, of the schema versions the rollup consumer understands. */
export const rollupRulePattern = {
  source: [EVENT_SOURCE],
  'detail-type': [...ALL_DETAIL_TYPES],
  detail: { schemaVersion: [1] },
} as const;

/** Changes that leave a project red: the consumer sends the district's notice when it was not red before. */
export const redAlertRulePattern = {
  source: [EVENT_SOURCE],
  'detail-type': [...ALL_DETAIL_TYPES],
  detail: { schemaVersion: [1], after: { alert: { level: ['red'] } } },
} as const;
