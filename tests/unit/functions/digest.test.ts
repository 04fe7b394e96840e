// The digest function in AWS: the robots' URLs come from Secrets Manager, read once per container
// (and again after a failed read), and the digest reaches the robot.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../../local/lambda-context';

const secrets = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBDocumentClient);
const posts: { msgtype: string; markdown: { content: string } }[] = [];
// Robot URLs are https only: the robot is a stand-in fetch that takes every post to this one.
const ROBOT_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test';

beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    if (url !== ROBOT_URL) throw new Error(`unexpected request to ${url}`);
    posts.push(JSON.parse(String(init.body)));
    return new Response('{"errcode":0,"errmsg":"ok"}', { status: 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubEnv('TABLE_NAME', 'pipeline-test');
  vi.stubEnv('AWS_REGION', 'cn-north-1');
  vi.stubEnv('DIGEST_WEBHOOKS_SECRET_ARN', 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:webhooks');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');

  // An empty table: each period is composed, stored (found again right after), and delivered.
  let justStored: Record<string, unknown> | undefined;
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand).callsFake(() => {
    const item = justStored;
    justStored = undefined;
    return { Item: item };
  });
  ddb.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
    justStored = input.Item;
    return {};
  });
  ddb.on(UpdateCommand).resolves({});
});
afterAll(() => vi.unstubAllGlobals());

describe('digest handler with webhooks in Secrets Manager', () => {
  it('a secret that is not the webhook list fails the run naming the secret; the next run reads it again and delivers', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: '{"leaders": true}' })
      .resolves({ SecretString: JSON.stringify([{ name: 'leaders', kind: 'wecom', url: ROBOT_URL }]) });
    const { handler } = await import('../../../functions/digest');

    await expect(handler({ kind: 'weekly', asOf: '2025-06-16' }, lambdaContext('digest'))).rejects.toThrow(
      /^the digest webhooks secret: \(root\): /,
    );
    const run = await handler({ kind: 'weekly', asOf: '2025-06-16' }, lambdaContext('digest'));
    expect(run.sent).toMatchObject([{ channel: 'wecom:leaders', ok: true }]);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringMatching(/^# 项目推进周报（2025-W25/) } });

    await handler({ kind: 'monthly', asOf: '2025-07-01' }, lambdaContext('digest'));
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(posts).toHaveLength(2);
  });
});
