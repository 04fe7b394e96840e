// Delivery of a digest to the SNS topic and to the WeCom, DingTalk and Feishu group robots: each
// robot's format and signature, retries, and one failing channel not stopping the others.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../../../shared/digest/types';
import {
  deliverDigest,
  loadWebhooks,
  digestMessage,
  robotRequest,
  snsChannel,
  webhookChannel,
  type DigestChannel,
} from '../../../../shared/digest/delivery';

const digest = {
  kind: 'weekly',
  period: '2025-W25',
  renderings: {
    markdown: '# 项目推进周报（2025-W25，截至 2025-06-16）\n## 总体进展\n- 新签约: 6 / 1000个\n- （全文）\n',
    brief: '# 项目推进周报（2025-W25，截至 2025-06-16）\n\n## 2025 年总体进展\n- 新签约亿元以上项目 6 / 1000 个\n',
    text: '项目推进周报\n  新签约: 6\n',
    html: '<p>x</p>',
  },
} as unknown as Digest;

const NOW = new Date('2025-06-16T00:30:00+08:00');
const noWait = { attempts: 3, baseDelayMs: 1, sleep: async () => {} };

describe('robot formats', () => {
  it('WeCom: a markdown message with the content', () => {
    const { url, body } = robotRequest(
      { name: 'leaders', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
      digestMessage(digest),
      NOW,
    );
    expect(url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k');
    expect(body).toEqual({ msgtype: 'markdown', markdown: { content: digest.renderings.brief } });
  });

  it('DingTalk: markdown with a title; with a secret, timestamp and HMAC signature in the query', () => {
    const { url, body } = robotRequest(
      { name: 'd', kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SEC1' },
      digestMessage(digest),
      NOW,
    );
    const query = new URL(url).searchParams;
    expect(query.get('access_token')).toBe('t');
    expect(query.get('timestamp')).toBe(String(NOW.getTime()));
    expect(query.get('sign')).toBe(createHmac('sha256', 'SEC1').update(`${NOW.getTime()}\nSEC1`).digest('base64'));
    expect(body).toEqual({
      msgtype: 'markdown',
      markdown: { title: '项目推进周报（2025-W25，截至 2025-06-16）', text: digest.renderings.brief },
    });
  });

  it('Feishu: an interactive card with a markdown element; the signature in the body, keyed by timestamp and secret', () => {
    const { body } = robotRequest(
      { name: 'f', kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', secret: 'S' },
      digestMessage(digest),
      NOW,
    );
    const seconds = String(NOW.getTime() / 1000);
    expect(body).toMatchObject({
      timestamp: seconds,
      sign: createHmac('sha256', `${seconds}\nS`).update('').digest('base64'),
      msg_type: 'interactive',
      card: {
        header: { title: { tag: 'plain_text', content: '项目推进周报（2025-W25，截至 2025-06-16）' } },
        elements: [{ tag: 'markdown', content: digest.renderings.brief }],
      },
    });
  });

  it('webhook configuration errors name the entry and the rule', () => {
    expect(loadWebhooks(undefined)).toEqual([]);
    expect(() => loadWebhooks('[{"name":"x","kind":"slack","url":"https://a"}]')).toThrow(/DIGEST_WEBHOOKS_JSON: 0\.kind/);
    expect(() => loadWebhooks('[{"name":"x","kind":"wecom","url":"ftp://a"}]')).toThrow(/DIGEST_WEBHOOKS_JSON: 0\.url/);
  });

  it('a robot URL must be https: an http:// one (its key would travel in clear) is refused, naming the entry', () => {
    const plain = '[{"name":"x","kind":"wecom","url":"http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}]';
    expect(() => loadWebhooks(plain, 'the digest webhooks secret')).toThrow(
      /^the digest webhooks secret: 0\.url: .*https:\/\/ URL is required/,
    );
  });
});

describe('posting to a robot', () => {
  let server: Server;
  let base: string;
  /** Replies queued per path; each request takes the next one. */
  const replies = new Map<string, { status: number; body: string }[]>();
  const received: { path: string; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const path = new URL(req.url!, 'http://x').pathname;
      received.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const reply = replies.get(path)?.shift() ?? { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    replies.clear();
    received.length = 0;
  });

  const hook = (name: string, kind: 'wecom' | 'dingtalk' | 'feishu' = 'wecom') => webhookChannel({ name, kind, url: `${base}/${name}` });

  it('a 502 then a 200: delivered on the second attempt', async () => {
    replies.set('/flaky', [{ status: 502, body: 'bad gateway' }]);
    const [status] = await deliverDigest(digest, [hook('flaky')], { retry: noWait, now: () => NOW });
    expect(status).toEqual({ channel: 'wecom:flaky', ok: true, attempts: 2, at: NOW.toISOString() });
    expect(received.filter((r) => r.path === '/flaky')).toHaveLength(2);
  });

  it('a robot that keeps failing is retried, then reported; the other channels are delivered', async () => {
    replies.set(
      '/down',
      Array.from({ length: 5 }, () => ({ status: 503, body: 'unavailable' })),
    );
    const statuses = await deliverDigest(digest, [hook('down'), hook('ok', 'feishu')], { retry: noWait, now: () => NOW });
    expect(statuses).toEqual([
      { channel: 'wecom:down', ok: false, attempts: 3, at: NOW.toISOString(), error: 'HTTP 503: unavailable' },
      { channel: 'feishu:ok', ok: true, attempts: 1, at: NOW.toISOString() },
    ]);
  });

  it('a refusal in a 200 body (bad key, bad signature) is reported at once, not retried', async () => {
    replies.set('/badkey', [{ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' }]);
    replies.set('/badsign', [
      { status: 200, body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}' },
    ]);
    const statuses = await deliverDigest(digest, [hook('badkey'), hook('badsign', 'feishu')], { retry: noWait, now: () => NOW });
    expect(statuses.map((s) => [s.ok, s.attempts, s.error])).toEqual([
      [false, 1, 'robot refused the post: 93000 invalid webhook url'],
      [false, 1, 'robot refused the post: 19021 sign match fail or timestamp is not within one hour from current time'],
    ]);
  });

  it('a robot saying "too fast" in its 200 body is retried', async () => {
    replies.set('/busy', [{ status: 200, body: '{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}' }]);
    const [status] = await deliverDigest(digest, [hook('busy', 'dingtalk')], { retry: noWait, now: () => NOW });
    expect(status).toMatchObject({ channel: 'dingtalk:busy', ok: true, attempts: 2 });
  });

  it('a robot that cannot be reached is retried and reported', async () => {
    const closed = webhookChannel({ name: 'gone', kind: 'dingtalk', url: 'http://127.0.0.1:1/robot' });
    const [status] = await deliverDigest(digest, [closed], { retry: noWait, now: () => NOW });
    expect(status).toMatchObject({ channel: 'dingtalk:gone', ok: false, attempts: 3, error: expect.stringMatching(/^request failed/) });
  });

  it('waits longer before each retry', async () => {
    const waits: number[] = [];
    const failing: DigestChannel = { name: 'x', send: () => Promise.reject(new Error('boom')) };
    await deliverDigest(digest, [failing], { retry: { attempts: 4, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) } });
    expect(waits).toEqual([100, 200, 400]);
  });
});

describe('SNS', () => {
  const sns = mockClient(SNSClient);
  beforeEach(() => sns.reset());

  it('publishes the plain text with an ASCII subject (SNS refuses others) and the period as attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const [status] = await deliverDigest(
      digest,
      [snsChannel(new SNSClient({ region: 'cn-north-1' }), 'arn:aws:sns:cn-north-1:1:digests')],
      { retry: noWait },
    );
    expect(status?.ok).toBe(true);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: 'arn:aws:sns:cn-north-1:1:digests',
      Subject: 'Weekly project pipeline digest 2025-W25',
      Message: digest.renderings.text,
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'weekly' }, period: { DataType: 'String', StringValue: '2025-W25' } },
    });
  });

  it('a throttled publish is retried', async () => {
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ MessageId: 'm-2' });
    const [status] = await deliverDigest(
      digest,
      [snsChannel(new SNSClient({ region: 'cn-north-1', maxAttempts: 1 }), 'arn:aws:sns:cn-north-1:1:d')],
      { retry: noWait },
    );
    expect(status).toMatchObject({ channel: 'sns', ok: true, attempts: 2 });
  });
});
