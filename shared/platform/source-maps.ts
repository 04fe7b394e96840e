// A logged error's stack, mapped to the TypeScript source through the source map beside the bundle.
// Node's --enable-source-maps would parse the map on every cold start; this reads it only when an
// error is logged, once per file and container, with Node's own reader (node:module's SourceMap), so
// no library is loaded at init for it. Where there is no map (tests, npm start) a stack is unchanged.
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    const path = `${file}.map`;
    try {
      map = existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : null;
    } catch {
      map = null; // an unreadable map leaves the stack as it is
    }
    maps.set(file, map);
  }
  return map;
}

/** A frame's `file:line:column` (a path or a file: URL), as V8 writes it. */
const FRAME = /((?:file:\/\/)?\/[^\s():]+\.[cm]?js):(\d+):(\d+)/g;

export function sourceMappedStack(stack: string): string {
  return stack.replace(FRAME, (frame, file: string, line: string, column: string) => {
    const map = sourceMapOf(file.startsWith('file://') ? fileURLToPath(file) : file);
    // Both 1-based, as V8 writes them; an empty object where the map has no entry.
    const origin = map?.findOrigin(Number(line), Number(column));
    return origin && 'fileName' in origin ? `${origin.fileName}:${origin.lineNumber}:${origin.columnNumber}` : frame;
  });
}
