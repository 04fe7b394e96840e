// One scheduled digest run: compose the period's digest unless it is stored, then deliver it to
// the channels that have not had it yet. Running a period again (a retry, a second schedule, a
// restart) sends nothing twice; a channel that failed last time is tried again.
import type { DeliveryStatus } from '../store/digest-store';
import { composeDigest, type DigestSources } from './compose';
import { deliverDigest, type DigestChannel, type RetryPolicy } from './delivery';
import type { Digest } from './types';
import { digestPeriodAt, type DigestKind } from '../domain/digest-period';

export interface DigestRun {
  kind: DigestKind;
  period: string;
  /** This run composed and stored the digest. */
  composed: boolean;
  /** Channels this run sent to, with their outcome. */
  sent: DeliveryStatus[];
  /** Every channel's latest status for the period. */
  delivery: DeliveryStatus[];
}

export async function runDigest(
  kind: DigestKind,
  instant: Date,
  sources: DigestSources,
  channels: DigestChannel[],
  options: { retry?: RetryPolicy; now?: () => Date } = {},
): Promise<DigestRun> {
  const { digests } = sources;
  const { period } = digestPeriodAt(kind, instant);
  let stored = await digests.get(kind, period);
  let composed = false;
  if (!stored) {
    composed = await digests.put(await composeDigest(kind, instant, sources));
    // Stored by this run or, when another run won the race, by that one: deliver what is stored.
    stored = await digests.get(kind, period);
    if (!stored) throw new Error(`digest ${kind} ${period} vanished after it was stored`);
  }
  const delivered = new Set(stored.delivery.filter((s) => s.ok).map((s) => s.channel));
  const pending = channels.filter((c) => !delivered.has(c.name));
  if (pending.length === 0) return { kind, period, composed, sent: [], delivery: stored.delivery };

  const sent = await deliverDigest(stored as unknown as Digest, pending, options);
  const sentNames = new Set(sent.map((s) => s.channel));
  const delivery = [...stored.delivery.filter((s) => !sentNames.has(s.channel)), ...sent];
  await digests.recordDelivery(kind, period, delivery);
  return { kind, period, composed, sent, delivery };
}
