// /digests: the weekly and monthly digests, and composing one now.
import * as z from 'zod';
import { CalendarDate } from '../../../events';
import { DigestSchema } from '../../digest/types';
import { businessDateOf } from '../../domain/dates';
import { DIGEST_KINDS, digestPeriodAt } from '../../domain/digest-period';
import { ValidationError } from '../../domain/errors';
import { scheduledInstantOn } from '../../platform/schedules';
import { DeliveryStatusSchema } from '../../store/digest-store';
import { HttpProblem } from '../problem';
import { json } from '../request';
import { type Route, route } from '../route';
import type { RouteContext } from './context';

/** A stored digest: its figures, sections and renderings, and where it has been delivered. */
export const StoredDigestSchema = DigestSchema.extend({ delivery: z.array(DeliveryStatusSchema) });

/** POST /digests: compose a kind's digest as of a business date (default: now). */
export const ComposeDigestInputSchema = z.strictObject({
  kind: z.enum(DIGEST_KINDS),
  asOf: CalendarDate.optional(),
  /** Compose again even when the period already has a digest. */
  force: z.boolean().default(false),
});

/** A period as the kind names it: 2026-W02 for a week (ISO), 2026-01 for a month. */
const PERIOD_FORMAT = { weekly: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, monthly: /^\d{4}-(0[1-9]|1[0-2])$/ } as const;
const DigestParams = z.strictObject({ kind: z.enum(DIGEST_KINDS), period: z.string().max(16) }).superRefine(({ kind, period }, ctx) => {
  if (!PERIOD_FORMAT[kind].test(period)) {
    const example = kind === 'weekly' ? '2026-W02' : '2026-01';
    ctx.addIssue({ code: 'custom', path: ['period'], message: `must be a ${kind} period such as ${example}` });
  }
});

export function digestRoutes(ctx: RouteContext): Route[] {
  const { digests, now } = ctx;
  return [
    route({
      method: 'GET',
      path: '/digests/latest',
      operationId: 'getLatestDigest',
      summary: 'The latest digest of a kind',
      tag: 'digests',
      access: 'read',
      query: z.strictObject({ kind: z.enum(DIGEST_KINDS).default('weekly') }),
      responses: { 200: { description: 'The digest with its delivery record', body: StoredDigestSchema } },
      problems: [404],
      handler: async ({ query }) => {
        const digest = await digests.latest(query.kind);
        if (!digest)
          throw new HttpProblem(
            404,
            'no-digest',
            'No digest yet',
            `no ${query.kind} digest has been composed yet: POST /digests composes one`,
          );
        return json(200, digest);
      },
    }),
    route({
      method: 'GET',
      path: '/digests/{kind}/{period}',
      operationId: 'getDigest',
      summary: 'One period’s digest',
      description: 'Where the robots’ brief links (through the web app’s /app/digests/{kind}/{period}).',
      tag: 'digests',
      access: 'read',
      params: DigestParams,
      responses: { 200: { description: 'The digest with its delivery record', body: StoredDigestSchema } },
      problems: [404],
      handler: async ({ params }) => {
        const digest = await digests.get(params.kind, params.period);
        if (!digest)
          throw new HttpProblem(404, 'no-digest', 'No such digest', `no ${params.kind} digest for ${params.period} has been composed`);
        return json(200, digest);
      },
    }),
    route({
      method: 'POST',
      path: '/digests',
      operationId: 'composeDigest',
      summary: 'Compose the period’s digest now',
      description:
        'Stores it without sending it; the stored one is returned (200) unless `force`, which recomposes and keeps the delivery record.',
      tag: 'digests',
      access: { bureauOnly: 'compose digests' },
      body: { type: 'json', schema: ComposeDigestInputSchema },
      responses: {
        201: { description: 'Composed and stored', body: StoredDigestSchema },
        200: { description: 'The period already had this digest', body: StoredDigestSchema },
      },
      handler: async ({ body }) => {
        const today = businessDateOf(now());
        if (body.asOf && body.asOf > today) {
          throw new ValidationError([{ field: 'asOf', rule: `must not be after today (${today}, Asia/Shanghai)` }]);
        }
        // A business date is composed as of the schedule's time that day in Shanghai.
        const instant = body.asOf ? scheduledInstantOn(body.kind, body.asOf) : now();
        const { period } = digestPeriodAt(body.kind, instant);
        const stored = await digests.get(body.kind, period);
        if (stored && !body.force) return json(200, stored);
        // Composing (its sections, figures and renderings) loads on first use, not at the api's init.
        const { composeDigest } = await import('../../digest/compose');
        const digest = await composeDigest(body.kind, instant, ctx);
        const created = await digests.put(digest, { replace: body.force });
        return json(created ? 201 : 200, await digests.get(body.kind, period));
      },
    }),
  ];
}
