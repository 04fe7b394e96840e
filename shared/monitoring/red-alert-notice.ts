// Red-alert notices: when a change leaves a project red that was not, its district's robots (the
// webhooks configured with that district) get a short message, once per change. Fed by the bus
// rule on red `after` states through a queue; a message that could not be sent to every robot is
// reported for redelivery, and a robot that already has it is not sent it again.
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import type { ProjectEventDetail } from '../../events';
import { reasonText } from '../domain/alerts';
import type { CityConfig } from '../domain/city-config';
import { businessDateOf } from '../domain/dates';
import { inert } from '../digest/brief';
import { robotName, type RobotMessage, type WebhookConfig } from '../digest/delivery';
import { parseEnvelope } from '../pipeline/rollup-consumer';
import type { NoticeStore } from '../store/notice-store';

/** The change turned the project red (it was another colour, or had none). */
export function turnedRed(e: ProjectEventDetail): boolean {
  return e.after.alert?.level === 'red' && e.before?.alert?.level !== 'red';
}

/** A notice names at most this many reasons, each cut to a line, so it stays far within WeCom's 4,096 bytes. */
const REASONS_NAMED = 5;
const LINE_CHARS = 80;

const clip = (text: string) => ([...text].length <= LINE_CHARS ? text : `${[...text].slice(0, LINE_CHARS - 1).join('')}…`);

export function redNoticeMessage(e: ProjectEventDetail, config: CityConfig, webAppUrl: string | null): RobotMessage {
  const p = e.after;
  const today = businessDateOf(new Date(e.occurredAt));
  const district = config.districts.find((d) => d.code === p.district)?.name ?? p.district;
  const red = (p.alert?.reasons ?? []).filter((r) => r.level === 'red');
  const reasons = red.slice(0, REASONS_NAMED).map((r) => `- ${inert(clip(reasonText(r, today)))}`);
  if (red.length > REASONS_NAMED) reasons.push(`- 另有 ${red.length - REASONS_NAMED} 项`);
  const link = webAppUrl ? ['', `[查看项目](${new URL(`projects/${encodeURIComponent(p.projectId)}`, webAppUrl).toString()})`] : [];
  return {
    title: `红灯预警：${clip(p.name)}`,
    markdown: [
      `### 红灯预警 · ${inert(district)}`,
      `**${inert(clip(p.name))}**（${inert(p.projectId)}，签约于 ${p.signedOn}）`,
      ...reasons,
      ...(p.responsibleUnit ? [`责任单位：${inert(clip(p.responsibleUnit))}`] : []),
      ...link,
    ].join('\n'),
  };
}

export interface NoticeDependencies {
  config: CityConfig;
  webhooks: readonly WebhookConfig[];
  notices: NoticeStore;
  send: (hook: WebhookConfig, message: RobotMessage) => Promise<void>;
  webAppUrl: string | null;
  onProblem?: (message: string, details: Record<string, unknown>) => void;
}

export async function consumeRedAlertMessages(records: readonly SQSRecord[], deps: NoticeDependencies): Promise<SQSBatchResponse> {
  const failures: string[] = [];
  for (const record of records) {
    try {
      const event = parseEnvelope(record.body);
      if (!turnedRed(event)) continue;
      const hooks = deps.webhooks.filter((h) => h.district === event.after.district);
      const message = redNoticeMessage(event, deps.config, deps.webAppUrl);
      for (const hook of hooks) {
        const channel = robotName(hook);
        if (await deps.notices.wasSent(event.eventId, channel)) continue;
        await deps.send(hook, message);
        await deps.notices.markSent(event.eventId, channel);
      }
    } catch (error) {
      deps.onProblem?.('red-alert notice not sent', { messageId: record.messageId, error: String(error) });
      failures.push(record.messageId);
    }
  }
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}
