// /city: the configuration a client needs to label and check what it sends: districts, industries
// (leading ones marked), the amount floor and ceiling, the date window.
import * as z from 'zod';
import { CalendarDate } from '../../../events';
import { json } from '../request';
import { type Route, route } from '../route';
import type { RouteContext } from './context';

export const CitySchema = z.object({
  city: z.string(),
  districts: z.array(z.object({ code: z.string(), name: z.string() })),
  industries: z.array(z.object({ code: z.string(), name: z.string(), leading: z.boolean() })),
  minAgreedInvestment: z.number().int(),
  minAgreedInvestmentUsd: z.number().int().meta({ description: 'the floor of a project agreed in US dollars, in dollars' }),
  maxAgreedInvestment: z.number().int(),
  earliestBusinessDate: CalendarDate,
  plannedWithinYears: z.number().int(),
});

export function cityRoutes(ctx: RouteContext): Route[] {
  const { config } = ctx;
  return [
    route({
      method: 'GET',
      path: '/city',
      operationId: 'getCity',
      summary: 'The city’s districts, industries and input limits',
      tag: 'meta',
      access: 'read',
      responses: { 200: { description: 'The city configuration a client labels and checks with', body: CitySchema } },
      handler: async () =>
        json(200, {
          city: config.city,
          districts: config.districts,
          industries: config.industries,
          minAgreedInvestment: config.minAgreedInvestment,
          minAgreedInvestmentUsd: config.minAgreedInvestmentUsd,
          maxAgreedInvestment: config.maxAgreedInvestment,
          earliestBusinessDate: config.earliestBusinessDate,
          plannedWithinYears: config.plannedWithinYears,
        }),
    }),
  ];
}
