// Builds the web app into web/dist when its sources changed since the last build (or with --force):
// Vite's build, then a brotli and a gzip copy of each text file, served as they are by `npm start`
// (and uploaded as the plain files to S3, where CloudFront compresses). Plain Node: setup.mjs runs it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const dist = join(import.meta.dirname, 'dist');
const stamp = join(dist, '.source-hash');
const SOURCES = [
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
  'web/build.mjs',
  'web/public',
  'contract/api.d.ts',
  'package-lock.json',
];

function files(path) {
  if (!existsSync(path)) return [];
  return statSync(path).isDirectory()
    ? readdirSync(path)
        .sort()
        .flatMap((name) => files(join(path, name)))
    : [path];
}

const hash = createHash('sha256');
for (const file of SOURCES.flatMap((s) => files(join(root, s)))) hash.update(relative(root, file)).update(readFileSync(file));
const sourceHash = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceHash) process.exit(0);

console.log('building the web app (web/dist)…');
execFileSync(
  process.execPath,
  [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(import.meta.dirname, 'vite.config.ts'), '--logLevel', 'warn'],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
for (const file of files(dist).filter((f) => /\.(js|css|html|svg|json)$/.test(f))) {
  const content = readFileSync(file);
  writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
}
writeFileSync(stamp, sourceHash);
