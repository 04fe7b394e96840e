// /rollups: where a year stands against its targets.
import * as z from 'zod';
import { CalendarDate } from '../../../events';
import { businessDateOf } from '../../domain/dates';
import { ValidationError } from '../../domain/errors';
import { composeRollupView, RollupViewSchema } from '../../domain/rollup-view';
import { json } from '../request';
import { type Route, route } from '../route';
import { type RouteContext, YearSchema } from './context';

export const YearParams = z.strictObject({ year: YearSchema });

export function rollupRoutes(ctx: RouteContext): Route[] {
  const { rollups, config, now } = ctx;
  return [
    route({
      method: 'GET',
      path: '/rollups/{year}',
      operationId: 'getRollups',
      summary: 'The year’s rollups against its targets',
      description:
        'Projects signed in the year: totals, by district, industry and month of signing, each with its rates; the starts and productions that happened in the year, whenever signed; for the city and each district, signings and agreed investment against the target, the time elapsed and last year; and the projection of the same-year start rate. With `asOf`, every figure counts each project by its business dates up to that day (inclusive); alerts and problems are today’s.',
      tag: 'rollups',
      access: 'read',
      params: YearParams,
      query: z.strictObject({
        asOf: CalendarDate.optional().meta({
          description: 'count up to this business date (Asia/Shanghai), not after today; default today',
        }),
      }),
      responses: { 200: { description: 'The year’s figures', body: RollupViewSchema } },
      handler: async ({ params, query }) => {
        const instant = now();
        const today = businessDateOf(instant);
        if (query.asOf && query.asOf > today) {
          throw new ValidationError([{ field: 'asOf', rule: `must not be after today (${today}, Asia/Shanghai)` }]);
        }
        const date = query.asOf ?? today;
        const [rows, targets] = await Promise.all([
          rollups.readForView(params.year, date, { asOf: query.asOf !== undefined }),
          rollups.getTargets(params.year),
        ]);
        return json(200, composeRollupView(params.year, rows, targets, config, instant, query.asOf));
      },
    }),
  ];
}
