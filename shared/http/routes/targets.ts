// /targets: the year's targets, the city's defaults until the bureau sets them.
import * as z from 'zod';
import { TargetsSchema } from '../../domain/city-config';
import { ValidationError } from '../../domain/errors';
import { json } from '../request';
import { type Route, route } from '../route';
import type { RouteContext } from './context';
import { YearParams } from './rollups';

export const YearTargetsSchema = TargetsSchema.extend({ year: z.number().int() });

export function targetRoutes(ctx: RouteContext): Route[] {
  const { rollups } = ctx;
  return [
    route({
      method: 'GET',
      path: '/targets/{year}',
      operationId: 'getTargets',
      summary: 'The year’s targets (the city’s defaults until set)',
      tag: 'targets',
      access: 'read',
      params: YearParams,
      responses: { 200: { description: 'Targets', body: YearTargetsSchema } },
      handler: async ({ params }) => json(200, { year: params.year, ...(await rollups.getTargets(params.year)) }),
    }),
    route({
      method: 'PUT',
      path: '/targets/{year}',
      operationId: 'putTargets',
      summary: 'Set the year’s targets',
      description: 'The city’s targets, and each district’s own for signings and agreed investment (`byDistrict`, optional per district).',
      tag: 'targets',
      access: { bureauOnly: 'change targets' },
      params: YearParams,
      body: { type: 'json', schema: TargetsSchema },
      responses: { 200: { description: 'Targets as stored', body: YearTargetsSchema } },
      handler: async ({ params, body }) => {
        const unknown = Object.keys(body.byDistrict ?? {}).filter((code) => !ctx.config.districts.some((d) => d.code === code));
        if (unknown.length > 0) {
          const codes = ctx.config.districts.map((d) => d.code).join(', ');
          throw new ValidationError(
            unknown.map((code) => ({ field: `byDistrict.${code}`, rule: `must be one of the city's districts (${codes})` })),
          );
        }
        await rollups.putTargets(params.year, body);
        return json(200, { year: params.year, ...body });
      },
    }),
  ];
}
