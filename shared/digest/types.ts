// The digest's shape, shared by its composer, renderings, delivery and the API's contract: the
// schemas are the contract, the types are inferred from them.
import * as z from 'zod';
import { DIGEST_KINDS } from '../domain/digest-period';
import { HeadlineSchema, LeaderboardRowSchema } from './figures';
import {
  AlertsSectionSchema,
  ChangesSchema,
  DistrictStalledSchema,
  OverdueProblemsSchema,
  StalledLineSchema,
  UpcomingLineSchema,
} from './sections';

/** The digest's figures and sections; `Digest` adds their renderings. */
export const DigestContentSchema = z.object({
  kind: z.enum(DIGEST_KINDS),
  period: z.string().meta({ description: 'e.g. 2026-W02 or 2026-01' }),
  asOf: z.string(),
  year: z.number().int(),
  headline: HeadlineSchema,
  /** The year just ended, on the first digest of a kind in a new year. */
  previousYear: HeadlineSchema.nullable(),
  /** That year's final leaderboard (on 1 January the new year's has nothing to rank yet). */
  previousYearLeaderboard: z.array(LeaderboardRowSchema).nullable(),
  /** From the first day of the previous period up to the day before asOf. */
  changes: ChangesSchema.extend({ from: z.string(), to: z.string() }),
  leaderboard: z.array(LeaderboardRowSchema),
  stalled: z.array(StalledLineSchema),
  /** More projects are stalled than `stalled` names. */
  stalledMore: z.boolean(),
  /** Every district's stalled projects counted, with its oldest named. */
  stalledByDistrict: z.array(DistrictStalledSchema),
  upcoming: z.array(UpcomingLineSchema),
  upcomingMore: z.boolean(),
  /** All planned starts in the next 30 days, counted. */
  upcomingCount: z.number().int(),
  /** The traffic lights now, by district (absent from digests composed before alerts existed). */
  alerts: AlertsSectionSchema.optional(),
  /** Overdue problems by responsible unit (问题协调; absent likewise). */
  overdueProblems: OverdueProblemsSchema.optional(),
});
export type DigestContent = z.infer<typeof DigestContentSchema>;

export const DigestSchema = DigestContentSchema.extend({
  renderings: z.object({
    markdown: z.string(),
    html: z.string(),
    text: z.string(),
    brief: z.string().meta({ description: 'What the group robots post: at most 4,000 bytes, linking to the full digest' }),
  }),
});
export type Digest = z.infer<typeof DigestSchema>;
