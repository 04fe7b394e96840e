// The local runtime keeps each stored digest as files too: <dir>/<kind>-<period>.{json,md,brief.md,html,txt},
// written from the table's stream whenever a DIGEST item is stored or its delivery recorded.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

interface StoredDigestFile {
  kind: string;
  period: string;
  renderings?: { markdown?: string; html?: string; text?: string; brief?: string };
  [field: string]: unknown;
}

function writeDigestFiles(dir: string, digest: StoredDigestFile): void {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${digest.kind}-${digest.period}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(digest, null, 2)}\n`);
  const { markdown, html, text, brief } = digest.renderings ?? {};
  if (markdown) writeFileSync(`${base}.md`, markdown);
  // What the group robots are sent.
  if (brief) writeFileSync(`${base}.brief.md`, brief);
  if (html) writeFileSync(`${base}.html`, html);
  if (text) writeFileSync(`${base}.txt`, text);
}

/** A stream consumer for DIGEST items (see DIGEST_WRITE_FILTER). */
export function digestFilesConsumer(dir: string) {
  return async (event: DynamoDBStreamEvent): Promise<undefined> => {
    for (const record of event.Records) {
      const item = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
      writeDigestFiles(dir, { ...(item.digest as StoredDigestFile), delivery: item.delivery ?? [] });
    }
    return undefined;
  };
}
