// Delivering a stored digest: the SNS topic (email subscribers get the plain text) and the group
// robots of WeCom, DingTalk and Feishu. Each channel is tried on its own with retries; one that
// still fails is reported and does not stop the others.
import { createHmac } from 'node:crypto';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import type { DeliveryStatus } from '../store/digest-store';
import type { Digest } from './types';

/** A place a digest goes. `name` identifies it in the stored delivery status. */
export interface DigestChannel {
  name: string;
  send(digest: Digest): Promise<void>;
}

const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'feishu'] as const;

/**
 * `[{name, kind, url, secret?}]`, from DIGEST_WEBHOOKS_JSON locally or a Secrets Manager secret in
 * AWS (the URLs carry the robots' keys); `secret` signs DingTalk and Feishu posts.
 */
const WebhookConfigSchema = z.array(
  z.strictObject({
    name: z.string().min(1).max(64),
    kind: z.enum(WEBHOOK_KINDS),
    url: z.url({ protocol: /^https$/, error: 'an https:// URL is required (the URL carries the robot’s key)' }),
    secret: z.string().min(1).optional(),
    /** A district's robot: it gets that district's red alerts (once per change), not the digests. */
    district: z.string().min(1).max(32).optional(),
  }),
);
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>[number];

export function loadWebhooks(json: string | undefined, source = 'DIGEST_WEBHOOKS_JSON'): WebhookConfig[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source}: not JSON`);
  }
  const parsed = WebhookConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** What a robot posts: a title (DingTalk and Feishu show it) and Markdown within WeCom's 4,096 bytes. */
export interface RobotMessage {
  title: string;
  markdown: string;
}

/** A digest as a robot message: the brief (the full digest is linked from it). */
export function digestMessage(digest: Digest): RobotMessage {
  return { title: (digest.renderings.brief.split('\n', 1)[0] ?? '').replace(/^#+\s*/, ''), markdown: digest.renderings.brief };
}

/** The request body each robot expects. */
export function robotRequest(hook: WebhookConfig, message: RobotMessage, now: Date): { url: string; body: unknown } {
  const { title, markdown: content } = message;
  switch (hook.kind) {
    case 'wecom':
      return { url: hook.url, body: { msgtype: 'markdown', markdown: { content } } };
    case 'dingtalk': {
      const url = new URL(hook.url);
      if (hook.secret) {
        // DingTalk: HMAC-SHA256(secret, "<ms>\n<secret>"), base64, as query parameters.
        const timestamp = String(now.getTime());
        url.searchParams.set('timestamp', timestamp);
        url.searchParams.set('sign', createHmac('sha256', hook.secret).update(`${timestamp}\n${hook.secret}`).digest('base64'));
      }
      return { url: url.toString(), body: { msgtype: 'markdown', markdown: { title, text: content } } };
    }
    case 'feishu': {
      // Feishu: HMAC-SHA256 keyed by "<s>\n<secret>" over the empty string, in the body.
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const signing = hook.secret
        ? { timestamp, sign: createHmac('sha256', `${timestamp}\n${hook.secret}`).update('').digest('base64') }
        : {};
      return {
        url: hook.url,
        body: {
          ...signing,
          msg_type: 'interactive',
          card: { header: { title: { tag: 'plain_text', content: title } }, elements: [{ tag: 'markdown', content }] },
        },
      };
    }
  }
}

/** A failure worth another attempt (network, timeout, 429, 5xx) or not (the robot refused the post). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** "Sending too fast" from WeCom (45009), DingTalk (130101) and Feishu (9499, 11232): worth a retry. */
const RATE_LIMITED = new Set([45009, 130101, 9499, 11232]);

const RobotReplySchema = z.looseObject({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  code: z.number().optional(),
  msg: z.string().optional(),
  StatusCode: z.number().optional(),
});

export interface RobotOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  timeoutMs?: number;
}

/** A digest's channel to a group robot. */
export function webhookChannel(hook: WebhookConfig, options: RobotOptions = {}): DigestChannel {
  return { name: robotName(hook), send: (digest) => postToRobot(hook, digestMessage(digest), options) };
}

export function robotName(hook: WebhookConfig): string {
  return `${hook.kind}:${hook.name}`;
}

/** Posts a message to a robot; a refusal (which all three robots send with HTTP 200) is a DeliveryError. */
export async function postToRobot(hook: WebhookConfig, message: RobotMessage, options: RobotOptions = {}): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  const { url, body } = robotRequest(hook, message, options.now?.() ?? new Date());
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new DeliveryError(`request failed: ${(error as Error).message}`, true);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new DeliveryError(`HTTP ${response.status}: ${text.slice(0, 200)}`, response.status === 429 || response.status >= 500);
  }
  // All three robots answer 200 and put a refusal (bad key, bad signature, too fast) in the body.
  const reply = RobotReplySchema.safeParse(safeJson(text));
  const code = reply.success ? (reply.data.errcode ?? reply.data.code ?? reply.data.StatusCode ?? 0) : 0;
  if (code !== 0) {
    const refusal = reply.success ? (reply.data.errmsg ?? reply.data.msg ?? '') : '';
    throw new DeliveryError(`robot refused the post: ${code} ${refusal}`.trim(), RATE_LIMITED.has(code));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** SNS: subjects must be ASCII, under 100 characters; email subscribers get the plain text. */
export function snsChannel(sns: SNSClient, topicArn: string): DigestChannel {
  return {
    name: 'sns',
    async send(digest) {
      await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: `${digest.kind === 'weekly' ? 'Weekly' : 'Monthly'} project pipeline digest ${digest.period}`,
          Message: digest.renderings.text,
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: digest.kind },
            period: { DataType: 'String', StringValue: digest.period },
          },
        }),
      );
    },
  };
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500 };
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends to every channel at once; each gets its own retries and its own status. */
export async function deliverDigest(
  digest: Digest,
  channels: DigestChannel[],
  options: { retry?: RetryPolicy; now?: () => Date } = {},
): Promise<DeliveryStatus[]> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = retry.sleep ?? sleepFor;
  const now = options.now ?? (() => new Date());
  return Promise.all(
    channels.map(async (channel): Promise<DeliveryStatus> => {
      let attempts = 0;
      for (;;) {
        attempts += 1;
        try {
          await channel.send(digest);
          return { channel: channel.name, ok: true, attempts, at: now().toISOString() };
        } catch (error) {
          const retryable = error instanceof DeliveryError ? error.retryable : true;
          if (!retryable || attempts >= retry.attempts) {
            return { channel: channel.name, ok: false, attempts, at: now().toISOString(), error: (error as Error).message };
          }
          await sleep(retry.baseDelayMs * 2 ** (attempts - 1));
        }
      }
    }),
  );
}
