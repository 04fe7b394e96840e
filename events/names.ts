// Source and detail-type names: the only place they are spelled.
export const EVENT_SOURCE = 'pipeline.projects';

export const DetailType = {
  signed: 'ProjectSigned',
  started: 'ProjectStarted',
  inProduction: 'ProjectInProduction',
  terminated: 'ProjectTerminated',
  corrected: 'ProjectCorrected',
  /** The daily sweep found the project's traffic light or overdue problems moved by time alone. */
  alertChanged: 'ProjectAlertChanged',
  problemRaised: 'ProblemRaised',
  problemUpdated: 'ProblemUpdated',
  problemResolved: 'ProblemResolved',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

export const ALL_DETAIL_TYPES: readonly DetailType[] = Object.values(DetailType);

export function isDetailType(value: unknown): value is DetailType {
  return typeof value === 'string' && (ALL_DETAIL_TYPES as readonly string[]).includes(value);
}
