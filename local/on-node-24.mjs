// Runs a command on Node.js 24, the runtime the functions run on in Lambda (nodejs24.x), whatever
// Node the machine has: `node local/on-node-24.mjs <command> [args…]`. On an older Node it fetches
// the official Node 24 binary, pinned and checked, from the npm registry (node-linux-<arch>, the
// registry this project's machines reach) into node_modules/.cache, and puts it first on the PATH of
// the command, so the command and every `node` it starts run on 24. Plain Node, any version ≥ 18.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAJOR = 24;
const VERSION = '24.22.3';
const INTEGRITY = {
  x64: 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
  arm64: 'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);
if (!command) fail('usage: node local/on-node-24.mjs <command> [args…]');

const env = { ...process.env };
if (Number(process.versions.node.split('.')[0]) < MAJOR) {
  env.PATH = `${ensureNode()}${delimiter}${env.PATH ?? ''}`;
}
const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
child.on('error', (error) => fail(`could not run ${command}: ${error.message}`));
// A stop asked of this process (npm passes SIGTERM on) is the command's: it shuts down as it would
// have, and this one ends as the command ended.
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of SIGNALS) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) {
    for (const s of SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});

/** The folder of Node 24's `node`, fetched on first use. */
function ensureNode() {
  const integrity = INTEGRITY[arch()];
  if (platform() !== 'linux' || !integrity) {
    fail(`this needs Node.js ${MAJOR}; install it (this machine runs ${process.version} on ${platform()}-${arch()})`);
  }
  const name = `node-linux-${arch()}`;
  const cache = join(root, 'node_modules', '.cache', 'node');
  const bin = join(cache, VERSION, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;

  console.error(`fetching Node.js ${VERSION} (${name} from the npm registry)…`);
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, 'fetch-'));
  try {
    const pack = spawnSync('npm', ['pack', `${name}@${VERSION}`, '--pack-destination', work, '--silent'], { encoding: 'utf8' });
    const tarball = join(work, `${name}-${VERSION}.tgz`);
    if (pack.status !== 0 || !existsSync(tarball)) fail(`could not fetch ${name}@${VERSION} with npm pack: ${pack.stderr?.trim() ?? ''}`);
    if (`sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}` !== integrity) {
      fail(`${name}@${VERSION} failed its integrity check; delete ${cache} and retry`);
    }
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', work], { encoding: 'utf8' });
    if (untar.status !== 0) fail(`could not unpack ${tarball}: ${untar.stderr.trim()}`);
    // A rename is atomic: a concurrent fetch either wins or finds the folder complete.
    try {
      renameSync(join(work, 'package'), join(cache, VERSION));
    } catch (error) {
      if (!existsSync(join(bin, 'node'))) throw error;
    }
    return bin;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
