import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import type { ProjectEventDetail } from '../../../../events';
import { decide } from '../../../../shared/domain/project';
import { chunkForTransactions, MAX_TRANSACTION_ITEMS } from '../../../../shared/store/rollup-store';
import { delta, cohortId } from '../../../../shared/domain/rollup';
import { context, signCommand } from '../../../support/fixtures';

const districts = LIANYUNGANG.districts.map((d) => d.code);
const industries = LIANYUNGANG.industries.map((i) => i.code);

function signed(i: number): ProjectEventDetail {
  const month = String((i % 12) + 1).padStart(2, '0');
  const decision = decide(
    null,
    signCommand({
      projectId: `C-${i}`,
      district: districts[i % districts.length]!,
      industry: industries[i % industries.length]!,
      signedOn: `${2015 + (i % 10)}-${month}-01`, // many years: many distinct rollup keys
      plannedStartOn: undefined,
    }),
    context(),
  );
  if (decision.kind !== 'changed') throw new Error('expected a change');
  return decision.event.detail;
}

describe('chunkForTransactions', () => {
  it('keeps every transaction within 100 items (markers plus distinct rollup keys), losing no event', () => {
    const events = Array.from({ length: 60 }, (_, i) => signed(i));
    const chunks = chunkForTransactions(events, LIANYUNGANG);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      const keys = new Set(chunk.flatMap((e) => delta(e.before, e.after, LIANYUNGANG).map((d) => cohortId(d.cohort))));
      expect(chunk.length + keys.size).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
    }
    expect(chunks.flat().map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('10 events of one district, year and month share most keys: one transaction', () => {
    const events = Array.from({ length: 10 }, (_, i) => signed(i * 120)); // same district, year and month
    expect(chunkForTransactions(events, LIANYUNGANG)).toHaveLength(1);
  });
});
