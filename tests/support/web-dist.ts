// A stand-in for the web app's build (web/dist), so that infrastructure tests never depend on it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder shaped like Vite's output: index.html and a hashed file under assets/. */
export function stubWebDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><title>stub</title><script type="module" src="/assets/index-0a1b2c3d.js"></script>\n',
  );
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'index-0a1b2c3d.js'), 'export {};\n');
  return dist;
}
