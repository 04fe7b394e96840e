// The local runtime keeps each stored digest as files too: <dir>/<kind>-<period>.{json,md,html,txt}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

export function writeDigestFiles(dir: string, stored: { kind: string; period: string; renderings?: Record<string, string> }): string[] {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${stored.kind}-${stored.period}`);
  const files: [string, string][] = [[`${base}.json`, `${JSON.stringify(stored, null, 2)}\n`]];
  const r = stored.renderings ?? {};
  if (r.markdown) files.push([`${base}.md`, r.markdown]);
  if (r.html) files.push([`${base}.html`, r.html]);
  if (r.text) files.push([`${base}.txt`, r.text]);
  for (const [path, content] of files) writeFileSync(path, content);
  return files.map(([path]) => path);
}

/** A stream consumer: DIGEST items, new or updated, as files. */
export function digestFilesConsumer(dir: string) {
  return async (event: DynamoDBStreamEvent) => {
    for (const record of event.Records) {
      const item = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
      writeDigestFiles(dir, { ...(item.digest as { kind: string; period: string }), delivery: item.delivery ?? [] } as never);
    }
  };
}
