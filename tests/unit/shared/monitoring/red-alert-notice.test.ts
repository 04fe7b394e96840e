// Red-alert notices: the district's robots hear of a project that turned red, once per change.
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { redAlertRulePattern } from '../../../../events';
import type { RobotMessage, WebhookConfig } from '../../../../shared/digest/delivery';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { decide, type ProjectEvent } from '../../../../shared/domain/project';
import { consumeRedAlertMessages, redNoticeMessage, turnedRed } from '../../../../shared/monitoring/red-alert-notice';
import { createDocumentClient } from '../../../../shared/store/client';
import { NoticeStore } from '../../../../shared/store/notice-store';
import { matchesPattern } from '../../../../local/event-pattern';
import { context, NOW, signCommand } from '../../../support/fixtures';
import { sqsRecord } from '../../../support/messages';

const ddb = mockClient(DynamoDBDocumentClient);
const notices = new NoticeStore(createDocumentClient(), 'pipeline');
const hooks: WebhookConfig[] = [
  { name: 'xuwei-office', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', district: 'xuwei' },
  { name: 'haizhou-office', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=h', district: 'haizhou' },
  { name: 'leaders', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t' },
];

function decided(command: Parameters<typeof decide>[1], before: Parameters<typeof decide>[0] = null, now = NOW): ProjectEvent {
  const d = decide(before, command, context({ now }));
  if (d.kind !== 'changed') throw new Error('expected a change');
  return d.event;
}
/** Signed 97 days before NOW without a start: red from the sign on. */
const redSign = () => decided(signCommand({ projectId: 'RED-1', signedOn: '2025-03-10', name: '**年产**[链接](http://x)项目' }));

let sent: { hook: string; message: RobotMessage }[];
const deps = (send?: (hook: WebhookConfig, message: RobotMessage) => Promise<void>) => ({
  config: LIANYUNGANG,
  webhooks: hooks,
  notices,
  webAppUrl: 'https://d111111abcdef8.cloudfront.net/app/',
  send:
    send ??
    (async (hook: WebhookConfig, message: RobotMessage) => {
      sent.push({ hook: hook.name, message });
    }),
});

beforeEach(() => {
  ddb.reset();
  sent = [];
  ddb.on(GetCommand).resolves({});
  ddb.on(PutCommand).resolves({});
});

describe('red-alert notices', () => {
  it('a project that turns red: one message to its district’s robot only, naming it and why, linking to it, its typed text inert', async () => {
    const result = await consumeRedAlertMessages([sqsRecord(redSign())], deps());
    expect(result.batchItemFailures).toEqual([]);
    expect(sent.map((s) => s.hook)).toEqual(['xuwei-office']);
    const { title, markdown } = sent[0]!.message;
    expect(title).toBe('红灯预警：**年产**[链接](http://x)项目');
    expect(markdown).toContain('### 红灯预警 · 徐圩新区');
    expect(markdown).toContain('- 签约已 97 天未开工');
    expect(markdown).toContain('[查看项目](https://d111111abcdef8.cloudfront.net/app/projects/RED-1)');
    expect(markdown).not.toContain('**年产**');
    expect(markdown).not.toContain('](http://x)');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ PK: expect.stringMatching(/^NOTICE#/), SK: 'wecom:xuwei-office' }),
    });
  });

  it('a second delivery of the same event sends nothing (the notice is marked sent)', async () => {
    ddb.on(GetCommand).resolves({ Item: { PK: 'NOTICE#x', SK: 'wecom:xuwei-office' } });
    const result = await consumeRedAlertMessages([sqsRecord(redSign())], deps());
    expect(result.batchItemFailures).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('a change that leaves a red project red is no notice; a robot that fails keeps the message for redelivery', async () => {
    const sign = redSign();
    const stillRed = decided({ type: 'correct', projectId: 'RED-1', investor: '另一投资方', reason: '更正投资方' }, sign.detail.after);
    expect(turnedRed(stillRed.detail)).toBe(false);
    expect((await consumeRedAlertMessages([sqsRecord(stillRed)], deps())).batchItemFailures).toEqual([]);
    expect(sent).toEqual([]);

    const record = sqsRecord(sign, 'm-1');
    const failing = await consumeRedAlertMessages(
      [record],
      deps(async () => Promise.reject(new Error('robot down'))),
    );
    expect(failing.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('the bus rule delivers red `after` states only', () => {
    const envelope = (e: ProjectEvent) => ({ source: 'pipeline.projects', 'detail-type': e.detailType, detail: e.detail });
    expect(matchesPattern(envelope(redSign()), redAlertRulePattern)).toBe(true);
    const green = decided(signCommand({ projectId: 'GREEN-1', signedOn: '2025-06-01' }));
    expect(matchesPattern(envelope(green), redAlertRulePattern)).toBe(false);
    expect(redNoticeMessage(redSign().detail, LIANYUNGANG, null).markdown).not.toContain('查看项目');
  });
});

describe('a red-alert notice’s size', () => {
  it('stays within WeCom’s 4,096 bytes whatever the project carries: five reasons named, each a line, the rest counted', async () => {
    const base = redSign();
    const unit = '市'.repeat(200);
    const openProblems = Array.from({ length: 20 }, (_, i) => ({
      problemId: `P${i}`,
      category: 'land',
      description: '问'.repeat(500),
      responsibleUnit: unit,
      dueOn: '2025-01-01',
      overdue: true,
    }));
    const reasons = openProblems.map((o) => ({
      rule: 'problemOverdue' as const,
      level: 'red' as const,
      date: o.dueOn,
      problemId: o.problemId,
      category: 'land',
      responsibleUnit: unit,
    }));
    const detail = {
      ...base.detail,
      after: {
        ...base.detail.after,
        name: '项'.repeat(200),
        responsibleUnit: unit,
        openProblems,
        alert: { level: 'red' as const, since: '2025-06-15', reasons },
      },
    };
    const { title, markdown } = redNoticeMessage(detail, LIANYUNGANG, 'https://d111111abcdef8.cloudfront.net/app/');
    expect(Buffer.byteLength(markdown)).toBeLessThan(4_000);
    expect(markdown).toContain('- 另有 15 项');
    expect([...title].length).toBeLessThanOrEqual(86);
  });
});
