// Runs before `npm start` and `npm test` (prestart, pretest): installs the dependencies on a fresh
// clone, or when the lock file changed since the last install, then builds the web app when its
// sources changed. Plain Node, since nothing is installed yet.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs) {
  console.log('installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

execSync('node web/build.mjs', { stdio: 'inherit' });
