// /rollups: where a year stands against its targets.
import * as z from 'zod';
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
        'Projects signed in the year: totals, by district, industry and month of signing, each with its rates; and the starts and productions that happened in the year, whenever signed.',
      tag: 'rollups',
      access: 'read',
      params: YearParams,
      responses: { 200: { description: 'The year’s figures', body: RollupViewSchema } },
      handler: async ({ params }) => {
        const [rows, targets] = await Promise.all([rollups.read(params.year), rollups.getTargets(params.year)]);
        return json(200, composeRollupView(params.year, rows, targets, config, now()));
      },
    }),
  ];
}
