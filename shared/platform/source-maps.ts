// A logged error's stack, mapped to the TypeScript source through the source map beside the bundle.
// Node's --enable-source-maps would parse the map on every cold start; this reads it only when an
// error is logged, once per container. Where there is no map (tests, npm start) a stack is unchanged.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SourceMapConsumer } from 'source-map-js';

const consumers = new Map<string, SourceMapConsumer | null>();

function consumerFor(file: string): SourceMapConsumer | null {
  let consumer = consumers.get(file);
  if (consumer === undefined) {
    const map = `${file}.map`;
    try {
      consumer = existsSync(map) ? new SourceMapConsumer(JSON.parse(readFileSync(map, 'utf8'))) : null;
    } catch {
      consumer = null; // an unreadable map leaves the stack as it is
    }
    consumers.set(file, consumer);
  }
  return consumer;
}

/** A frame's `file:line:column` (a path or a file: URL), as V8 writes it. */
const FRAME = /((?:file:\/\/)?\/[^\s():]+\.[cm]?js):(\d+):(\d+)/g;

export function sourceMappedStack(stack: string): string {
  return stack.replace(FRAME, (frame, file: string, line: string, column: string) => {
    const consumer = consumerFor(file.startsWith('file://') ? fileURLToPath(file) : file);
    const position = consumer?.originalPositionFor({ line: Number(line), column: Number(column) - 1 });
    return position?.source ? `${position.source}:${position.line}:${(position.column ?? 0) + 1}` : frame;
  });
}
